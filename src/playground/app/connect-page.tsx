import type { Connection } from './api';
import { CopyButton } from './copy-button';
import { storedToken } from './session';

/** What to type into n8n's Chatwoot API credential, and what to check when n8n and the dispatcher cannot meet. */
export function ConnectPage(props: { connection: Connection }) {
	const { connection } = props;
	const token = storedToken() ?? '';
	return (
		<section>
			<h1>Connect n8n</h1>
			<div class="card">
				<h2>n8n's Chatwoot API credential</h2>
				<table class="headers">
					<tbody>
						<tr>
							<th scope="row">Base URL</th>
							<td class="mono">{connection.base_url}</td>
							<td>
								<CopyButton value={connection.base_url} label="Copy Base URL" />
							</td>
						</tr>
						<tr>
							<th scope="row">Account ID</th>
							<td class="mono">{connection.account_id}</td>
							<td>
								<CopyButton value={String(connection.account_id)} label="Copy Account ID" />
							</td>
						</tr>
						<tr>
							<th scope="row">API Access Token</th>
							<td class="mono">•••••••• (the token this page signed in with)</td>
							<td>
								<CopyButton value={token} label="Copy token" />
							</td>
						</tr>
					</tbody>
				</table>
				<p>
					In n8n: <em>Credentials → Create → Chatwoot API</em>, paste the three values, save: the credential test lists this
					account's webhooks. Then add a <em>Chatwoot Trigger</em> to a workflow and activate it (or click <em>Listen for test
					event</em>): its webhook appears under Webhooks here.
				</p>
			</div>
			<div class="card">
				<h2>When n8n and the dispatcher cannot reach each other</h2>
				<ul>
					<li>
						<strong>n8n in Docker, dispatcher on the host:</strong> <code>127.0.0.1</code> inside the container is the container.
						Start the dispatcher with <code>--host 0.0.0.0</code> and use <code>http://host.docker.internal:{new URL(connection.base_url).port}</code>{' '}
						as Base URL (on Linux add <code>--add-host=host.docker.internal:host-gateway</code>).
					</li>
					<li>
						<strong>Deliveries fail with "connect ECONNREFUSED":</strong> the webhook URL n8n registered is its{' '}
						<code>WEBHOOK_URL</code>; the dispatcher must be able to reach that address. Set n8n's <code>WEBHOOK_URL</code> to an
						address the dispatcher can open.
					</li>
					<li>
						<strong>404 "the workflow is not active":</strong> a test URL works only while n8n listens for a test event; activate
						the workflow for the production URL.
					</li>
					<li>
						<strong>401 "signature check failed":</strong> the workflow holds another webhook's secret (for example after the
						webhook was deleted here). Deactivate and activate the workflow so the trigger registers again.
					</li>
					<li>
						<strong>The credential test fails with 401:</strong> use the administrator's token (this one); Chatwoot lets only
						administrators manage webhooks.
					</li>
				</ul>
			</div>
		</section>
	);
}
