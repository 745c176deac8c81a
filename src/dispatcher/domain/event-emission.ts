import type { ChatwootEvent } from '../../protocol';
import type { EventSink } from '../delivery/event-sink';
import type { Database } from '../store/database';

/**
 * The one way the domain changes state: rows are written, payloads are built from the rows as they now
 * are (Chatwoot builds them at job time, from current state), and the sink records the deliveries, all in
 * one SQLite transaction. What the API acknowledged is on disk with its deliveries; a failure leaves
 * neither.
 */
export class EventEmission {
	constructor(
		private readonly db: Database,
		private readonly sink: EventSink,
	) {}

	/** Runs `change` in a transaction; `emit` inside it hands events to the sink within the same transaction. */
	transaction<Result>(change: () => Result): Result {
		return this.db.transaction(change)();
	}

	emit(accountId: number, event: ChatwootEvent, payload: Record<string, unknown>): string[] {
		if (!this.db.inTransaction) throw new Error(`${event} was emitted outside a transaction`);
		return this.sink.emit({ accountId, event, payload });
	}
}
