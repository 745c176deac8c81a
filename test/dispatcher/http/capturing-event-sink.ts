import type { EmittedEvent, EventSink } from '../../../src/dispatcher/delivery/event-sink';

/** An EventSink that keeps what the domain emitted, in order, and answers with made-up delivery ids. */
export class CapturingEventSink implements EventSink {
	readonly events: EmittedEvent[] = [];
	private next = 1;

	emit(event: EmittedEvent): string[] {
		this.events.push(event);
		return [`delivery-${this.next++}`];
	}

	names(): string[] {
		return this.events.map((event) => event.event);
	}

	clear(): void {
		this.events.length = 0;
	}
}
