import { randomUUID } from 'node:crypto';

import type { DeliveryLogRetention } from '../src/dispatcher/delivery/delivery-log-retention';
import type { Database } from '../src/dispatcher/store/database';
import type { NewDelivery } from '../src/dispatcher/store/delivery-store';
import type { SqliteDeliveryStore } from '../src/dispatcher/store/sqlite-delivery-store';
import { messageBody } from '../testkit/message-payload';

/**
 * A delivery log of a given size, in large transactions rather than through HTTP and real sends: the
 * storage benchmark needs a million delivered deliveries in a minute or two. The deliveries (and their
 * shared bodies) are written by the store's own `create`; each is then settled as delivered with one
 * attempt in two set-based statements, the same rows the worker's claim and completion write one by one
 * (those cost three times as much per delivery and would dominate the benchmark's time).
 */
export interface SeedOptions {
	readonly deliveries: number;
	/** Deliveries per event: each event's body is stored once for all of them. */
	readonly webhooks: number;
	/** Deliveries per transaction. */
	readonly batch: number;
	/** Swept after every batch, as the running dispatcher's sweep would between deliveries. */
	readonly retention?: DeliveryLogRetention;
	readonly now?: () => number;
}

export async function seedDeliveryLog(db: Database, store: SqliteDeliveryStore, options: SeedOptions): Promise<{ swept: number }> {
	const now = options.now ?? Date.now;
	const settle = db.prepare(
		`UPDATE deliveries SET status = 'delivered', attempt_count = 1, scheduled_attempt_count = 1, next_attempt_at = NULL, updated_at = @at
		WHERE seq > @after`,
	);
	const attempt = db.prepare(
		`INSERT INTO delivery_attempts (delivery_seq, number, trigger, started_at, url, status_code, duration_ms, response_body)
		SELECT seq, 1, 'scheduled', @at, 'http://127.0.0.1:9/hook/' || webhook_id, 200, 1, 'ok' FROM deliveries WHERE seq > @after`,
	);
	const lastSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM deliveries').pluck();
	let written = 0;
	let swept = 0;
	let seq = 0;
	while (written < options.deliveries) {
		const size = Math.min(options.batch, options.deliveries - written);
		store.transaction(() => {
			const at = now();
			const pending: NewDelivery[] = [];
			for (let done = 0; done < size; done += options.webhooks) {
				const body = messageBody(seq++).toString('utf8');
				const fanOut = Math.min(options.webhooks, size - done);
				for (let index = 0; index < fanOut; index++) pending.push({ id: randomUUID(), webhookId: index + 1, accountId: 1, event: 'message_created', body });
			}
			const after = lastSeq.get() as number;
			store.create(pending, at);
			settle.run({ at, after });
			attempt.run({ at, after });
		});
		written += size;
		if (options.retention) swept += await options.retention.sweep();
	}
	return { swept };
}
