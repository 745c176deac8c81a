import type { Database } from '../../store/database';
import type { EventEmission } from '../listeners/event-emission';
import { conversationChangedPayload, conversationCreatedPayload, typingPayload } from '../listeners/webhook-listener';
import type {
	ContactInboxRow,
	ContactRow,
	ConversationPriority,
	ConversationRow,
	ConversationStatus,
	InboxRow,
	Records,
	UserRow,
} from '../schema/records';
import { changedAttributes, type AttributeChange } from './changed-attributes';
import type { Contacts } from './contacts';
import { RecordNotFound, Validation } from './record-errors';

/** What `ConversationsController#create` reads. */
export interface NewConversationParams {
	source_id?: string;
	contact_id?: number;
	inbox_id?: number;
	status?: ConversationStatus;
	assignee_id?: number | null;
	additional_attributes?: Record<string, unknown>;
	custom_attributes?: Record<string, unknown>;
}

/**
 * The columns whose change makes Chatwoot emit `conversation_updated` (`Conversation#notify_conversation_updation`);
 * all that the dispatcher's routes change are in the list, so every saved change here emits it.
 */
type ConversationChange = Partial<
	Pick<ConversationRow, 'status' | 'snoozed_until' | 'priority' | 'assignee_id' | 'waiting_since' | 'first_reply_created_at'>
>;

const KINDS: Record<keyof ConversationChange, AttributeChange['kind']> = {
	status: undefined,
	snoozed_until: 'time',
	priority: undefined,
	assignee_id: undefined,
	waiting_since: 'time',
	first_reply_created_at: 'time',
};

export interface ConversationsOptions {
	now: () => Date;
	/**
	 * Real Chatwoot reads `status_change` after the commit, when it is already gone, and sends
	 * `"changed_attributes": null` with `conversation_status_changed`; true sends the status change instead,
	 * as several third-party consumers expect.
	 */
	statusChangedAttributes: boolean;
}

export class Conversations {
	constructor(
		private readonly db: Database,
		private readonly records: Records,
		private readonly emission: EventEmission,
		private readonly contacts: Contacts,
		private readonly options: ConversationsOptions,
	) {}

	/** `Current.account.conversations.find_by!(display_id:)`. */
	find(accountId: number, displayId: number): ConversationRow {
		const row = this.db
			.prepare('SELECT * FROM conversations WHERE account_id = ? AND display_id = ?')
			.get(accountId, displayId) as ConversationRow | undefined;
		if (!row) throw new RecordNotFound('Conversation');
		return row;
	}

	/**
	 * → `conversation_created`. The contact comes from a ContactInbox `source_id` in the inbox, or from
	 * `contact_id` (with a ContactInbox made for it when it has none in the inbox).
	 */
	create(accountId: number, params: NewConversationParams): ConversationRow {
		return this.emission.transaction(() => {
			const { contactInbox } = this.contactInboxFor(accountId, params);
			const assigneeId = params.assignee_id ?? null;
			if (assigneeId !== null) this.assignee(accountId, assigneeId);
			const at = this.now();
			const next = this.db
				.prepare('SELECT COALESCE(MAX(display_id), 0) + 1 AS displayId FROM conversations WHERE account_id = ?')
				.get(accountId) as { displayId: number };
			const status = params.status ?? 'open';
			const result = this.db
				.prepare(
					`INSERT INTO conversations (account_id, inbox_id, display_id, contact_id, contact_inbox_id, assignee_id, status,
						priority, snoozed_until, additional_attributes, custom_attributes, labels, first_reply_created_at, waiting_since,
						agent_last_seen_at, contact_last_seen_at, last_activity_at, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, '[]', NULL, ?, NULL, NULL, ?, ?, ?)`,
				)
				.run(
					accountId,
					contactInbox.inbox_id,
					next.displayId,
					contactInbox.contact_id,
					contactInbox.id,
					assigneeId,
					status,
					JSON.stringify(params.additional_attributes ?? {}),
					JSON.stringify(params.custom_attributes ?? {}),
					// `ensure_waiting_since`: a new conversation waits for a reply from the moment it exists.
					at,
					at,
					at,
					at,
				);
			const conversation = this.records.conversation(Number(result.lastInsertRowid));
			this.emission.emit(accountId, 'conversation_created', conversationCreatedPayload(this.records.conversationState(conversation.id)));
			return conversation;
		});
	}

	/**
	 * `toggle_status`: the given status, or open ↔ resolved without one. Snoozing keeps `snoozed_until`;
	 * any other status clears it. → `conversation_status_changed` then `conversation_updated`.
	 */
	toggleStatus(accountId: number, displayId: number, status?: ConversationStatus, snoozedUntil?: number | null): ConversationRow {
		return this.emission.transaction(() => {
			const conversation = this.find(accountId, displayId);
			const next = status ?? (conversation.status === 'open' ? 'resolved' : 'open');
			return this.change(conversation, {
				status: next,
				snoozed_until: next === 'snoozed' ? (snoozedUntil ?? conversation.snoozed_until) : null,
			});
		});
	}

	/** `toggle_priority` → `conversation_updated`. */
	togglePriority(accountId: number, displayId: number, priority: ConversationPriority | null): ConversationRow {
		return this.emission.transaction(() => this.change(this.find(accountId, displayId), { priority }));
	}

	/** `assignments#create`: an agent of the account, or nobody. → `conversation_updated`. */
	assign(accountId: number, displayId: number, assigneeId: number | null): UserRow | null {
		return this.emission.transaction(() => {
			const conversation = this.find(accountId, displayId);
			const assignee = assigneeId === null ? null : this.assignee(accountId, assigneeId);
			this.change(conversation, { assignee_id: assignee?.id ?? null });
			return assignee;
		});
	}

	/** `TypingStatusManager`: an agent typing (in a private note or a reply) → `conversation_typing_on`/`off`. */
	toggleTyping(accountId: number, displayId: number, user: UserRow, typingOn: boolean, isPrivate: boolean): void {
		this.emission.transaction(() => {
			const conversation = this.find(accountId, displayId);
			const event = typingOn ? 'conversation_typing_on' : 'conversation_typing_off';
			this.emission.emit(accountId, event, typingPayload(event, { user }, this.records.conversationState(conversation.id), isPrivate));
		});
	}

	/**
	 * Saves a change of the columns Chatwoot watches and emits what its `after_update_commit` does:
	 * `conversation_status_changed` first when the status moved, then `conversation_updated`. Unchanged
	 * values are not a change, and emit nothing. Must run inside a transaction.
	 */
	change(conversation: ConversationRow, change: ConversationChange): ConversationRow {
		const changes: AttributeChange[] = [];
		for (const [attribute, current] of Object.entries(change) as Array<[keyof ConversationChange, unknown]>) {
			const previous = conversation[attribute];
			if (previous !== current) changes.push({ attribute, previous, current, kind: KINDS[attribute] });
		}
		if (changes.length === 0) return conversation;
		const at = this.now();
		const assignments = changes.map((item) => `${item.attribute} = ?`).join(', ');
		this.db
			.prepare(`UPDATE conversations SET ${assignments}, updated_at = ? WHERE id = ?`)
			.run(...changes.map((item) => item.current), at, conversation.id);
		changes.push({ attribute: 'updated_at', previous: conversation.updated_at, current: at, kind: 'time' });
		const state = this.records.conversationState(conversation.id);
		const statusChange = changes.find((item) => item.attribute === 'status');
		if (statusChange) {
			const changed = this.options.statusChangedAttributes ? changedAttributes([statusChange]) : null;
			this.emission.emit(conversation.account_id, 'conversation_status_changed', conversationChangedPayload('conversation_status_changed', state, changed));
		}
		this.emission.emit(
			conversation.account_id,
			'conversation_updated',
			conversationChangedPayload('conversation_updated', state, changedAttributes(changes)),
		);
		return state.conversation;
	}

	private contactInboxFor(accountId: number, params: NewConversationParams): { contact: ContactRow; contactInbox: ContactInboxRow } {
		if (params.contact_id === undefined && params.source_id === undefined) {
			const validation = new Validation();
			validation.add('contact', 'Contact must exist');
			validation.raiseIfFailed();
		}
		if (params.inbox_id === undefined) {
			const validation = new Validation();
			validation.add('inbox', 'Inbox must exist');
			validation.raiseIfFailed();
		}
		const inbox = this.db.prepare('SELECT * FROM inboxes WHERE id = ? AND account_id = ?').get(params.inbox_id, accountId) as
			| InboxRow
			| undefined;
		if (!inbox) throw new RecordNotFound('Inbox');
		if (params.contact_id !== undefined) {
			const contact = this.contacts.find(accountId, params.contact_id);
			return { contact, contactInbox: this.contacts.findOrCreateContactInbox(contact, inbox, params.source_id) };
		}
		const contactInbox = this.db
			.prepare('SELECT * FROM contact_inboxes WHERE inbox_id = ? AND source_id = ?')
			.get(inbox.id, params.source_id) as ContactInboxRow | undefined;
		if (!contactInbox) throw new RecordNotFound('ContactInbox');
		return { contact: this.records.contact(contactInbox.contact_id), contactInbox };
	}

	private assignee(accountId: number, userId: number): UserRow {
		const user = this.db.prepare('SELECT * FROM users WHERE id = ? AND account_id = ?').get(userId, accountId) as UserRow | undefined;
		if (!user) {
			const validation = new Validation();
			validation.add('assignee', 'Assignee must exist');
			validation.raiseIfFailed();
		}
		return user as UserRow;
	}

	private now(): number {
		return this.options.now().getTime();
	}
}
