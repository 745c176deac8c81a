import { isUnsignedSenderEvent, type AgentBotOnlyEvent, type UnsignedSenderEvent } from './channel-events';
import type { ChatwootEvent } from './events';

/**
 * The events whose payload is the conversation itself (the agent-bot-only ones too); the message and
 * typing events carry it under `conversation`.
 */
export const CONVERSATION_EVENTS: ReadonlyArray<ChatwootEvent | AgentBotOnlyEvent> = [
	'conversation_created',
	'conversation_updated',
	'conversation_status_changed',
	'conversation_opened',
	'conversation_resolved',
];

/**
 * The conversation (display id) an event is about, read from its payload as Chatwoot builds it (automation
 * rules and macros send the conversation itself); null for contact, inbox and widget events, and for a
 * payload edited into something else.
 */
export function conversationIdOf(event: ChatwootEvent | AgentBotOnlyEvent | UnsignedSenderEvent, payload: unknown): number | null {
	if (typeof payload !== 'object' || payload === null) return null;
	const record = payload as Record<string, unknown>;
	const holder = CONVERSATION_EVENTS.includes(event as ChatwootEvent) || isUnsignedSenderEvent(event) ? record : record.conversation;
	if (typeof holder !== 'object' || holder === null) return null;
	const id = (holder as Record<string, unknown>).id;
	return typeof id === 'number' && Number.isInteger(id) ? id : null;
}
