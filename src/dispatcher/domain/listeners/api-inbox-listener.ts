import type { Endpoint } from '../../store/delivery-store';
import type { Inboxes } from '../models/inboxes';

/**
 * `WebhookListener#deliver_api_inbox_webhooks`: the events of an API inbox that also go to its callback URL,
 * whatever the account's webhooks subscribe to. Contact and inbox events never do, nor the bot-only ones.
 */
export const API_INBOX_EVENTS: ReadonlySet<string> = new Set([
	'conversation_created',
	'conversation_updated',
	'conversation_status_changed',
	'message_created',
	'message_updated',
	'webwidget_triggered',
	'conversation_typing_on',
	'conversation_typing_off',
]);

/** Where an event of an API inbox goes beside the account's webhooks: the inbox's own callback, if it has one. */
export class ApiInboxListener {
	constructor(private readonly inboxes: Inboxes) {}

	channelsFor(inboxId: number, event: string): Endpoint[] {
		if (!API_INBOX_EVENTS.has(event) || this.inboxes.callbackUrl(inboxId) === undefined) return [];
		return [{ webhookType: 'api_inbox_webhook', webhookId: inboxId }];
	}
}
