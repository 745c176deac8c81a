import { useState } from 'preact/hooks';

import { BAD_VARIANTS, get, post, request, type Attempt, type Delivery, type VariantResult } from './api';
import { CopyButton } from './copy-button';
import { Problem } from './problem';
import { Link, navigate } from './router';
import { Time } from './time-ago';
import { useLiveReload, useResource } from './use-resource';

function Headers(props: { headers: Record<string, string> }) {
	return (
		<table class="headers">
			<tbody>
				{Object.entries(props.headers).map(([name, value]) => (
					<tr key={name}>
						<th scope="row">{name}</th>
						<td class="mono">{value}</td>
					</tr>
				))}
			</tbody>
		</table>
	);
}

function Reading(props: { reading: { outcome: string; summary: string } }) {
	return <p class={`reading ${props.reading.outcome}`}>{props.reading.summary}</p>;
}

function AttemptView(props: { attempt: Attempt; open: boolean }) {
	const { attempt } = props;
	return (
		<details open={props.open} class="attempt">
			<summary>
				Attempt {attempt.number} ({attempt.trigger === 'manual' ? 'redelivery' : 'scheduled'}) at <Time at={attempt.started_at} />:{' '}
				{attempt.status_code ?? 'no response'} in {attempt.duration_ms} ms
			</summary>
			<Reading reading={attempt.reading} />
			<h4>Request</h4>
			<p class="mono">POST {attempt.url}</p>
			{attempt.redirects.length > 0 && <p>Redirected to: {attempt.redirects.join(' → ')}</p>}
			{attempt.request && <Headers headers={attempt.request.headers} />}
			<h4>Signed string</h4>
			{attempt.request?.signed_string ? (
				<pre class="signed" aria-label="The string that was signed">{attempt.request.signed_string}</pre>
			) : (
				<p>Not signed: the webhook has no secret.</p>
			)}
			<h4>Response</h4>
			<p>
				Status {attempt.status_code ?? '—'} · {attempt.duration_ms} ms{attempt.error ? ` · ${attempt.error}` : ''}
			</p>
			<pre class="response" aria-label="Response body">
				{attempt.response_body ?? '(no body)'}
				{attempt.response_body_truncated ? '\n… (truncated)' : ''}
			</pre>
		</details>
	);
}

function Body(props: { body: string }) {
	const [raw, setRaw] = useState(false);
	let pretty = props.body;
	try {
		pretty = JSON.stringify(JSON.parse(props.body), null, 2);
	} catch {
		// Not JSON: show it as it is.
	}
	return (
		<div>
			<div class="row">
				<h3>Body</h3>
				<button type="button" class="secondary" aria-pressed={raw} onClick={() => setRaw(!raw)}>
					{raw ? 'Show formatted' : 'Show raw bytes'}
				</button>
				<CopyButton value={props.body} label="Copy body" />
			</div>
			<pre class="body">{raw ? props.body : pretty}</pre>
		</div>
	);
}

function BadVariant(props: { deliveryId: string }) {
	const [variant, setVariant] = useState<string>(BAD_VARIANTS[0].value);
	const [result, setResult] = useState<VariantResult | undefined>(undefined);
	const [problem, setProblem] = useState<string | undefined>(undefined);
	const send = async (event: Event) => {
		event.preventDefault();
		try {
			setResult((await post<{ payload: VariantResult }>(`/_dispatcher/deliveries/${props.deliveryId}/variants`, { variant })).payload);
			setProblem(undefined);
		} catch (error) {
			setProblem((error as Error).message);
		}
	};
	return (
		<form class="card" onSubmit={send}>
			<h3>Send a bad variant</h3>
			<p class="quiet">Sent once to the webhook and not kept in the log: the flow should refuse each of these.</p>
			<label>
				Variant
				<select value={variant} onChange={(event) => setVariant(event.currentTarget.value)}>
					{BAD_VARIANTS.map((item) => (
						<option key={item.value} value={item.value}>
							{item.label}
						</option>
					))}
				</select>
			</label>
			<button type="submit" class="secondary">
				Send bad variant
			</button>
			<Problem message={problem} />
			{result && (
				<div class="variant-result" role="status">
					<p>
						<strong>{result.description}</strong>: {result.status_code ?? 'no response'} in {result.duration_ms} ms
					</p>
					<Reading reading={result.reading} />
					<Headers headers={result.request.headers} />
					{result.response_body && <pre class="response">{result.response_body}</pre>}
				</div>
			)}
		</form>
	);
}

export function DeliveryPage(props: { deliveryId: string }) {
	const path = `/_dispatcher/deliveries/${props.deliveryId}`;
	const delivery = useResource(() => get<{ payload: Delivery }>(path), [path]);
	const [problem, setProblem] = useState<string | undefined>(undefined);
	const [busy, setBusy] = useState(false);
	useLiveReload(delivery.reload, (notice) => notice.type === 'delivery' && notice.data.id === props.deliveryId);

	const act = async (action: () => Promise<void>) => {
		setBusy(true);
		try {
			await action();
			setProblem(undefined);
		} catch (error) {
			setProblem((error as Error).message);
		} finally {
			setBusy(false);
		}
	};
	const data = delivery.data?.payload;
	return (
		<section>
			<p>
				<Link href="/app/deliveries">← Delivery log</Link>
			</p>
			<h1>
				Delivery <span class="mono">{props.deliveryId}</span>
			</h1>
			<Problem message={delivery.error} />
			{data && (
				<>
					<dl class="details horizontal">
						<dt>Event</dt>
						<dd>{data.event}</dd>
						<dt>Outcome</dt>
						<dd>
							<span class={`badge ${data.status}`}>{data.status}</span> {data.status_reason ?? ''}
						</dd>
						<dt>Webhook</dt>
						<dd>{data.webhook_id}</dd>
						<dt>Conversation</dt>
						<dd>
							{data.conversation_id ? (
								<Link href={`/app/accounts/${data.account_id}/conversations/${data.conversation_id}`}>#{data.conversation_id}</Link>
							) : (
								'—'
							)}
						</dd>
						<dt>Created</dt>
						<dd>
							<Time at={data.created_at} />
						</dd>
						<dt>Next attempt</dt>
						<dd>{data.next_attempt_at ? <Time at={data.next_attempt_at} /> : 'none scheduled'}</dd>
					</dl>
					<div class="row toolbar">
						<button
							type="button"
							disabled={busy}
							onClick={() => act(async () => void (await post(`${path}/redeliver`), delivery.reload()))}
						>
							Redeliver (same delivery id)
						</button>
						<button
							type="button"
							class="secondary"
							disabled={busy}
							onClick={() =>
								act(async () => {
									const sent = await post<{ payload: Delivery }>(`${path}/resend`);
									navigate(`/app/deliveries/${sent.payload.id}`);
								})
							}
						>
							Send again as a new delivery
						</button>
						<CopyButton value={() => request<string>('GET', `${path}/curl`)} label="Copy as signed curl" />
					</div>
					<Problem message={problem} />
					<h2>
						Attempts <span class="quiet">({data.attempts.length})</span>
					</h2>
					{data.attempts.length === 0 && <p>No attempt yet.</p>}
					<ol class="attempts">
						{data.attempts.map((attempt, index) => (
							<li key={attempt.number}>
								<AttemptView attempt={attempt} open={index === data.attempts.length - 1} />
							</li>
						))}
					</ol>
					{data.body !== undefined && <Body body={data.body} />}
					<BadVariant deliveryId={props.deliveryId} />
				</>
			)}
		</section>
	);
}
