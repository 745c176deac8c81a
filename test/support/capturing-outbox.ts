import { CHATWOOT_EVENT_NAMES, type ChatwootEvent } from '../../src/protocol';
import type { Chatwoot } from '../../src/dispatcher/domain/chatwoot';
import type { Outbox } from '../../src/dispatcher/outbox/outbox';
import type { NewDelivery } from '../../src/dispatcher/store/delivery-store';

/** One event as the domain fanned it out: the body parsed back, so key order is the wire's. */
export interface CapturedEvent {
	readonly deliveryId: string;
	readonly accountId: number;
	readonly event: ChatwootEvent;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	readonly payload: Record<string, any>;
}

/**
 * An outbox that keeps the deliveries the domain handed it, in order. The domain only fans an event out
 * to subscribed webhooks, so `subscribeEverywhere` gives every given account one webhook for all events:
 * then each event is exactly one captured delivery.
 */
export class CapturingOutbox implements Outbox {
	readonly deliveries: NewDelivery[] = [];

	add(deliveries: readonly NewDelivery[]): void {
		this.deliveries.push(...deliveries);
	}

	get events(): CapturedEvent[] {
		return this.deliveries.map((delivery) => ({
			deliveryId: delivery.id,
			accountId: delivery.accountId,
			event: delivery.event,
			payload: JSON.parse(delivery.body) as Record<string, unknown>,
		}));
	}

	names(): string[] {
		return this.deliveries.map((delivery) => delivery.event);
	}

	clear(): void {
		this.deliveries.length = 0;
	}

	subscribeEverywhere(chatwoot: Chatwoot, accountIds: readonly number[] = [1, 2]): void {
		for (const accountId of accountIds) {
			chatwoot.webhooks.create(accountId, { url: `http://outbox.test/account-${accountId}`, subscriptions: CHATWOOT_EVENT_NAMES });
		}
	}
}
