import { useState } from 'preact/hooks';

import { get, type Connection, type WebhookHealth } from './api';
import { CopyButton } from './copy-button';
import { Problem } from './problem';
import { Link } from './router';
import { useLiveReload, useResource } from './use-resource';

function Secret(props: { secret: string | null | undefined }) {
	const [shown, setShown] = useState(false);
	if (!props.secret) return <span>none (deliveries are unsigned)</span>;
	return (
		<span>
			<code>{shown ? props.secret : '••••••••••••'}</code>{' '}
			<button type="button" class="secondary small" aria-pressed={shown} onClick={() => setShown(!shown)}>
				{shown ? 'Hide' : 'Reveal'}
			</button>{' '}
			<CopyButton value={props.secret} label="Copy" />
		</span>
	);
}

function percent(rate: number | null): string {
	return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** The registered webhooks: who registered them, where they point, and how their deliveries fare. */
export function WebhooksPage(props: { accountId: number }) {
	const list = useResource(() => get<{ payload: WebhookHealth[] }>('/_dispatcher/webhooks'), []);
	const connection = useResource(() => get<{ payload: Connection }>('/_dispatcher/connection'), []);
	useLiveReload(list.reload, (notice) => notice.type === 'delivery' && notice.data.status !== 'pending');
	return (
		<section>
			<h1>Webhooks</h1>
			<p class="quiet">
				Account {props.accountId}. n8n's Chatwoot Trigger registers one webhook per workflow when the workflow is activated (or
				while it listens for a test event). Retry policy: {connection.data?.payload.retry_policy.name} (
				{connection.data?.payload.retry_policy.description}).
			</p>
			<Problem message={list.error} />
			{list.data?.payload.length === 0 && (
				<p>
					No webhooks yet. Activate a workflow with a Chatwoot Trigger in n8n (see <Link href="/app/connect">Connect n8n</Link>).
				</p>
			)}
			{list.data?.payload.map((item) => (
				<article class="card webhook" key={item.webhook.id} aria-labelledby={`webhook-${item.webhook.id}`}>
					<h2 id={`webhook-${item.webhook.id}`}>
						Webhook {item.webhook.id}: {item.webhook.name ?? '(no name)'}
					</h2>
					<dl class="details horizontal">
						<dt>URL</dt>
						<dd class="mono">
							{item.webhook.url} <span class="tag">{item.url_kind}</span>
						</dd>
						<dt>Subscriptions</dt>
						<dd>{item.webhook.subscriptions.map((event) => <span class="tag" key={event}>{event}</span>)}</dd>
						<dt>Secret</dt>
						<dd>
							<Secret secret={item.webhook.secret} />
						</dd>
						<dt>Delivery behaviour</dt>
						<dd>
							{item.behaviour}
							{item.disabled_reason && <strong class="problem"> {item.disabled_reason}</strong>}
						</dd>
						<dt>Recent deliveries</dt>
						<dd>
							{item.stats.deliveries} ({percent(item.stats.success_rate)} delivered, {item.stats.failed} failed) · latency median{' '}
							{item.stats.median_ms ?? '—'} ms, p95 {item.stats.p95_ms ?? '—'} ms{' '}
							<Link href={`/app/deliveries?webhook_id=${item.webhook.id}`}>see them</Link>
						</dd>
						{item.stats.last_error && (
							<>
								<dt>Last error</dt>
								<dd>{item.stats.last_error}</dd>
							</>
						)}
					</dl>
				</article>
			))}
		</section>
	);
}
