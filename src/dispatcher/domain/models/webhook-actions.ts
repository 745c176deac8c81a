import type { UnsignedSenderEvent } from '../../../protocol';
import type { Database } from '../../store/database';
import type { EventEmission } from '../listeners/event-emission';
import type { Records } from '../schema/records';
import { conversationWebhookData } from '../webhook-data/conversation';
import type { Conversations } from './conversations';
import { Validation } from './record-errors';
import { matchesChatwootUrlFormat } from './webhook-url';

/** A "send webhook" action as it was sent: its row is the delivery's endpoint (`automation_webhook`). */
export interface WebhookActionRow {
	id: number;
	account_id: number;
	url: string;
	created_at: number;
}

/**
 * The "send webhook" action of automation rules (`AutomationRules::ActionService#send_webhook_event`) and
 * macros (`Macros::ExecutionService`): `WebhookJob.perform_later(url, conversation.webhook_data.merge(event:))`.
 * The payload is the conversation alone, and Chatwoot sends it unsigned, without a delivery id, once.
 * The dispatcher runs no rules or macros; the action is triggered through its own API, and each send
 * keeps its URL in a row so the delivery log and a redelivery can find it.
 */
export class WebhookActions {
	constructor(
		private readonly db: Database,
		private readonly records: Records,
		private readonly conversations: Conversations,
		private readonly emission: EventEmission,
		private readonly now: () => Date,
	) {}

	/** Sends the conversation to `url` as `event`; returns the delivery's id. */
	send(accountId: number, displayId: number, url: string, event: UnsignedSenderEvent): string {
		return this.emission.transaction(() => {
			const conversation = this.conversations.find(accountId, displayId);
			const validation = new Validation();
			if (!matchesChatwootUrlFormat(url)) validation.add('url', 'Url is invalid');
			validation.raiseIfFailed();
			const result = this.db
				.prepare('INSERT INTO webhook_actions (account_id, url, created_at) VALUES (?, ?, ?)')
				.run(accountId, url, this.now().getTime());
			const payload = { ...conversationWebhookData(this.records.conversationState(conversation.id)), event };
			return this.emission.sendTo(accountId, { webhookType: 'automation_webhook', webhookId: Number(result.lastInsertRowid) }, event, payload);
		});
	}

	find(actionId: number): WebhookActionRow | undefined {
		return this.db.prepare('SELECT * FROM webhook_actions WHERE id = ?').get(actionId) as WebhookActionRow | undefined;
	}
}
