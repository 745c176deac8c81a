import { isoTime, unixFloat, unixTime } from '../schema/chatwoot-time';
import { jsonColumn, type ConversationState } from '../schema/records';
import { accountWebhookData } from './account';
import { contactInboxRecord } from './contact-inbox';
import { contactPushEventData } from './contact';
import { messagePushEventData } from './message';
import { userPushEventData } from './user';

/**
 * `Conversation#webhook_data` (`Conversations::EventDataPresenter#push_data` plus `account`), key for key
 * in Chatwoot's order. `id` is the display id; every time is a unix integer except `updated_at`, a float,
 * and `snoozed_until`/`first_reply_created_at`, which stay ISO strings.
 */
export function conversationWebhookData(state: ConversationState): Record<string, unknown> {
	const { conversation, inbox, contact, contactInbox, assignee, lastChatMessage } = state;
	return {
		additional_attributes: jsonColumn(conversation.additional_attributes),
		can_reply: true,
		channel: inbox.channel_type,
		contact_inbox: contactInboxRecord(contactInbox),
		id: conversation.display_id,
		inbox_id: conversation.inbox_id,
		messages: lastChatMessage ? [messagePushEventData(lastChatMessage.message, lastChatMessage.sender, state)] : [],
		labels: jsonColumn<string[]>(conversation.labels),
		meta: {
			sender: contactPushEventData(contact),
			assignee: assignee ? userPushEventData(assignee) : null,
			assignee_type: assignee ? 'User' : null,
			team: state.team ? { id: state.team.id, name: state.team.name } : null,
			hmac_verified: contactInbox.hmac_verified === 1,
		},
		status: conversation.status,
		custom_attributes: jsonColumn(conversation.custom_attributes),
		snoozed_until: isoTime(conversation.snoozed_until),
		unread_count: state.unreadCount,
		first_reply_created_at: isoTime(conversation.first_reply_created_at),
		priority: conversation.priority,
		waiting_since: unixTime(conversation.waiting_since),
		agent_last_seen_at: unixTime(conversation.agent_last_seen_at),
		contact_last_seen_at: unixTime(conversation.contact_last_seen_at),
		last_activity_at: unixTime(conversation.last_activity_at),
		timestamp: unixTime(conversation.last_activity_at),
		created_at: unixTime(conversation.created_at),
		updated_at: unixFloat(conversation.updated_at),
		account: accountWebhookData(state.account),
	};
}
