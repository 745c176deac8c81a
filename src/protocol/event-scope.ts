import { isUnsignedSenderEvent } from './channel-events';

/**
 * Where each Chatwoot event payload carries its inbox, message type and private flag
 * (`app/listeners/webhook_listener.rb` and the `webhook_data` builders):
 *
 * - conversation events: the conversation at top level, `inbox_id`
 * - message events: `inbox.id` (and `conversation.inbox_id`), `message_type` as a string, `private`
 * - `webwidget_triggered`: the contact inbox at top level, `inbox.id`
 * - typing events: `conversation.inbox_id`, `is_private` (typing in a private note)
 * - agent-bot-only events and automation rule / macro webhooks: the conversation at top level, `inbox_id`
 * - contact and inbox events: tied to no inbox (an inbox payload does not even carry its own id)
 *
 * Webhooks are account-wide in Chatwoot, so a consumer that wants one inbox filters with this.
 */
/** In the order of Chatwoot's `message_type` enum. */
export const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;

export type MessageType = (typeof MESSAGE_TYPES)[number];

export interface EventScope {
	/** The inbox the event happened in; undefined for events that belong to no inbox. */
	readonly inboxId?: number;
	/** For message events only. */
	readonly messageType?: MessageType;
	/** A private note (message events) or typing in a private note (typing events). */
	readonly isPrivate?: boolean;
	/** Who wrote the message (message events) or is typing (typing events); undefined for the system. */
	readonly sender?: EventSender;
}

/**
 * The kinds of `sender` in a message's `webhook_data`: `Contact#webhook_data` has no `type` key (removed in
 * #6415), `User` is `"user"`, `AgentBot` is `"agent_bot"`, Captain (enterprise) is `"captain_assistant"`.
 */
export const SENDER_TYPES = ['contact', 'user', 'agent_bot', 'captain_assistant'] as const;

export type SenderType = (typeof SENDER_TYPES)[number];

export interface EventSender {
	readonly type: SenderType;
	readonly id?: number;
}

type Payload = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Payload {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asId(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
	return undefined;
}

function idOf(value: unknown): number | undefined {
	return isObject(value) ? asId(value.id) : undefined;
}

function inboxIdOf(value: unknown): number | undefined {
	return isObject(value) ? asId(value.inbox_id) : undefined;
}

/** `Message#webhook_data` sends a string; `push_event_data` (inside conversations) the enum integer. */
function asMessageType(value: unknown): MessageType | undefined {
	if (typeof value === 'string') return (MESSAGE_TYPES as readonly string[]).includes(value) ? (value as MessageType) : undefined;
	// MESSAGE_TYPES is in the enum's order: incoming 0, outgoing 1, activity 2, template 3.
	if (typeof value === 'number') return MESSAGE_TYPES[value];
	return undefined;
}

function asFlag(value: unknown): boolean | undefined {
	return typeof value === 'boolean' ? value : undefined;
}

/** A sender object without `type` is a contact; a `type` outside Chatwoot's list is not guessed at. */
function senderOf(value: unknown): EventSender | undefined {
	if (!isObject(value)) return undefined;
	const type = value.type === undefined || value.type === null ? 'contact' : value.type;
	if (!(SENDER_TYPES as readonly unknown[]).includes(type)) return undefined;
	const id = asId(value.id);
	return id === undefined ? { type: type as SenderType } : { type: type as SenderType, id };
}

function scope(inboxId: number | undefined, extra: Omit<EventScope, 'inboxId'> = {}): EventScope {
	const result: { -readonly [K in keyof EventScope]: EventScope[K] } = {};
	if (inboxId !== undefined) result.inboxId = inboxId;
	if (extra.messageType !== undefined) result.messageType = extra.messageType;
	if (extra.isPrivate !== undefined) result.isPrivate = extra.isPrivate;
	if (extra.sender !== undefined) result.sender = extra.sender;
	return result;
}


/** Reads the inbox, message type, private flag and sender of one delivery's payload, by its `event`. */
export function readEventScope(payload: unknown): EventScope {
	if (!isObject(payload)) return {};
	if (isUnsignedSenderEvent(payload.event)) return scope(asId(payload.inbox_id));
	switch (payload.event) {
		case 'conversation_created':
		case 'conversation_updated':
		case 'conversation_status_changed':
		case 'conversation_opened':
		case 'conversation_resolved':
			return scope(asId(payload.inbox_id));
		case 'message_created':
		case 'message_updated':
			return scope(idOf(payload.inbox) ?? inboxIdOf(payload.conversation), {
				messageType: asMessageType(payload.message_type),
				isPrivate: asFlag(payload.private),
				sender: senderOf(payload.sender),
			});
		case 'webwidget_triggered':
			return scope(idOf(payload.inbox) ?? inboxIdOf(payload.current_conversation));
		case 'conversation_typing_on':
		case 'conversation_typing_off':
			return scope(inboxIdOf(payload.conversation), { isPrivate: asFlag(payload.is_private), sender: senderOf(payload.user) });
		default:
			return {};
	}
}
