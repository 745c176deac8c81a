import type { ChatwootEvent } from '../../protocol';

/** One event as the domain emitted it: the payload is complete, with `event` as its last key. */
export interface EmittedEvent {
	readonly accountId: number;
	readonly event: ChatwootEvent;
	readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * Where the domain hands its events. `emit` is synchronous and is called inside the domain's store
 * transaction: the deliveries it creates commit or roll back together with the change that caused them.
 * It returns the delivery ids it created (one per subscribed, enabled webhook of the account).
 */
export interface EventSink {
	emit(event: EmittedEvent): string[];
}
