import { MESSAGE_TYPES, type MessageType } from '../../../protocol';
import type { Database } from '../../store/database';
import type { EventEmission } from '../listeners/event-emission';
import { messagePayload } from '../listeners/webhook-listener';
import { type ConversationRow, type MessageRow, type Records, type UserRow } from '../schema/records';
import type { Contacts } from './contacts';
import type { Conversations } from './conversations';
import { RecordNotFound, Validation } from './record-errors';

/** What `Messages::MessageBuilder` reads from the API. */
export interface NewMessageParams {
	content?: string | null;
	/** Default `outgoing`, as the builder's. `activity` is Chatwoot's own and not accepted from the API. */
	message_type?: Exclude<MessageType, 'activity'>;
	private?: boolean;
	content_type?: string;
	content_attributes?: Record<string, unknown>;
	source_id?: string | null;
}

export interface MessageUpdateParams {
	status?: 'sent' | 'delivered' | 'read' | 'failed';
	/** Kept in `content_attributes.external_error`, only with `failed`. */
	external_error?: string | null;
}

/** `validates :content, length: { maximum: 150_000 }`. */
const MAX_CONTENT = 150_000;

export class Messages {
	constructor(
		private readonly db: Database,
		private readonly records: Records,
		private readonly emission: EventEmission,
		private readonly conversations: Conversations,
		private readonly contacts: Contacts,
		private readonly now: () => Date,
	) {}

	/**
	 * `MessageFinder`: the newest 20, oldest first; `before` the 20 before that id, `after` up to 100 after
	 * it, both up to 1000 between them.
	 */
	list(accountId: number, displayId: number, range: { before?: number; after?: number } = {}): { conversation: ConversationRow; messages: MessageRow[] } {
		const conversation = this.conversations.find(accountId, displayId);
		const where = ['conversation_id = ?'];
		const args: unknown[] = [conversation.id];
		if (range.before !== undefined) {
			where.push('id < ?');
			args.push(range.before);
		}
		if (range.after !== undefined) {
			where.push('id > ?');
			args.push(range.after);
		}
		const both = range.before !== undefined && range.after !== undefined;
		const limit = both ? 1000 : range.after !== undefined ? 100 : 20;
		// `after` alone reads forward from the id; otherwise the newest first, then turned around.
		const forward = range.after !== undefined && !both;
		const rows = this.db
			.prepare(`SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY created_at ${forward ? 'ASC' : 'DESC'}, id ${forward ? 'ASC' : 'DESC'} LIMIT ?`)
			.all(...args, limit) as MessageRow[];
		return { conversation, messages: forward ? rows : rows.reverse() };
	}

	find(accountId: number, displayId: number, messageId: number): MessageRow {
		const conversation = this.conversations.find(accountId, displayId);
		const message = this.db.prepare('SELECT * FROM messages WHERE id = ? AND conversation_id = ?').get(messageId, conversation.id) as
			| MessageRow
			| undefined;
		if (!message) throw new RecordNotFound('Message');
		return message;
	}

	/**
	 * → `message_created` (private notes too). What Chatwoot's callbacks add, in the same order: an
	 * incoming message reopens a resolved or snoozed conversation (status_changed + updated); the first
	 * human reply sets `first_reply_created_at` and clears `waiting_since`, a later reply clears it, an
	 * incoming message sets it again (conversation_updated each); an incoming message touches the
	 * contact's `last_activity_at` (contact_updated, Chatwoot #11973).
	 */
	create(accountId: number, displayId: number, user: UserRow, params: NewMessageParams): MessageRow {
		return this.emission.transaction(() => this.write(accountId, displayId, user, params)());
	}

	/**
	 * Writes the message row and returns what announces it: its events and the conversation's and contact's
	 * follow-ups. Split so that a conversation created with a first message can emit `conversation_created`
	 * between the two, carrying the message, as Chatwoot's job (built after the commit) does. Must run
	 * inside a transaction.
	 */
	write(accountId: number, displayId: number, user: UserRow, params: NewMessageParams): () => MessageRow {
		let conversation = this.conversations.find(accountId, displayId);
		const type = params.message_type ?? 'outgoing';
		const content = params.content ?? null;
		if (content !== null && content.length > MAX_CONTENT) {
			const validation = new Validation();
			validation.add('content', `Content is too long (maximum is ${MAX_CONTENT} characters)`);
			validation.raiseIfFailed();
		}
		const incoming = type === 'incoming';
		const isPrivate = params.private === true;
		const at = this.now().getTime();
		const result = this.db
			.prepare(
				`INSERT INTO messages (account_id, inbox_id, conversation_id, message_type, content, private, status, source_id,
					content_type, content_attributes, sender_type, sender_id, external_source_ids, additional_attributes,
					processed_message_content, sentiment, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, 'sent', ?, ?, ?, ?, ?, '{}', '{}', ?, '{}', ?, ?)`,
			)
			.run(
				accountId,
				conversation.inbox_id,
				conversation.id,
				MESSAGE_TYPES.indexOf(type),
				content,
				isPrivate ? 1 : 0,
				params.source_id ?? null,
				params.content_type ?? 'text',
				JSON.stringify(params.content_attributes ?? {}),
				incoming ? 'Contact' : 'User',
				incoming ? conversation.contact_id : user.id,
				content,
				at,
				at,
			);
		const messageId = Number(result.lastInsertRowid);
		// `belongs_to :conversation, touch: true` and `set_conversation_activity` (update_columns: no event).
		this.db.prepare('UPDATE conversations SET last_activity_at = ?, updated_at = ? WHERE id = ?').run(at, at, conversation.id);

		return () => {
			conversation = this.records.conversation(conversation.id);
			if (incoming && !isPrivate && (conversation.status === 'resolved' || conversation.status === 'snoozed')) {
				conversation = this.conversations.change(conversation, { status: 'open', snoozed_until: null });
			}
			this.emission.emit(accountId, 'message_created', messagePayload('message_created', this.records.messageState(messageId)));

			const humanReply = type === 'outgoing' && !isPrivate;
			if (humanReply && conversation.first_reply_created_at === null) {
				this.conversations.change(conversation, { first_reply_created_at: at, waiting_since: null });
			} else if (humanReply && conversation.waiting_since !== null) {
				this.conversations.change(conversation, { waiting_since: null });
			} else if (incoming && conversation.waiting_since === null) {
				this.conversations.change(conversation, { waiting_since: at });
			}
			if (incoming) this.contacts.touchActivity(this.records.contact(conversation.contact_id), at);
			return this.records.message(messageId);
		};
	}

	/** → `message_updated` (no `changed_attributes`, as Chatwoot); nothing when nothing changed. */
	update(accountId: number, displayId: number, messageId: number, params: MessageUpdateParams): MessageRow {
		return this.emission.transaction(() => {
			const message = this.find(accountId, displayId, messageId);
			const status = params.status;
			// A read message stays read when a late "delivered" arrives.
			if (status === undefined || status === message.status || (status === 'delivered' && message.status === 'read')) return message;
			const attributes = JSON.parse(message.content_attributes) as Record<string, unknown>;
			if (status === 'failed' && params.external_error) attributes.external_error = params.external_error;
			this.db
				.prepare('UPDATE messages SET status = ?, content_attributes = ?, updated_at = ? WHERE id = ?')
				.run(status, JSON.stringify(attributes), this.now().getTime(), message.id);
			this.emission.emit(accountId, 'message_updated', messagePayload('message_updated', this.records.messageState(message.id)));
			return this.records.message(message.id);
		});
	}
}
