import type { DeliveryStore, NewDelivery } from '../store/delivery-store';
import type { Outbox } from './outbox';

/**
 * The outbox over the delivery store: deliveries are written in the domain's transaction, so the change
 * and its deliveries reach the disk together, before the API answers.
 */
export class StoreOutbox implements Outbox {
	private readonly listeners: Array<() => void> = [];
	private wakeScheduled = false;

	constructor(
		private readonly store: DeliveryStore,
		private readonly now: () => number = Date.now,
	) {}

	add(deliveries: readonly NewDelivery[]): void {
		if (deliveries.length === 0) return;
		this.store.create(deliveries, this.now());
		this.scheduleWake();
	}

	/** `listener` runs after the transaction that added deliveries has committed (the worker wakes on it). */
	onAdded(listener: () => void): void {
		this.listeners.push(listener);
	}

	/*
	 * better-sqlite3 transactions are synchronous, so by the time a macrotask runs the caller's transaction
	 * has committed (or rolled back, in which case the worker finds nothing). One wake per burst of adds.
	 */
	private scheduleWake(): void {
		if (this.listeners.length === 0 || this.wakeScheduled) return;
		this.wakeScheduled = true;
		setImmediate(() => {
			this.wakeScheduled = false;
			for (const listener of this.listeners) listener();
		});
	}
}
