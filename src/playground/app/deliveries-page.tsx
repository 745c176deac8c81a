import { get, type CatalogueEvent, type DeliveryPage, type WebhookHealth } from './api';
import { Problem } from './problem';
import { Link, navigate } from './router';
import { Time } from './time-ago';
import { useLiveReload, useResource } from './use-resource';

const FILTERS = ['event', 'webhook_id', 'status', 'status_code', 'conversation_id', 'id'] as const;
const STATUSES = ['pending', 'in_flight', 'delivered', 'failed', 'cancelled'];
/** The filters typed rather than chosen; applied when the field is left or Enter is pressed. */
const TYPED_FILTERS = [
	{ name: 'status_code', label: 'HTTP status', numeric: true },
	{ name: 'conversation_id', label: 'Conversation', numeric: true },
	{ name: 'id', label: 'Delivery id', numeric: false },
];

/**
 * The delivery log, newest first, filtered by the API (the filters live in the address, so a filtered
 * view can be linked). A live notice reloads the page of results in view; bursts reload once.
 */
export function DeliveriesPage(props: { query: URLSearchParams }) {
	const apiQuery = new URLSearchParams();
	for (const name of FILTERS) {
		const value = props.query.get(name);
		if (value) apiQuery.set(name, value);
	}
	apiQuery.set('limit', '100');
	const queryText = apiQuery.toString();
	const list = useResource(() => get<DeliveryPage>(`/_dispatcher/deliveries?${queryText}`), [queryText]);
	const catalogue = useResource(() => get<{ payload: CatalogueEvent[] }>('/_dispatcher/events'), []);
	const webhooks = useResource(() => get<{ payload: WebhookHealth[] }>('/_dispatcher/webhooks'), []);
	useLiveReload(list.reload, (notice) => notice.type === 'delivery');

	const setFilter = (name: string, value: string) => {
		const next = new URLSearchParams(location.search);
		if (value) next.set(name, value);
		else next.delete(name);
		const text = next.toString();
		navigate(`/app/deliveries${text ? `?${text}` : ''}`);
	};
	const value = (name: string) => props.query.get(name) ?? '';

	return (
		<section>
			<h1>Deliveries</h1>
			<form class="filters card" aria-label="Filter deliveries" onSubmit={(event) => event.preventDefault()}>
				<label>
					Event
					<select value={value('event')} onChange={(event) => setFilter('event', event.currentTarget.value)}>
						<option value="">Any</option>
						{catalogue.data?.payload.map((item) => (
							<option key={item.name} value={item.name}>
								{item.name}
							</option>
						))}
					</select>
				</label>
				<label>
					Webhook
					<select value={value('webhook_id')} onChange={(event) => setFilter('webhook_id', event.currentTarget.value)}>
						<option value="">Any</option>
						{webhooks.data?.payload.map(({ webhook }) => (
							<option key={webhook.id} value={webhook.id}>
								{webhook.id}: {webhook.name ?? webhook.url}
							</option>
						))}
					</select>
				</label>
				<label>
					Outcome
					<select value={value('status')} onChange={(event) => setFilter('status', event.currentTarget.value)}>
						<option value="">Any</option>
						{STATUSES.map((status) => (
							<option key={status} value={status}>
								{status}
							</option>
						))}
					</select>
				</label>
				{TYPED_FILTERS.map((filter) => (
					<label key={filter.name}>
						{filter.label}
						<input
							inputMode={filter.numeric ? 'numeric' : undefined}
							size={filter.numeric ? 5 : 12}
							value={value(filter.name)}
							onChange={(event) => setFilter(filter.name, event.currentTarget.value.trim())}
						/>
					</label>
				))}
			</form>
			<Problem message={list.error} />
			<p class="quiet" role="status">
				{list.data ? `${list.data.meta.count} deliveries${list.data.meta.count > list.data.payload.length ? `, newest ${list.data.payload.length} shown` : ''}` : 'Loading…'}
			</p>
			<table class="deliveries">
				<thead>
					<tr>
						<th scope="col">Created</th>
						<th scope="col">Event</th>
						<th scope="col">Webhook</th>
						<th scope="col">Conversation</th>
						<th scope="col">Outcome</th>
						<th scope="col">n8n's answer</th>
						<th scope="col">Attempts</th>
						<th scope="col">Delivery</th>
					</tr>
				</thead>
				<tbody>
					{list.data?.payload.map((delivery) => {
						const last = delivery.attempts.at(-1);
						return (
							<tr key={delivery.id}>
								<td>
									<Time at={delivery.created_at} />
								</td>
								<td>{delivery.event}</td>
								<td>{delivery.webhook_id}</td>
								<td>{delivery.conversation_id ?? '—'}</td>
								<td>
									<span class={`badge ${delivery.status}`}>{delivery.status}</span> {last?.status_code ?? ''}
								</td>
								<td>{last ? last.reading.summary : (delivery.status_reason ?? 'not sent yet')}</td>
								<td>{delivery.attempt_count}</td>
								<td>
									<Link href={`/app/deliveries/${delivery.id}`} class="mono">
										{delivery.id.slice(0, 8)}
									</Link>
								</td>
							</tr>
						);
					})}
				</tbody>
			</table>
		</section>
	);
}
