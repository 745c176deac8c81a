/** The fields of a logged delivery the table shows, as `GET /_dispatcher/deliveries` returns them. */
export interface DeliveryRow {
	id: string;
	webhook_id: number;
	event: string;
	status: string;
	status_reason: string | null;
	attempt_count: number;
	next_attempt_at: string | null;
	created_at: string;
	attempts: Array<{ status_code: number | null; error: string | null; duration_ms: number; trigger: string }>;
}

const LAST_WIDTH = 48;

function shorten(text: string, width: number): string {
	return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** What the last attempt came to, or what the delivery waits for. */
function lastResult(delivery: DeliveryRow, now: number): string {
	const last = delivery.attempts[delivery.attempts.length - 1];
	const outcome = last ? (last.error ?? String(last.status_code)) + ` (${last.duration_ms}ms${last.trigger === 'manual' ? ', manual' : ''})` : '';
	if (delivery.status === 'pending' && delivery.next_attempt_at) {
		const seconds = Math.max(0, Math.round((Date.parse(delivery.next_attempt_at) - now) / 1000));
		return `${outcome ? `${outcome}; ` : ''}next in ${seconds}s`;
	}
	if ((delivery.status === 'failed' || delivery.status === 'cancelled') && delivery.status_reason) return delivery.status_reason;
	return outcome;
}

/** Deliveries as an aligned text table, newest first, for a terminal. */
export function deliveryTable(deliveries: readonly DeliveryRow[], now = Date.now()): string {
	const header = ['DELIVERY', 'WEBHOOK', 'EVENT', 'STATUS', 'ATTEMPTS', 'CREATED', 'LAST RESULT'];
	const rows = deliveries.map((delivery) => [
		delivery.id,
		String(delivery.webhook_id),
		delivery.event,
		delivery.status,
		String(delivery.attempt_count),
		delivery.created_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
		shorten(lastResult(delivery, now), LAST_WIDTH),
	]);
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
	return [header, ...rows]
		.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '))
		.join('\n');
}
