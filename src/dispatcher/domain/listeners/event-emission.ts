import { randomUUID } from 'node:crypto';

import { isChatwootEvent, readEventScope, serializePayload, type AgentBotOnlyEvent, type ChatwootEvent } from '../../../protocol';
import type { Outbox } from '../../outbox/outbox';
import type { DeliveredEvent, Endpoint } from '../../store/delivery-store';
import type { Database } from '../../store/database';

/** The webhooks an event goes to; the domain's Webhooks answers it. */
export interface Subscriptions {
	/** Enabled webhooks of the account subscribed to the event. Chatwoot does not filter by inbox_id. */
	subscribedTo(accountId: number, event: ChatwootEvent): ReadonlyArray<{ readonly id: number }>;
}

/** The agent bot or API inbox callback of an inbox that an event goes to; each channel's listener answers it. */
export interface ChannelSubscriptions {
	channelsFor(inboxId: number, event: string): Endpoint[];
}

/**
 * The one way the domain changes state: rows are written, payloads are built from the rows as they now
 * are (Chatwoot builds them at job time, from current state), and the event is fanned out to the
 * subscribed webhooks, as Chatwoot's `WebhookListener` does, into the outbox, all in one SQLite
 * transaction. What the API acknowledged is on disk with its deliveries; a failure leaves neither.
 */
export class EventEmission {
	constructor(
		private readonly db: Database,
		private readonly subscriptions: Subscriptions,
		private readonly outbox: Outbox,
		/** The AgentBotListener and the ApiInboxListener, in that order. */
		private readonly channels: readonly ChannelSubscriptions[] = [],
	) {}

	/** Runs `change` in a transaction; `emit` inside it hands deliveries to the outbox within the same transaction. */
	transaction<Result>(change: () => Result): Result {
		return this.db.transaction(change)();
	}

	/**
	 * Returns the ids of the deliveries created: one per subscribed, enabled webhook of the account, then
	 * one for the inbox's agent bot and one for its API callback when they take the event. With
	 * `webhookId`, one to that account webhook only, whatever its subscriptions (an event sent by hand).
	 */
	emit(accountId: number, event: ChatwootEvent | AgentBotOnlyEvent, payload: Record<string, unknown>, webhookId?: number): string[] {
		if (!this.db.inTransaction) throw new Error(`${event} was emitted outside a transaction`);
		const endpoints: Endpoint[] =
			webhookId !== undefined
				? [{ webhookType: 'account_webhook', webhookId }]
				: isChatwootEvent(event)
					? this.subscriptions.subscribedTo(accountId, event).map((webhook) => ({ webhookType: 'account_webhook', webhookId: webhook.id }))
					: [];
		const inboxId = this.channels.length && webhookId === undefined ? readEventScope({ ...payload, event }).inboxId : undefined;
		if (inboxId !== undefined) for (const channel of this.channels) endpoints.push(...channel.channelsFor(inboxId, event));
		return this.deliver(accountId, endpoints, event, payload);
	}

	/** One delivery to one endpoint the caller chose (an automation rule's or macro's "send webhook"). */
	sendTo(accountId: number, endpoint: Endpoint, event: DeliveredEvent, payload: Record<string, unknown>): string {
		if (!this.db.inTransaction) throw new Error(`${event} was sent outside a transaction`);
		return this.deliver(accountId, [endpoint], event, payload)[0];
	}

	private deliver(accountId: number, endpoints: readonly Endpoint[], event: DeliveredEvent, payload: Record<string, unknown>): string[] {
		if (endpoints.length === 0) return [];
		// Serialised once: every attempt and every redelivery signs and sends these exact bytes.
		const body = serializePayload(payload);
		const deliveries = endpoints.map((endpoint) => ({ id: randomUUID(), ...endpoint, accountId, event, body }));
		this.outbox.add(deliveries);
		return deliveries.map((delivery) => delivery.id);
	}
}
