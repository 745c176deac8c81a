import { randomUUID } from 'node:crypto';

import { serializePayload } from '../../protocol';
import type { WebhookDirectory } from '../domain/webhook-directory';
import type { DeliveryStore } from '../store/delivery-store';
import type { EmittedEvent, EventSink } from './event-sink';

export interface SqliteEventSinkOptions {
	readonly store: DeliveryStore;
	/**
	 * Read on every emit, not at construction: the domain that owns the directory is built with this sink,
	 * so the directory only exists once the sink does.
	 */
	readonly directory: () => WebhookDirectory;
	/** Told that deliveries were created; runs after the caller's synchronous transaction has committed. */
	readonly onDeliveriesCreated?: () => void;
	readonly now?: () => number;
}

/**
 * Turns an event into one delivery per subscribed webhook, written through the SQLite store inside the
 * domain's transaction: the change and its deliveries reach the disk together, before the API answers.
 */
export class SqliteEventSink implements EventSink {
	private wakeScheduled = false;

	constructor(private readonly options: SqliteEventSinkOptions) {}

	emit(event: EmittedEvent): string[] {
		const targets = this.options.directory().subscribedTo(event.accountId, event.event);
		if (targets.length === 0) return [];
		// Serialised once: every attempt and every redelivery signs and sends these exact bytes.
		const body = serializePayload(event.payload);
		const now = (this.options.now ?? Date.now)();
		const deliveries = targets.map((target) => ({
			id: randomUUID(),
			webhookId: target.id,
			accountId: event.accountId,
			event: event.event,
			body,
		}));
		this.options.store.create(deliveries, now);
		this.scheduleWake();
		return deliveries.map((delivery) => delivery.id);
	}

	/*
	 * better-sqlite3 transactions are synchronous, so by the time a macrotask runs the caller's transaction
	 * has committed (or rolled back, in which case the worker finds nothing). One wake per burst of emits.
	 */
	private scheduleWake(): void {
		const onDeliveriesCreated = this.options.onDeliveriesCreated;
		if (!onDeliveriesCreated || this.wakeScheduled) return;
		this.wakeScheduled = true;
		setImmediate(() => {
			this.wakeScheduled = false;
			onDeliveriesCreated();
		});
	}
}
