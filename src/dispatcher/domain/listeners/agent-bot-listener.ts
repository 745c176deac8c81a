import { AGENT_BOT_EVENT_NAMES, type AgentBotOnlyEvent } from '../../../protocol';
import type { Endpoint } from '../../store/delivery-store';
import type { AgentBots } from '../models/agent-bots';
import type { ConversationState } from '../schema/records';
import { conversationWebhookData } from '../webhook-data/conversation';

/**
 * Where an event of an inbox goes beside the account's webhooks (`AgentBotListener`): the inbox's active
 * agent bot gets message and conversation events and the bot-only ones, whatever the conversation's
 * status, the bot's own messages included, each as its own delivery. (An API inbox's callback URL, the
 * other channel Chatwoot delivers to, is not emulated yet.)
 */
export class AgentBotListener {
	private readonly botEvents: ReadonlySet<string> = new Set(AGENT_BOT_EVENT_NAMES);

	constructor(private readonly agentBots: AgentBots) {}

	channelsFor(inboxId: number, event: string): Endpoint[] {
		const bot = this.botEvents.has(event) ? this.agentBots.activeBotOf(inboxId) : undefined;
		return bot?.outgoing_url ? [{ webhookType: 'agent_bot_webhook', webhookId: bot.id }] : [];
	}
}

/** `conversation_opened` and `conversation_resolved`: the conversation and the event, no `changed_attributes`. */
export function conversationBotEventPayload(event: AgentBotOnlyEvent, state: ConversationState): Record<string, unknown> {
	return { ...conversationWebhookData(state), event };
}
