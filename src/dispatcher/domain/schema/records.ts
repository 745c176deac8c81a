import type { Database } from '../../store/database';

/**
 * Rows as the domain stores them, and the read side that gathers everything one payload needs. The
 * payload builders are pure functions of these states, so the same builders serve real rows and the
 * fixtures of `POST /_dispatcher/events`.
 */
export interface AccountRow {
	id: number;
	name: string;
	created_at: number;
	updated_at: number;
}

export interface InboxRow {
	id: number;
	account_id: number;
	name: string;
	channel_type: string;
	channel_id: number;
	/** The API channel's callback URL (`Channel::Api#webhook_url`). */
	webhook_url: string | null;
	/** The API channel's signing secret (`Channel::Api#secret`, Chatwoot 4.13+). */
	secret: string | null;
	created_at: number;
	updated_at: number;
}

export interface UserRow {
	id: number;
	account_id: number;
	name: string;
	email: string;
	administrator: number;
	created_at: number;
	updated_at: number;
}

export interface TeamRow {
	id: number;
	account_id: number;
	name: string;
	description: string | null;
	allow_auto_assign: number;
	created_at: number;
	updated_at: number;
}

export interface LabelRow {
	id: number;
	account_id: number;
	title: string;
	description: string | null;
	color: string;
	show_on_sidebar: number | null;
	created_at: number;
	updated_at: number;
}

export interface ContactRow {
	id: number;
	account_id: number;
	name: string;
	email: string | null;
	phone_number: string | null;
	identifier: string | null;
	/** JSON */
	additional_attributes: string;
	/** JSON */
	custom_attributes: string;
	blocked: number;
	/** JSON array of label names */
	labels: string;
	last_activity_at: number | null;
	created_at: number;
	updated_at: number;
}

export interface ContactInboxRow {
	id: number;
	contact_id: number;
	inbox_id: number;
	source_id: string;
	hmac_verified: number;
	pubsub_token: string;
	created_at: number;
	updated_at: number;
}

export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';
export type ConversationPriority = 'low' | 'medium' | 'high' | 'urgent';

export interface ConversationRow {
	id: number;
	account_id: number;
	inbox_id: number;
	display_id: number;
	contact_id: number;
	contact_inbox_id: number;
	assignee_id: number | null;
	team_id: number | null;
	status: ConversationStatus;
	priority: ConversationPriority | null;
	snoozed_until: number | null;
	/** JSON */
	additional_attributes: string;
	/** JSON */
	custom_attributes: string;
	/** JSON array of label names */
	labels: string;
	first_reply_created_at: number | null;
	waiting_since: number | null;
	agent_last_seen_at: number | null;
	contact_last_seen_at: number | null;
	last_activity_at: number;
	created_at: number;
	updated_at: number;
}

/** `agent_bots`: the account's bots (`app/models/agent_bot.rb`); the access token lives here, not in `access_tokens`. */
export interface AgentBotRow {
	id: number;
	account_id: number;
	name: string | null;
	description: string | null;
	outgoing_url: string | null;
	bot_type: 'webhook';
	/** JSON */
	bot_config: string;
	secret: string;
	access_token: string;
	created_at: number;
	updated_at: number;
}

export interface MessageRow {
	id: number;
	account_id: number;
	inbox_id: number;
	conversation_id: number;
	message_type: number;
	content: string | null;
	private: number;
	status: string;
	source_id: string | null;
	content_type: string;
	/** JSON */
	content_attributes: string;
	sender_type: 'Contact' | 'User' | 'AgentBot' | null;
	sender_id: number | null;
	/** JSON */
	external_source_ids: string;
	/** JSON */
	additional_attributes: string;
	processed_message_content: string | null;
	/** JSON */
	sentiment: string;
	created_at: number;
	updated_at: number;
}

export type MessageSender =
	| { type: 'Contact'; contact: ContactRow }
	| { type: 'User'; user: UserRow }
	| { type: 'AgentBot'; bot: AgentBotRow }
	| null;

/** Everything `Conversation#webhook_data` reads. */
export interface ConversationState {
	account: AccountRow;
	inbox: InboxRow;
	conversation: ConversationRow;
	contact: ContactRow;
	contactInbox: ContactInboxRow;
	assignee: UserRow | null;
	team: TeamRow | null;
	/** `messages.chat.last`: the last message that is neither an activity nor private. */
	lastChatMessage: { message: MessageRow; sender: MessageSender } | null;
	/** `unread_incoming_messages.count`, at most 10. */
	unreadCount: number;
}

/** Everything `Message#webhook_data` reads. */
export interface MessageState {
	message: MessageRow;
	sender: MessageSender;
	conversation: ConversationState;
}

export class Records {
	constructor(private readonly db: Database) {}

	account(id: number): AccountRow {
		return this.one<AccountRow>('SELECT * FROM accounts WHERE id = ?', id);
	}

	inbox(id: number): InboxRow {
		return this.one<InboxRow>('SELECT * FROM inboxes WHERE id = ?', id);
	}

	user(id: number): UserRow {
		return this.one<UserRow>('SELECT * FROM users WHERE id = ?', id);
	}

	contact(id: number): ContactRow {
		return this.one<ContactRow>('SELECT * FROM contacts WHERE id = ?', id);
	}

	team(id: number): TeamRow {
		return this.one<TeamRow>('SELECT * FROM teams WHERE id = ?', id);
	}

	contactInbox(id: number): ContactInboxRow {
		return this.one<ContactInboxRow>('SELECT * FROM contact_inboxes WHERE id = ?', id);
	}

	conversation(id: number): ConversationRow {
		return this.one<ConversationRow>('SELECT * FROM conversations WHERE id = ?', id);
	}

	message(id: number): MessageRow {
		return this.one<MessageRow>('SELECT * FROM messages WHERE id = ?', id);
	}

	conversationState(conversationId: number): ConversationState {
		const conversation = this.conversation(conversationId);
		const last = this.db
			.prepare(
				`SELECT * FROM messages WHERE conversation_id = ? AND message_type != 2 AND private = 0
				ORDER BY created_at DESC, id DESC LIMIT 1`,
			)
			.get(conversationId) as MessageRow | undefined;
		// `unread_incoming_messages` ends in `.last(10)`: Chatwoot never counts more than 10.
		const unread = this.db
			.prepare(
				'SELECT MIN(COUNT(*), 10) AS count FROM messages WHERE conversation_id = ? AND message_type = 0 AND created_at > ?',
			)
			.get(conversationId, conversation.agent_last_seen_at ?? -1) as { count: number };
		return {
			account: this.account(conversation.account_id),
			inbox: this.inbox(conversation.inbox_id),
			conversation,
			contact: this.contact(conversation.contact_id),
			contactInbox: this.contactInbox(conversation.contact_inbox_id),
			assignee: conversation.assignee_id === null ? null : this.user(conversation.assignee_id),
			team: conversation.team_id === null ? null : this.team(conversation.team_id),
			lastChatMessage: last ? { message: last, sender: this.sender(last) } : null,
			unreadCount: unread.count,
		};
	}

	/**
	 * What the REST conversation view shows besides the webhook state: the newest message of any type
	 * (activity and private included) and the newest that is not an activity.
	 */
	latestMessages(conversationId: number): { latest: MessageState | null; latestNonActivity: MessageState | null } {
		const newest = (condition: string) =>
			this.db
				.prepare(`SELECT id FROM messages WHERE conversation_id = ?${condition} ORDER BY created_at DESC, id DESC LIMIT 1`)
				.get(conversationId) as { id: number } | undefined;
		const latest = newest('');
		const latestNonActivity = newest(' AND message_type != 2');
		return {
			latest: latest ? this.messageState(latest.id) : null,
			latestNonActivity: latestNonActivity ? this.messageState(latestNonActivity.id) : null,
		};
	}

	messageState(messageId: number): MessageState {
		const message = this.message(messageId);
		return { message, sender: this.sender(message), conversation: this.conversationState(message.conversation_id) };
	}

	private sender(message: MessageRow): MessageSender {
		if (message.sender_type === 'Contact' && message.sender_id !== null) {
			return { type: 'Contact', contact: this.contact(message.sender_id) };
		}
		if (message.sender_type === 'User' && message.sender_id !== null) return { type: 'User', user: this.user(message.sender_id) };
		if (message.sender_type === 'AgentBot' && message.sender_id !== null) {
			const bot = this.db.prepare('SELECT * FROM agent_bots WHERE id = ?').get(message.sender_id) as AgentBotRow | undefined;
			// `has_many :messages, as: :sender, dependent: :nullify`: a deleted bot's messages have no sender.
			return bot ? { type: 'AgentBot', bot } : null;
		}
		return null;
	}

	private one<Row>(sql: string, id: number): Row {
		const row = this.db.prepare(sql).get(id) as Row | undefined;
		// Callers pass ids read from other rows; a miss is a broken invariant, not bad input.
		if (!row) throw new Error(`Missing row: ${sql} [${id}]`);
		return row;
	}
}

/** A jsonb column's value, as ActiveRecord hands it to the views. */
export function jsonColumn<Value = Record<string, unknown>>(text: string): Value {
	return JSON.parse(text) as Value;
}
