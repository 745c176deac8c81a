import { isoTime, unixFloat, unixTime } from '../../domain/schema/chatwoot-time';
import { jsonColumn, type ConversationState, type MessageState } from '../../domain/schema/records';
import { contactPushEventData } from '../../domain/webhook-data/contact';
import { messagePushEventData } from '../../domain/webhook-data/message';
import { agentView } from './agent';
import { teamView } from './team';

/** The REST view's extra reads: the newest messages, and whether the token's user is in the team. */
export interface ConversationViewInput {
	readonly state: ConversationState;
	readonly latest: MessageState | null;
	readonly latestNonActivity: MessageState | null;
	readonly viewerIsTeamMember: boolean;
}

function pushEventData(message: MessageState | null): Record<string, unknown> | null {
	return message ? messagePushEventData(message.message, message.sender, message.conversation) : null;
}

/**
 * `api/v1/conversations/partials/_conversation.json.jbuilder`, the conversation as the REST API shows it
 * (not as webhooks do): `meta` first with `assignee` (`_agent`) and `team` (`_team`) absent when unset,
 * times as unix integers, `updated_at` a float, `messages` the newest message of any type.
 */
export function conversationView(input: ConversationViewInput): Record<string, unknown> {
	const { conversation, contact, assignee, team, inbox, contactInbox } = input.state;
	const meta: Record<string, unknown> = { sender: contactPushEventData(contact), channel: inbox.channel_type };
	if (assignee) {
		meta.assignee = agentView(assignee);
		meta.assignee_type = 'User';
	}
	if (team) meta.team = teamView(team, input.viewerIsTeamMember);
	meta.hmac_verified = contactInbox.hmac_verified === 1;
	const latest = pushEventData(input.latest);
	return {
		meta,
		id: conversation.display_id,
		messages: latest ? [latest] : [],
		account_id: conversation.account_id,
		additional_attributes: jsonColumn(conversation.additional_attributes),
		agent_last_seen_at: unixTime(conversation.agent_last_seen_at),
		assignee_last_seen_at: 0,
		can_reply: true,
		contact_last_seen_at: unixTime(conversation.contact_last_seen_at),
		custom_attributes: jsonColumn(conversation.custom_attributes),
		inbox_id: conversation.inbox_id,
		labels: jsonColumn<string[]>(conversation.labels),
		muted: contact.blocked === 1,
		snoozed_until: isoTime(conversation.snoozed_until),
		status: conversation.status,
		created_at: unixTime(conversation.created_at),
		updated_at: unixFloat(conversation.updated_at),
		timestamp: unixTime(conversation.last_activity_at),
		first_reply_created_at: unixTime(conversation.first_reply_created_at),
		unread_count: input.state.unreadCount,
		last_non_activity_message: pushEventData(input.latestNonActivity),
		last_activity_at: unixTime(conversation.last_activity_at),
		priority: conversation.priority,
		waiting_since: unixTime(conversation.waiting_since),
		sla_policy_id: null,
	};
}
