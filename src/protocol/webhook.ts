import type { ChatwootEvent } from './events';

/**
 * A webhook as Chatwoot's `_webhook.json.jbuilder` renders it. `secret` exists from Chatwoot 4.11 on;
 * `inbox` only when the webhook was created with an `inbox_id`.
 */
export interface ChatwootWebhook {
	id: number;
	name: string | null;
	url: string;
	account_id: number;
	subscriptions: ChatwootEvent[];
	secret?: string | null;
	inbox?: { id: number; name: string };
}

/** The body Chatwoot's controller permits: `params.require(:webhook).permit(:inbox_id, :name, :url, subscriptions: [])`. */
export interface ChatwootWebhookInput {
	url?: string;
	name?: string | null;
	subscriptions?: ChatwootEvent[];
	inbox_id?: number | null;
}
