import { API_INBOX_EVENT_NAMES } from '../../../protocol';
import type { Endpoint } from '../../store/delivery-store';
import type { Inboxes } from '../models/inboxes';

/**
 * Where an event of an API inbox goes beside the account's webhooks (`WebhookListener#deliver_api_inbox_webhooks`):
 * the inbox's own callback, if it has one, for the conversation, message, widget and typing events,
 * whatever the account's webhooks subscribe to. Contact and inbox events never go there, nor the bot-only ones.
 */
export class ApiInboxListener {
	private readonly callbackEvents: ReadonlySet<string> = new Set(API_INBOX_EVENT_NAMES);

	constructor(private readonly inboxes: Inboxes) {}

	channelsFor(inboxId: number, event: string): Endpoint[] {
		if (!this.callbackEvents.has(event) || this.inboxes.callbackUrl(inboxId) === undefined) return [];
		return [{ webhookType: 'api_inbox_webhook', webhookId: inboxId }];
	}
}
