import type { ChangedAttributes } from '../models/changed-attributes';
import type { AccountRow, ContactRow, ConversationState, InboxRow, MessageState, UserRow } from '../schema/records';
import { contactWebhookData } from '../webhook-data/contact';
import { conversationWebhookData } from '../webhook-data/conversation';
import { inboxEventData } from '../webhook-data/inbox';
import { messageWebhookData } from '../webhook-data/message';
import { userWebhookData } from '../webhook-data/user';

/**
 * The payloads `app/listeners/webhook_listener.rb` builds. Key order follows its `merge` calls: `event`
 * after the model's data, and `changed_attributes` (or `event_info`) after `event` where the listener
 * adds them; typing events start with `event`.
 */
export type Payload = Record<string, unknown>;

export function conversationCreatedPayload(state: ConversationState): Payload {
	return { ...conversationWebhookData(state), event: 'conversation_created' };
}

/** `conversation_updated` and `conversation_status_changed`: both carry `changed_attributes`, null included. */
export function conversationChangedPayload(
	event: 'conversation_updated' | 'conversation_status_changed',
	state: ConversationState,
	changed: ChangedAttributes | null,
): Payload {
	return { ...conversationWebhookData(state), event, changed_attributes: changed };
}

export function messagePayload(event: 'message_created' | 'message_updated', state: MessageState): Payload {
	return { ...messageWebhookData(state), event };
}

export function contactCreatedPayload(contact: ContactRow, account: AccountRow): Payload {
	return { ...contactWebhookData(contact, account), event: 'contact_created' };
}

export function contactUpdatedPayload(contact: ContactRow, account: AccountRow, changed: ChangedAttributes): Payload {
	return { ...contactWebhookData(contact, account), event: 'contact_updated', changed_attributes: changed };
}

/** `handle_typing_status`: an agent's `user` has `type: "user"`; a contact's (widget, public API) has none. */
export function typingPayload(
	event: 'conversation_typing_on' | 'conversation_typing_off',
	actor: { user: UserRow } | { contact: ContactRow; account: AccountRow },
	state: ConversationState,
	isPrivate: boolean,
): Payload {
	return {
		event,
		user: 'user' in actor ? userWebhookData(actor.user) : contactWebhookData(actor.contact, actor.account),
		conversation: conversationWebhookData(state),
		is_private: isPrivate,
	};
}

export function inboxPayload(event: 'inbox_created' | 'inbox_updated', inbox: InboxRow, account: AccountRow, changed?: ChangedAttributes | null): Payload {
	const payload: Payload = { ...inboxEventData(inbox, account), event };
	if (event === 'inbox_updated') payload.changed_attributes = changed ?? null;
	return payload;
}
