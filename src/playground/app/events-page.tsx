import { useEffect, useState } from 'preact/hooks';

import { get, post, type CatalogueEvent, type WebhookHealth } from './api';
import { CopyButton } from './copy-button';
import { Problem } from './problem';
import { Link } from './router';
import { useResource } from './use-resource';

function pretty(value: unknown): string {
	return JSON.stringify(value, null, 2);
}

/** Chatwoot's 12 events with realistic payloads: edit one and send it to one webhook or to all. */
export function EventsPage(props: { accountId: number }) {
	const catalogue = useResource(() => get<{ payload: CatalogueEvent[] }>('/_dispatcher/events'), []);
	const webhooks = useResource(() => get<{ payload: WebhookHealth[] }>('/_dispatcher/webhooks'), []);
	const [selected, setSelected] = useState('message_created');
	const [text, setText] = useState('');
	const [target, setTarget] = useState('');
	const [sent, setSent] = useState<string[] | undefined>(undefined);
	const [problem, setProblem] = useState<string | undefined>(undefined);
	const event = catalogue.data?.payload.find((item) => item.name === selected);

	useEffect(() => {
		if (event) setText(pretty(event.fixture));
		setSent(undefined);
	}, [event]);

	const send = async (submit: Event) => {
		submit.preventDefault();
		let data: unknown;
		try {
			data = JSON.parse(text);
		} catch (error) {
			setProblem(`The payload is not valid JSON: ${(error as Error).message}`);
			return;
		}
		try {
			const answer = await post<{ deliveries: string[] }>('/_dispatcher/events', {
				event: selected,
				account_id: props.accountId,
				data,
				...(target ? { webhook_id: Number(target) } : {}),
			});
			setSent(answer.deliveries);
			setProblem(undefined);
		} catch (error) {
			setProblem((error as Error).message);
		}
	};

	const subscribed = webhooks.data?.payload.filter(({ webhook }) => webhook.subscriptions.includes(selected)) ?? [];
	return (
		<section>
			<h1>Events</h1>
			<div class="columns narrow-left">
				<div class="card">
					<h2 id="catalogue-heading">Catalogue</h2>
					<ul class="plain event-list" aria-labelledby="catalogue-heading">
						{catalogue.data?.payload.map((item) => (
							<li key={item.name}>
								<button
									type="button"
									class={item.name === selected ? 'link selected' : 'link'}
									aria-pressed={item.name === selected}
									onClick={() => setSelected(item.name)}
								>
									{item.name}
								</button>
								<span class="quiet">{item.description}</span>
							</li>
						))}
					</ul>
					<Problem message={catalogue.error} />
				</div>
				<form class="card" onSubmit={send}>
					<h2>{event ? event.display_name : selected}</h2>
					<label for="payload">Payload (edit it freely; it is sent as you leave it)</label>
					<textarea id="payload" class="mono" rows={22} spellcheck={false} value={text} onInput={(input) => setText(input.currentTarget.value)} />
					<div class="row">
						<label>
							Send to
							<select value={target} onChange={(change) => setTarget(change.currentTarget.value)}>
								<option value="">Every webhook subscribed to {selected} ({subscribed.length})</option>
								{webhooks.data?.payload.map(({ webhook }) => (
									<option key={webhook.id} value={webhook.id}>
										Webhook {webhook.id}: {webhook.name ?? webhook.url}
									</option>
								))}
							</select>
						</label>
						<button type="submit">Send event</button>
						<button type="button" class="secondary" onClick={() => event && setText(pretty(event.fixture))}>
							Reset payload
						</button>
						{event && <CopyButton value={pretty(event.pinned_data)} label="Copy as n8n pinned data" />}
					</div>
					<Problem message={problem} />
					{sent && (
						<div role="status">
							{sent.length === 0 ? (
								<p>Sent to no webhook: none is subscribed to {selected}.</p>
							) : (
								<p>
									Sent as {sent.length} deliver{sent.length === 1 ? 'y' : 'ies'}:{' '}
									{sent.map((id) => (
										<Link key={id} href={`/app/deliveries/${id}`} class="mono">
											{id.slice(0, 8)}{' '}
										</Link>
									))}
								</p>
							)}
						</div>
					)}
				</form>
			</div>
		</section>
	);
}
