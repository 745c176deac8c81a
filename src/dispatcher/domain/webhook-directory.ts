import type { ChatwootEvent } from '../../protocol';

/** What the delivery side needs to know about a webhook. */
export interface DeliveryTarget {
	readonly id: number;
	readonly accountId: number;
	readonly url: string;
	/** null for a webhook from before Chatwoot 4.11, which is delivered unsigned. */
	readonly secret: string | null;
}

/**
 * The webhooks table as the delivery side sees it. Implemented by the domain, which owns webhooks;
 * used by delivery, which decides when a failing webhook must be disabled.
 */
export interface WebhookDirectory {
	/** Enabled webhooks of the account subscribed to the event. Chatwoot does not filter by inbox_id. */
	subscribedTo(accountId: number, event: ChatwootEvent): DeliveryTarget[];
	/** The webhook as it is now, enabled or not; undefined once it was deleted. */
	find(webhookId: number): (DeliveryTarget & { readonly disabledReason: string | null }) | undefined;
	/** Stops deliveries to a webhook and records why; an update of the webhook through the API re-enables it. */
	disable(webhookId: number, reason: string): void;
}
