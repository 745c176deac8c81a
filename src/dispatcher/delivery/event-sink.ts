import type { ChatwootEvent } from '../../protocol';

/**
 * One event as the domain emitted it, complete and in Chatwoot's key order: `event` last, except where
 * Chatwoot's listener merges more after it (`changed_attributes`, `event_info`) or puts it first (typing).
 */
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
