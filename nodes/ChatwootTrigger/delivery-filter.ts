import { readChangedAttributeNames } from '../../src/protocol/changed-attributes';
import { readEventScope, type MessageType, type SenderType } from '../../src/protocol/event-scope';

/**
 * Which verified deliveries start the workflow. Chatwoot sends every subscribed event of every inbox of
 * the account to a webhook (`inbox_id` on a webhook does not filter), and every event of its inboxes to an
 * agent bot, so the inbox, sender, message type, private-note and changed-attribute choices are applied
 * here. Each refusal names its reason: the trigger answers it as `Ignored: <reason>`.
 */
export type PrivateNotes = 'include' | 'exclude' | 'only';

/** The conversation attributes a user can wait for on `conversation_updated`, in the editor's words. */
export const CONVERSATION_ATTRIBUTES = {
	status: ['status'],
	assignee: ['assignee_id', 'assignee_agent_bot_id'],
	team: ['team_id'],
	labels: ['label_list', 'cached_label_list'],
	custom_attributes: ['custom_attributes'],
	priority: ['priority'],
} as const satisfies Record<string, readonly string[]>;

export type ConversationAttribute = keyof typeof CONVERSATION_ATTRIBUTES;

export interface DeliveryFilter {
	readonly events: ReadonlySet<string>;
	/** Empty: every inbox. Events that belong to no inbox (contacts, inboxes) always pass. */
	readonly inboxIds: ReadonlySet<number>;
	/** Applied to message events only. */
	readonly messageTypes: ReadonlySet<MessageType>;
	/** Private notes, and typing in a private note. */
	readonly privateNotes: PrivateNotes;
	/** Message and typing events only; empty: every sender, the system included. */
	readonly senderTypes: ReadonlySet<SenderType>;
	/** Messages written by these Chatwoot users (agents, or the workflow's own API user) are dropped. */
	readonly ignoredUserIds: ReadonlySet<number>;
	/** `conversation_updated` only; empty: any change. */
	readonly changedAttributes: ReadonlySet<ConversationAttribute>;
}

export type FilterVerdict = { readonly pass: true } | { readonly pass: false; readonly reason: string };

const PASS: FilterVerdict = { pass: true };

const SENDER_NAMES: Readonly<Record<SenderType, string>> = {
	contact: 'a contact',
	user: 'an agent',
	agent_bot: 'an agent bot',
	captain_assistant: 'a Captain assistant',
};

function drop(reason: string): FilterVerdict {
	return { pass: false, reason };
}

function list(values: Iterable<string | number>): string {
	return [...values].join(', ');
}

function changedAttributesVerdict(payload: Readonly<Record<string, unknown>>, wanted: ReadonlySet<ConversationAttribute>): FilterVerdict {
	const changed = new Set(readChangedAttributeNames(payload) ?? []);
	const matched = [...wanted].some((attribute) => CONVERSATION_ATTRIBUTES[attribute].some((name) => changed.has(name)));
	if (matched) return PASS;
	const seen = [...changed].filter((name) => name !== 'updated_at');
	return drop(
		`conversation_updated changed ${seen.length ? list(seen) : 'nothing this trigger watches'}; this trigger listens to changes of ${list(wanted)} only`,
	);
}

export function filterDelivery(payload: Readonly<Record<string, unknown>>, filter: DeliveryFilter): FilterVerdict {
	const event = payload.event;
	if (typeof event !== 'string' || event === '') return drop('the payload names no event');
	if (!filter.events.has(event)) return drop(`${event} is not one of the events this trigger listens to`);

	const scope = readEventScope(payload);
	if (filter.inboxIds.size && scope.inboxId !== undefined && !filter.inboxIds.has(scope.inboxId)) {
		return drop(`${event} is from inbox ${scope.inboxId}; this trigger listens to inbox ${list(filter.inboxIds)} only`);
	}
	const isAboutSomeone = scope.messageType !== undefined || scope.isPrivate !== undefined;
	if (filter.senderTypes.size && isAboutSomeone && !(scope.sender && filter.senderTypes.has(scope.sender.type))) {
		const who = scope.sender ? SENDER_NAMES[scope.sender.type] : 'the system';
		return drop(`${event} is from ${who}; this trigger listens to ${[...filter.senderTypes].map((type) => SENDER_NAMES[type]).join(' or ')} only`);
	}
	if (scope.messageType !== undefined && scope.sender?.type === 'user' && scope.sender.id !== undefined && filter.ignoredUserIds.has(scope.sender.id)) {
		return drop(`${event} is about a message from user ${scope.sender.id}, whose messages this trigger ignores`);
	}
	if (scope.messageType !== undefined && !filter.messageTypes.has(scope.messageType)) {
		return drop(`${event} is about a message of type ${scope.messageType}; this trigger listens to ${list(filter.messageTypes) || 'no'} messages`);
	}
	if (scope.isPrivate === true && filter.privateNotes === 'exclude') {
		return drop(`${event} is about a private note; private notes are excluded`);
	}
	if (scope.isPrivate === false && filter.privateNotes === 'only') {
		return drop(`${event} is not about a private note; this trigger listens to private notes only`);
	}
	if (event === 'conversation_updated' && filter.changedAttributes.size) {
		return changedAttributesVerdict(payload, filter.changedAttributes);
	}
	return PASS;
}
