import { AGENT_BOT_EVENT_NAMES, API_INBOX_EVENT_NAMES, type AgentBotOnlyEvent } from '../../../protocol';
import type { Endpoint } from '../../store/delivery-store';
import type { AgentBots } from '../models/agent-bots';
import type { ConversationState } from '../schema/records';
import { conversationWebhookData } from '../webhook-data/conversation';
import type { Database } from '../../store/database';

/**
 * Where an event of an inbox goes beside the account's webhooks: the inbox's active agent bot
 * (`AgentBotListener`: message and conversation events and the bot-only ones, whatever the conversation's
 * status, the bot's own messages included) and an API inbox's callback URL
 * (`WebhookListener#deliver_api_inbox_webhooks`: no subscription filter). Each gets its own delivery.
 */
export class AgentBotListener {
	private readonly botEvents: ReadonlySet<string> = new Set(AGENT_BOT_EVENT_NAMES);
	private readonly apiInboxEvents: ReadonlySet<string> = new Set(API_INBOX_EVENT_NAMES);

	constructor(
		private readonly db: Database,
		private readonly agentBots: AgentBots,
	) {}

	channelsFor(inboxId: number, event: string): Endpoint[] {
		const endpoints: Endpoint[] = [];
		const bot = this.botEvents.has(event) ? this.agentBots.activeBotOf(inboxId) : undefined;
		if (bot?.outgoing_url) endpoints.push({ webhookType: 'agent_bot_webhook', webhookId: bot.id });
		if (this.apiInboxEvents.has(event) && this.hasCallback(inboxId)) endpoints.push({ webhookType: 'api_inbox_webhook', webhookId: inboxId });
		return endpoints;
	}

	private hasCallback(inboxId: number): boolean {
		const row = this.db.prepare('SELECT channel_type, webhook_url FROM inboxes WHERE id = ?').get(inboxId) as
			| { channel_type: string; webhook_url: string | null }
			| undefined;
		return row?.channel_type === 'Channel::Api' && Boolean(row.webhook_url);
	}
}

/** `conversation_opened` and `conversation_resolved`: the conversation and the event, no `changed_attributes`. */
export function conversationBotEventPayload(event: AgentBotOnlyEvent, state: ConversationState): Record<string, unknown> {
	return { ...conversationWebhookData(state), event };
}
