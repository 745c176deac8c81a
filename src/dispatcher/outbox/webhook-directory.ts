import type { Endpoint } from '../store/delivery-store';

/** What the delivery side needs to know about a webhook. */
export interface DeliveryTarget {
	readonly id: number;
	readonly accountId: number;
	readonly url: string;
	/** null for a webhook from before Chatwoot 4.11, which is delivered unsigned. */
	readonly secret: string | null;
	/** An automation rule's or macro's webhook: Chatwoot sends it without `X-Chatwoot-Delivery`. */
	readonly withoutDeliveryId?: boolean;
}

/**
 * The webhooks table as the delivery side sees it at send time: the current URL and secret, and whether
 * the webhook is gone or disabled. Implemented by the domain, which owns webhooks; used by delivery, which
 * decides when a failing webhook must be disabled. Which webhooks get a delivery is the domain's call
 * (see EventEmission), not the delivery side's.
 */
export interface WebhookDirectory {
	/** The webhook as it is now, enabled or not; undefined once it was deleted. */
	find(webhookId: number): (DeliveryTarget & { readonly disabledReason: string | null }) | undefined;
	/** Stops deliveries to a webhook and records why; an update of the webhook through the API re-enables it. */
	disable(webhookId: number, reason: string): void;
}

/**
 * The endpoints that are not account webhooks, as the delivery side sees them at send time: an agent
 * bot's outgoing URL and secret, an API inbox's callback URL and channel secret, the URL of an automation
 * rule's or macro's "send webhook". Implemented by the domain.
 */
export interface ChannelDirectory {
	/** The bot or inbox as it is now; undefined once it was deleted or its URL was removed. */
	find(endpoint: Endpoint): DeliveryTarget | undefined;
	/**
	 * A delivery failed for good (`Webhooks::Trigger#handle_error`): for an agent bot's message event, Chatwoot
	 * hands a pending conversation to humans. Runs in the transaction that settles the delivery.
	 */
	deliveryFailed(delivery: { readonly endpoint: Endpoint; readonly event: string; readonly body: string }): void;
}
