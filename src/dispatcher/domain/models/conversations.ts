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
	TeamRow,
	UserRow,
} from '../schema/records';
import { jsonColumn } from '../schema/records';
import { changedAttributes, inSchemaOrder, type AttributeChange } from './changed-attributes';
import type { Contacts } from './contacts';
import { filterSql, type FilterAttribute, type FilterOperator } from './filter-conditions';
import { labelList, sameLabels } from './label-list';
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
 * Writes a conversation's first message and returns what announces it. Chatwoot builds the
 * `conversation_created` payload in a job after the commit, so it carries the first message; the
 * message's own events follow.
 */
export type FirstMessage = (conversation: ConversationRow) => () => unknown;

/**
 * The columns whose change makes Chatwoot emit `conversation_updated` (`Conversation#notify_conversation_updation`);
 * all that the dispatcher's routes change are in the list, so every saved change here emits it.
 */
type ConversationChange = Partial<
	Pick<
		ConversationRow,
		| 'status'
		| 'snoozed_until'
		| 'priority'
		| 'assignee_id'
		| 'team_id'
		| 'waiting_since'
		| 'first_reply_created_at'
		| 'custom_attributes'
		| 'labels'
	>
>;

const KINDS: Record<Exclude<keyof ConversationChange, 'labels'>, AttributeChange['kind']> = {
	status: undefined,
	snoozed_until: 'time',
	priority: undefined,
	assignee_id: undefined,
	team_id: undefined,
	waiting_since: 'time',
	first_reply_created_at: 'time',
	custom_attributes: 'json',
};

/**
 * The `conversations` columns of Chatwoot's `db/schema.rb` that reach `changed_attributes`, in schema
 * order; `label_list` (acts-as-taggable's, not a column) comes last.
 */
const CONVERSATION_COLUMNS = [
	'status',
	'assignee_id',
	'updated_at',
	'team_id',
	'snoozed_until',
	'custom_attributes',
	'first_reply_created_at',
	'priority',
	'waiting_since',
	'cached_label_list',
	'label_list',
] as const;

/** What `assignments#create` did: an agent or a team set, or nothing found (`null`). */
export type AssignmentResult = { kind: 'agent'; user: UserRow } | { kind: 'team'; team: TeamRow } | null;

/** `assignments#create`'s params, by key presence: which keys the body has decides the branch. */
export interface AssignmentParams {
	assignee?: { id: number | null };
	team?: { id: number | null };
	/** `assignee_type: "AgentBot"`: agent bot assignments belong to the agent bots' domain. */
	agentBot?: boolean;
}

/** `ConversationFinder`'s filters. */
export interface ConversationFilters {
	status?: ConversationStatus | 'all';
	assigneeType?: 'me' | 'unassigned' | 'assigned' | 'all';
	inboxId?: number;
	teamId?: number;
	labels?: string[];
	/** Message content, case-insensitive; drops the status filter, as Chatwoot does. */
	q?: string;
	page?: number;
}

export interface ConversationViewer {
	userId: number;
	administrator: boolean;
}

export interface ConversationPage {
	conversations: ConversationRow[];
	counts: { mine_count: number; assigned_count: number; unassigned_count: number; all_count: number };
}

const EQUALITY: readonly FilterOperator[] = ['equal_to', 'not_equal_to'];
const PRESENCE: readonly FilterOperator[] = ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'];

/** The standard conversation filter attributes of the columns the dispatcher keeps. */
const CONVERSATION_FILTER_ATTRIBUTES: Record<string, FilterAttribute> = {
	status: { sql: 'status', operators: EQUALITY },
	assignee_id: { sql: 'assignee_id', operators: PRESENCE },
	inbox_id: { sql: 'inbox_id', operators: PRESENCE },
	team_id: { sql: 'team_id', operators: PRESENCE },
	contact_id: { sql: 'contact_id', operators: PRESENCE },
	priority: { sql: 'priority', operators: EQUALITY },
	display_id: { sql: 'display_id', operators: EQUALITY },
	labels: { sql: 'labels', operators: PRESENCE, list: true },
};

/** `CONVERSATION_RESULTS_PER_PAGE`. */
const PAGE_SIZE = 25;

/** `Conversation` validates custom attribute values: strings up to 1500 characters, integers below 10^10 - 1. */
const MAX_ATTRIBUTE_TEXT = 1500;
const MAX_ATTRIBUTE_NUMBER = 9_999_999_999;

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
	create(accountId: number, params: NewConversationParams, firstMessage?: FirstMessage): ConversationRow {
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
			const announceMessage = firstMessage?.(conversation);
			this.emission.emit(accountId, 'conversation_created', conversationCreatedPayload(this.records.conversationState(conversation.id)));
			announceMessage?.();
			return this.records.conversation(conversation.id);
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

	/**
	 * `assignments#create`, branch by key presence as `AssignmentsController` does: an `assignee_id` key is
	 * the agent branch (a `team_id` beside it is ignored; an unknown or null id unassigns); a `team_id` key
	 * alone the team branch (unknown or null removes the team). `{}` changes nothing. Setting a team
	 * drops an assignee who is not a member (`ensure_assignee_is_from_team`); nobody is online on the
	 * dispatcher, so the auto-assignment that follows picks nobody. → `conversation_updated`.
	 */
	assign(accountId: number, displayId: number, params: AssignmentParams): AssignmentResult {
		return this.emission.transaction(() => {
			const conversation = this.find(accountId, displayId);
			if (params.agentBot) return null;
			if (params.assignee) {
				const user = params.assignee.id === null ? undefined : this.accountUser(accountId, params.assignee.id);
				this.change(conversation, { assignee_id: user?.id ?? null });
				return user ? { kind: 'agent', user } : null;
			}
			if (params.team) {
				const team = params.team.id === null ? undefined : this.accountTeam(accountId, params.team.id);
				const change: ConversationChange = { team_id: team?.id ?? null };
				if (team && conversation.assignee_id !== null && !this.isTeamMember(team.id, conversation.assignee_id)) change.assignee_id = null;
				this.change(conversation, change);
				return team ? { kind: 'team', team } : null;
			}
			return null;
		});
	}

	/** `labels#create`: replaces the list (names kept as given, repeats dropped). No event when the sorted list is unchanged. */
	setLabels(accountId: number, displayId: number, labels: string[]): string[] {
		return this.emission.transaction(() => {
			const conversation = this.find(accountId, displayId);
			const wanted = labelList(labels);
			const current = jsonColumn<string[]>(conversation.labels);
			if (sameLabels(current, wanted)) return current;
			return jsonColumn<string[]>(this.change(conversation, { labels: JSON.stringify(wanted) }).labels);
		});
	}

	/** `custom_attributes#create`: replaces the whole hash after Chatwoot's value checks. */
	setCustomAttributes(accountId: number, displayId: number, attributes: Record<string, unknown>): Record<string, unknown> {
		return this.emission.transaction(() => {
			const conversation = this.find(accountId, displayId);
			const validation = new Validation();
			for (const [key, value] of Object.entries(attributes)) {
				if (typeof value === 'string' && value.length > MAX_ATTRIBUTE_TEXT) {
					validation.add('custom_attributes', `Custom attributes ${key} is too long (maximum is ${MAX_ATTRIBUTE_TEXT} characters)`);
				}
				if (typeof value === 'number' && Number.isInteger(value) && value >= MAX_ATTRIBUTE_NUMBER) {
					validation.add('custom_attributes', `Custom attributes ${key} must be less than ${MAX_ATTRIBUTE_NUMBER}`);
				}
			}
			validation.raiseIfFailed();
			return jsonColumn(this.change(conversation, { custom_attributes: JSON.stringify(attributes) }).custom_attributes);
		});
	}

	/**
	 * `ConversationFinder`: 25 a page, newest activity first. An agent sees the conversations of their
	 * inboxes only; the counts are taken after every filter but the assignee type.
	 */
	list(accountId: number, viewer: ConversationViewer, filters: ConversationFilters): ConversationPage {
		const where: string[] = ['c.account_id = ?'];
		const args: unknown[] = [accountId];
		if (!viewer.administrator) {
			where.push('c.inbox_id IN (SELECT inbox_id FROM inbox_members WHERE user_id = ?)');
			args.push(viewer.userId);
		}
		if (filters.q) {
			where.push("c.id IN (SELECT conversation_id FROM messages WHERE lower(content) LIKE lower(?) ESCAPE '\\')");
			args.push(`%${filters.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
		} else if (filters.status !== 'all') {
			where.push('c.status = ?');
			args.push(filters.status ?? 'open');
		}
		if (filters.inboxId !== undefined) {
			where.push('c.inbox_id = ?');
			args.push(filters.inboxId);
		}
		if (filters.teamId !== undefined) {
			this.teamOf(accountId, filters.teamId);
			where.push('c.team_id = ?');
			args.push(filters.teamId);
		}
		if (filters.labels && filters.labels.length > 0) {
			where.push(`EXISTS (SELECT 1 FROM json_each(c.labels) WHERE json_each.value IN (${filters.labels.map(() => '?').join(', ')}))`);
			args.push(...filters.labels);
		}
		const base = `FROM conversations c WHERE ${where.join(' AND ')}`;
		const count = (extra: string, ...extraArgs: unknown[]) =>
			(this.db.prepare(`SELECT COUNT(*) AS count ${base}${extra}`).get(...args, ...extraArgs) as { count: number }).count;
		const counts = {
			mine_count: count(' AND c.assignee_id = ?', viewer.userId),
			assigned_count: count(' AND c.assignee_id IS NOT NULL'),
			unassigned_count: count(' AND c.assignee_id IS NULL'),
			all_count: count(''),
		};
		const assignee = { me: ' AND c.assignee_id = ?', unassigned: ' AND c.assignee_id IS NULL', assigned: ' AND c.assignee_id IS NOT NULL', all: '' };
		const type = filters.assigneeType ?? 'all';
		const page = Math.max(1, filters.page ?? 1);
		const conversations = this.db
			.prepare(`SELECT c.* ${base}${assignee[type]} ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ? OFFSET ?`)
			.all(...args, ...(type === 'me' ? [viewer.userId] : []), PAGE_SIZE, (page - 1) * PAGE_SIZE) as ConversationRow[];
		return { conversations, counts };
	}

	/**
	 * `conversations#filter` (`Conversations::FilterService`): the standard attributes the dispatcher keeps,
	 * 25 a page, newest activity first, an agent's own inboxes only.
	 */
	filter(accountId: number, viewer: ConversationViewer, conditions: unknown, page: number): ConversationPage {
		const { sql, args } = filterSql(conditions, CONVERSATION_FILTER_ATTRIBUTES);
		const scope = viewer.administrator ? '' : ' AND inbox_id IN (SELECT inbox_id FROM inbox_members WHERE user_id = ?)';
		const base = `FROM conversations WHERE account_id = ?${scope} AND (${sql})`;
		const baseArgs = [accountId, ...(viewer.administrator ? [] : [viewer.userId]), ...args];
		const count = (extra: string, ...extraArgs: unknown[]) =>
			(this.db.prepare(`SELECT COUNT(*) AS count ${base}${extra}`).get(...baseArgs, ...extraArgs) as { count: number }).count;
		const conversations = this.db
			.prepare(`SELECT * ${base} ORDER BY last_activity_at DESC, id DESC LIMIT ? OFFSET ?`)
			.all(...baseArgs, PAGE_SIZE, (Math.max(1, page) - 1) * PAGE_SIZE) as ConversationRow[];
		return {
			conversations,
			counts: {
				mine_count: count(' AND assignee_id = ?', viewer.userId),
				assigned_count: count(' AND assignee_id IS NOT NULL'),
				unassigned_count: count(' AND assignee_id IS NULL'),
				all_count: count(''),
			},
		};
	}

	/** The contact's conversations, newest activity first, at most 20 (`contacts/conversations#index`). */
	ofContact(accountId: number, contactId: number, viewer: ConversationViewer): ConversationRow[] {
		const scope = viewer.administrator ? '' : ' AND inbox_id IN (SELECT inbox_id FROM inbox_members WHERE user_id = ?)';
		return this.db
			.prepare(`SELECT * FROM conversations WHERE account_id = ? AND contact_id = ?${scope} ORDER BY last_activity_at DESC, id DESC LIMIT 20`)
			.all(accountId, contactId, ...(viewer.administrator ? [] : [viewer.userId])) as ConversationRow[];
	}

	/** `Current.account.teams.find(params[:team_id])`: 404 for a team of another account. */
	teamOf(accountId: number, teamId: number): TeamRow {
		const team = this.accountTeam(accountId, teamId);
		if (!team) throw new RecordNotFound('Team');
		return team;
	}

	private accountUser(accountId: number, userId: number): UserRow | undefined {
		return this.db.prepare('SELECT * FROM users WHERE id = ? AND account_id = ?').get(userId, accountId) as UserRow | undefined;
	}

	private accountTeam(accountId: number, teamId: number): TeamRow | undefined {
		return this.db.prepare('SELECT * FROM teams WHERE id = ? AND account_id = ?').get(teamId, accountId) as TeamRow | undefined;
	}

	private isTeamMember(teamId: number, userId: number): boolean {
		return this.db.prepare('SELECT 1 FROM team_members WHERE team_id = ? AND user_id = ?').get(teamId, userId) !== undefined;
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
		const columns = Object.entries(change).filter(([attribute, current]) => conversation[attribute as keyof ConversationChange] !== current) as Array<
			[keyof ConversationChange, unknown]
		>;
		if (columns.length === 0) return conversation;
		const at = this.now();
		this.db
			.prepare(`UPDATE conversations SET ${columns.map(([attribute]) => `${attribute} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
			.run(...columns.map(([, current]) => current), at, conversation.id);
		const changes: AttributeChange[] = [{ attribute: 'updated_at', previous: conversation.updated_at, current: at, kind: 'time' }];
		for (const [attribute, current] of columns) {
			if (attribute === 'labels') {
				// acts-as-taggable reports the cache column (a ", "-joined string) and the tag list (an array).
				const previous = jsonColumn<string[]>(conversation.labels);
				const next = jsonColumn<string[]>(current as string);
				changes.push({ attribute: 'cached_label_list', previous: previous.join(', '), current: next.join(', ') });
				changes.push({ attribute: 'label_list', previous, current: next });
			} else {
				changes.push({ attribute, previous: conversation[attribute], current, kind: KINDS[attribute] });
			}
		}
		const ordered = inSchemaOrder(changes, CONVERSATION_COLUMNS);
		const state = this.records.conversationState(conversation.id);
		const statusChange = ordered.find((item) => item.attribute === 'status');
		if (statusChange) {
			const changed = this.options.statusChangedAttributes ? changedAttributes([statusChange]) : null;
			this.emission.emit(conversation.account_id, 'conversation_status_changed', conversationChangedPayload('conversation_status_changed', state, changed));
		}
		this.emission.emit(
			conversation.account_id,
			'conversation_updated',
			conversationChangedPayload('conversation_updated', state, changedAttributes(ordered)),
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

	/** `assignee_id` on create must name an agent of the account. */
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
