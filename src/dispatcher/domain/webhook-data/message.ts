import { MESSAGE_TYPES } from '../../../protocol';
import { isoTime, unixTime } from '../schema/chatwoot-time';
import { jsonColumn, type ConversationState, type MessageRow, type MessageSender, type MessageState } from '../schema/records';
import { accountWebhookData } from './account';
import { contactPushEventData, contactWebhookData } from './contact';
import { conversationWebhookData } from './conversation';
import { inboxWebhookData } from './inbox';
import { userPushEventData, userWebhookData } from './user';

/**
 * `Messages::WebhookContentNormalizer`: the editor's markdown hard breaks (a backslash before a newline)
 * become plain newlines, and trailing newlines go.
 */
export function normalizeWebhookContent(content: string | null): string | null {
	if (content === null) return null;
	return content.replace(/\\(\r?\n)/g, '$1').replace(/[\r\n]+$/, '');
}

function senderWebhookData(sender: MessageSender, conversation: ConversationState): Record<string, unknown> | null {
	if (sender === null) return null;
	if (sender.type === 'Contact') return contactWebhookData(sender.contact, conversation.account);
	return userWebhookData(sender.user);
}

/**
 * `Message#push_event_data`, the element of `conversation.messages`: the columns in table order with
 * `message_type` as its integer and `created_at` in unix seconds (but `updated_at` as ISO), then the
 * conversation digest, then the sender's push data.
 */
export function messagePushEventData(message: MessageRow, sender: MessageSender, conversation: ConversationState): Record<string, unknown> {
	const data: Record<string, unknown> = {
		id: message.id,
		content: message.content,
		account_id: message.account_id,
		inbox_id: message.inbox_id,
		conversation_id: conversation.conversation.display_id,
		message_type: message.message_type,
		created_at: unixTime(message.created_at),
		updated_at: isoTime(message.updated_at),
		private: message.private === 1,
		status: message.status,
		source_id: message.source_id,
		content_type: message.content_type,
		content_attributes: jsonColumn(message.content_attributes),
		sender_type: message.sender_type,
		sender_id: message.sender_id,
		external_source_ids: jsonColumn(message.external_source_ids),
		additional_attributes: jsonColumn(message.additional_attributes),
		processed_message_content: message.processed_message_content,
		sentiment: jsonColumn(message.sentiment),
		conversation: {
			assignee_id: conversation.conversation.assignee_id,
			unread_count: conversation.unreadCount,
			last_activity_at: unixTime(conversation.conversation.last_activity_at),
			contact_inbox: { source_id: conversation.contactInbox.source_id },
		},
	};
	if (sender?.type === 'Contact') data.sender = contactPushEventData(sender.contact);
	else if (sender?.type === 'User') data.sender = userPushEventData(sender.user);
	return data;
}

/** `Message#webhook_data`: `message_created` and `message_updated` without their `event`. */
export function messageWebhookData(state: MessageState): Record<string, unknown> {
	const { message, sender, conversation } = state;
	return {
		account: accountWebhookData(conversation.account),
		additional_attributes: jsonColumn(message.additional_attributes),
		content_attributes: jsonColumn(message.content_attributes),
		content_type: message.content_type,
		content: normalizeWebhookContent(message.content),
		conversation: conversationWebhookData(conversation),
		created_at: isoTime(message.created_at),
		id: message.id,
		inbox: inboxWebhookData(conversation.inbox),
		message_type: MESSAGE_TYPES[message.message_type],
		private: message.private === 1,
		sender: senderWebhookData(sender, conversation),
		source_id: message.source_id,
	};
}
