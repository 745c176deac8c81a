import { readEventScope, type MessageType } from '../../src/protocol/event-scope';

/**
 * Which verified deliveries start the workflow. Chatwoot sends every subscribed event of every inbox of
 * the account to a webhook (`inbox_id` on a webhook does not filter), so the inbox, message type and
 * private-note choices are applied here.
 */
export interface DeliveryFilter {
	readonly events: ReadonlySet<string>;
	/** Undefined: every inbox. Events that belong to no inbox (contacts, inboxes) always pass. */
	readonly inboxId?: number;
	/** Applied to message events only. */
	readonly messageTypes: ReadonlySet<MessageType>;
	/** Private notes, and typing in a private note. */
	readonly includePrivate: boolean;
}

export type FilterVerdict = { readonly pass: true } | { readonly pass: false; readonly reason: string };

const PASS: FilterVerdict = { pass: true };

function drop(reason: string): FilterVerdict {
	return { pass: false, reason };
}

export function filterDelivery(payload: Readonly<Record<string, unknown>>, filter: DeliveryFilter): FilterVerdict {
	const event = payload.event;
	if (typeof event !== 'string' || event === '') return drop('the payload names no event');
	if (!filter.events.has(event)) return drop(`${event} is not one of the events this trigger listens to`);

	const scope = readEventScope(payload);
	if (filter.inboxId !== undefined && scope.inboxId !== undefined && scope.inboxId !== filter.inboxId) {
		return drop(`${event} is from inbox ${scope.inboxId}; this trigger listens to inbox ${filter.inboxId} only`);
	}
	if (scope.messageType !== undefined && !filter.messageTypes.has(scope.messageType)) {
		return drop(`${event} is about a message of type ${scope.messageType}; this trigger listens to ${[...filter.messageTypes].join(', ') || 'no'} messages`);
	}
	if (scope.isPrivate === true && !filter.includePrivate) {
		return drop(`${event} is about a private note; private notes are excluded`);
	}
	return PASS;
}
