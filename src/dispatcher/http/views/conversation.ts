import { isoTime, unixFloat, unixTime } from '../../domain/schema/chatwoot-time';
import { jsonColumn, type ConversationState } from '../../domain/schema/records';
import { contactPushEventData } from '../../domain/webhook-data/contact';
import { messagePushEventData } from '../../domain/webhook-data/message';
import { userPushEventData } from '../../domain/webhook-data/user';

/**
 * `api/v1/conversations/partials/_conversation.json.jbuilder`, the conversation as the REST API shows it
 * (not as webhooks do): `meta` first, times as unix integers, `updated_at` a float.
 */
export function conversationView(state: ConversationState): Record<string, unknown> {
	const { conversation, contact, assignee, inbox, contactInbox } = state;
	const last = state.lastChatMessage ? messagePushEventData(state.lastChatMessage.message, state.lastChatMessage.sender, state) : null;
	const meta: Record<string, unknown> = { sender: contactPushEventData(contact), channel: inbox.channel_type };
	if (assignee) meta.assignee = userPushEventData(assignee);
	meta.hmac_verified = contactInbox.hmac_verified === 1;
	return {
		meta,
		id: conversation.display_id,
		messages: last ? [last] : [],
		account_id: conversation.account_id,
		additional_attributes: jsonColumn(conversation.additional_attributes),
		agent_last_seen_at: unixTime(conversation.agent_last_seen_at),
		assignee_last_seen_at: 0,
		can_reply: true,
		contact_last_seen_at: unixTime(conversation.contact_last_seen_at),
		custom_attributes: jsonColumn(conversation.custom_attributes),
		inbox_id: conversation.inbox_id,
		labels: jsonColumn<string[]>(conversation.labels),
		muted: false,
		snoozed_until: isoTime(conversation.snoozed_until),
		status: conversation.status,
		created_at: unixTime(conversation.created_at),
		updated_at: unixFloat(conversation.updated_at),
		timestamp: unixTime(conversation.last_activity_at),
		first_reply_created_at: unixTime(conversation.first_reply_created_at),
		unread_count: state.unreadCount,
		last_non_activity_message: last,
		last_activity_at: unixTime(conversation.last_activity_at),
		priority: conversation.priority,
		waiting_since: unixTime(conversation.waiting_since),
	};
}
