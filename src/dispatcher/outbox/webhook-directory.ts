/** What the delivery side needs to know about a webhook. */
export interface DeliveryTarget {
	readonly id: number;
	readonly accountId: number;
	readonly url: string;
	/** null for a webhook from before Chatwoot 4.11, which is delivered unsigned. */
	readonly secret: string | null;
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
