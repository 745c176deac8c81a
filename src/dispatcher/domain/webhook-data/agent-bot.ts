import type { AgentBotRow } from '../schema/records';

/** `AgentBot#webhook_data`: a bot as a message's sender in webhook payloads. */
export function agentBotWebhookData(bot: AgentBotRow): Record<string, unknown> {
	return { id: bot.id, name: bot.name, type: 'agent_bot' };
}

/** `AgentBot#push_event_data`: a bot inside `conversation.messages[]` and the REST API's messages. */
export function agentBotPushEventData(bot: AgentBotRow): Record<string, unknown> {
	return { id: bot.id, name: bot.name, avatar_url: '', type: 'agent_bot' };
}
