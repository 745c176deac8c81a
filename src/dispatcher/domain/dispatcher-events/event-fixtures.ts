import { randomUUID } from 'node:crypto';

import type { ChatwootEvent } from '../../../protocol';
import {
	contactCreatedPayload,
	contactUpdatedPayload,
	conversationChangedPayload,
	conversationCreatedPayload,
	inboxPayload,
	messagePayload,
	typingPayload,
	type Payload,
} from '../listeners/webhook-listener';
import { changedAttributes } from '../models/changed-attributes';
import type { AccountRow, ContactInboxRow, ContactRow, ConversationRow, ConversationState, InboxRow, MessageRow, UserRow } from '../schema/records';
import { contactInboxWebhookData } from '../webhook-data/contact-inbox';
import { conversationWebhookData } from '../webhook-data/conversation';
import { deepMerge } from './deep-merge';

/** The account's own rows a fixture starts from: its inbox and an agent, when it has them. */
export interface FixtureSeed {
	account: AccountRow;
	inbox?: InboxRow;
	agent?: UserRow;
	now: Date;
	/** Mirrors the conversations' option: null (Chatwoot) or the status change. */
	statusChangedAttributes: boolean;
}

/**
 * Realistic payloads for any of the 12 events, built by the same builders as real changes from the
 * account's seeded inbox and agent plus a made-up contact ("Jane Doe", as in the reference example) and
 * conversation that are never stored. For testing a flow's handling of an event without driving the
 * conversation model to it.
 */
export function buildEventFixture(seed: FixtureSeed, event: ChatwootEvent, data: Record<string, unknown> = {}): Payload {
	const at = seed.now.getTime();
	const earlier = at - 1_000;
	const account = seed.account;
	const inbox: InboxRow = seed.inbox ?? {
		id: 1,
		account_id: account.id,
		name: 'Support API',
		channel_type: 'Channel::Api',
		channel_id: 1,
		webhook_url: null,
		secret: null,
		created_at: account.created_at,
		updated_at: account.updated_at,
	};
	const agent: UserRow = seed.agent ?? {
		id: 1,
		account_id: account.id,
		name: 'Acme Admin',
		email: 'admin@acme.example.com',
		administrator: 1,
		created_at: account.created_at,
		updated_at: account.updated_at,
	};
	const contact: ContactRow = {
		id: 1,
		account_id: account.id,
		name: 'Jane Doe',
		email: 'jane@example.com',
		phone_number: '+15551234567',
		identifier: null,
		additional_attributes: '{}',
		custom_attributes: '{}',
		blocked: 0,
		labels: '[]',
		last_activity_at: at,
		created_at: earlier,
		updated_at: at,
	};
	const contactInbox: ContactInboxRow = {
		id: 1,
		contact_id: contact.id,
		inbox_id: inbox.id,
		source_id: randomUUID(),
		hmac_verified: 0,
		pubsub_token: 'fixturePubsubToken1234567',
		created_at: earlier,
		updated_at: earlier,
	};
	const conversation: ConversationRow = {
		id: 1,
		account_id: account.id,
		inbox_id: inbox.id,
		display_id: 1,
		contact_id: contact.id,
		contact_inbox_id: contactInbox.id,
		assignee_id: null,
		team_id: null,
		status: 'open',
		priority: null,
		snoozed_until: null,
		additional_attributes: '{}',
		custom_attributes: '{}',
		labels: '[]',
		first_reply_created_at: null,
		waiting_since: earlier,
		agent_last_seen_at: null,
		contact_last_seen_at: null,
		last_activity_at: at,
		created_at: earlier,
		updated_at: at,
	};
	const message: MessageRow = {
		id: 1,
		account_id: account.id,
		inbox_id: inbox.id,
		conversation_id: conversation.id,
		message_type: 0,
		content: 'Hi, I need help',
		private: 0,
		status: 'sent',
		source_id: null,
		content_type: 'text',
		content_attributes: '{}',
		sender_type: 'Contact',
		sender_id: contact.id,
		external_source_ids: '{}',
		additional_attributes: '{}',
		processed_message_content: 'Hi, I need help',
		sentiment: '{}',
		created_at: at,
		updated_at: at,
	};
	const sender = { type: 'Contact' as const, contact };
	const withMessage: ConversationState = {
		account,
		inbox,
		conversation,
		contact,
		contactInbox,
		assignee: null,
		team: null,
		lastChatMessage: { message, sender },
		unreadCount: 1,
	};
	const updatedAt = (previous: number) => ({ attribute: 'updated_at', previous, current: at, kind: 'time' as const });

	let payload: Payload;
	switch (event) {
		case 'conversation_created':
			payload = conversationCreatedPayload({ ...withMessage, lastChatMessage: null, unreadCount: 0 });
			break;
		case 'conversation_updated':
			payload = conversationChangedPayload(
				'conversation_updated',
				{ ...withMessage, conversation: { ...conversation, assignee_id: agent.id }, assignee: agent },
				changedAttributes([{ attribute: 'assignee_id', previous: null, current: agent.id }, updatedAt(earlier)]),
			);
			break;
		case 'conversation_status_changed': {
			const resolved = { ...withMessage, conversation: { ...conversation, status: 'resolved' as const } };
			const changed = seed.statusChangedAttributes
				? changedAttributes([{ attribute: 'status', previous: 'open', current: 'resolved' }])
				: null;
			payload = conversationChangedPayload('conversation_status_changed', resolved, changed);
			break;
		}
		case 'message_created':
		case 'message_updated':
			payload = messagePayload(event, { message, sender, conversation: withMessage });
			break;
		case 'webwidget_triggered':
			payload = {
				...contactInboxWebhookData(contactInbox, contact, inbox, account, conversationWebhookData(withMessage)),
				event,
				event_info: {
					initiated_at: { timestamp: seed.now.toString() },
					referer: 'https://www.example.com/pricing',
					widget_language: null,
					browser_language: 'en',
					browser: {
						browser_name: 'Chrome',
						browser_version: '126.0.0.0',
						device_name: 'Unknown',
						platform_name: 'macOS',
						platform_version: '10.15.7',
					},
				},
			};
			break;
		case 'contact_created':
			payload = contactCreatedPayload({ ...contact, last_activity_at: null, updated_at: earlier }, account);
			break;
		case 'contact_updated':
			payload = contactUpdatedPayload(
				contact,
				account,
				changedAttributes([{ attribute: 'name', previous: 'Jane', current: 'Jane Doe' }, updatedAt(earlier)]) ?? [],
			);
			break;
		case 'conversation_typing_on':
		case 'conversation_typing_off':
			payload = typingPayload(event, { user: agent }, withMessage, false);
			break;
		case 'inbox_created':
			payload = inboxPayload('inbox_created', inbox, account);
			break;
		case 'inbox_updated':
			payload = inboxPayload(
				'inbox_updated',
				{ ...inbox, updated_at: at },
				account,
				changedAttributes([{ attribute: 'name', previous: 'Support', current: inbox.name }, updatedAt(inbox.updated_at)]),
			);
			break;
	}
	return overlay(payload, data);
}

/**
 * `data` over the fixture. The event name is the request's, not data's; keys new to the payload go
 * before `event` so the listener's tail (`event`, then `changed_attributes` or `event_info`) stays last.
 */
function overlay(payload: Payload, data: Record<string, unknown>): Payload {
	const { event: _event, ...rest } = data;
	const merged = deepMerge(payload, rest);
	const keys = Object.keys(payload);
	const eventIndex = keys.indexOf('event');
	if (eventIndex <= 0) return { ...merged, event: payload.event };
	const head = keys.slice(0, eventIndex);
	const tail = keys.slice(eventIndex);
	const added = Object.keys(merged).filter((key) => !(key in payload));
	const ordered: Payload = {};
	for (const key of [...head, ...added, ...tail]) ordered[key] = key === 'event' ? payload.event : merged[key];
	return ordered;
}
