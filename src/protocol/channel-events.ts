import type { ChatwootEvent } from './events';

/**
 * The events each of Chatwoot's other outgoing channels sends, beside account webhooks (`events.ts`):
 *
 * - an agent bot (`app/listeners/agent_bot_listener.rb`) gets every message and conversation change of its
 *   inboxes, plus two bot-only events, and never `conversation_created`, contact, typing or inbox events;
 * - an API inbox's callback URL (`WebhookListener#deliver_api_inbox_webhooks`) gets the conversation,
 *   message, widget and typing events of its inbox, with no subscription filter;
 * - automation rules and macros "send webhook" post the conversation with an event name of their own,
 *   unsigned (`app/services/automation_rules/action_service.rb`, `app/services/macros/execution_service.rb`).
 */
export const AGENT_BOT_ONLY_EVENT_NAMES = ['conversation_opened', 'conversation_resolved'] as const;

export type AgentBotOnlyEvent = (typeof AGENT_BOT_ONLY_EVENT_NAMES)[number];

export type AgentBotEvent =
	| Extract<ChatwootEvent, 'message_created' | 'message_updated' | 'conversation_updated' | 'conversation_status_changed' | 'webwidget_triggered'>
	| AgentBotOnlyEvent;

export const AGENT_BOT_EVENT_NAMES: readonly AgentBotEvent[] = [
	'message_created',
	'message_updated',
	'conversation_updated',
	'conversation_status_changed',
	'conversation_opened',
	'conversation_resolved',
	'webwidget_triggered',
];

export const API_INBOX_EVENT_NAMES: readonly ChatwootEvent[] = [
	'conversation_created',
	'conversation_updated',
	'conversation_status_changed',
	'message_created',
	'message_updated',
	'webwidget_triggered',
	'conversation_typing_on',
	'conversation_typing_off',
];

/** The conversation events an automation rule can run on; its webhook names them `automation_event.<event>`. */
export const AUTOMATION_RULE_EVENT_NAMES = [
	'conversation_created',
	'conversation_updated',
	'conversation_opened',
	'conversation_resolved',
	'message_created',
] as const;

export const AUTOMATION_EVENT_PREFIX = 'automation_event.' as const;

export const MACRO_EVENT_NAME = 'macro.executed' as const;

/** The `event` of an automation rule's or a macro's "send webhook". */
export type UnsignedSenderEvent = `${typeof AUTOMATION_EVENT_PREFIX}${(typeof AUTOMATION_RULE_EVENT_NAMES)[number]}` | typeof MACRO_EVENT_NAME;

export const UNSIGNED_SENDER_EVENT_NAMES: readonly UnsignedSenderEvent[] = [
	...AUTOMATION_RULE_EVENT_NAMES.map((event): UnsignedSenderEvent => `${AUTOMATION_EVENT_PREFIX}${event}`),
	MACRO_EVENT_NAME,
];

/** The `event` of a webhook an automation rule or a macro sent: never signed, and without a delivery id. */
export function isUnsignedSenderEvent(event: unknown): boolean {
	return typeof event === 'string' && (event === MACRO_EVENT_NAME || event.startsWith(AUTOMATION_EVENT_PREFIX));
}

export const AGENT_BOT_EVENT_DESCRIPTIONS: Readonly<Record<AgentBotOnlyEvent, { displayName: string; description: string }>> = {
	conversation_opened: {
		displayName: 'Conversation Opened',
		description: 'A conversation of the bot\'s inbox became open: handed off to a human, or reopened (agent bots only)',
	},
	conversation_resolved: {
		displayName: 'Conversation Resolved',
		description: 'A conversation of the bot\'s inbox was resolved (agent bots only)',
	},
};
