import { randomUUID } from 'node:crypto';

import type { Database } from '../../store/database';
import type { EventEmission } from '../listeners/event-emission';
import { contactCreatedPayload, contactUpdatedPayload } from '../listeners/webhook-listener';
import { jsonColumn, type ContactInboxRow, type ContactRow, type InboxRow, type Records } from '../schema/records';
import { changedAttributes, inSchemaOrder, type AttributeChange } from './changed-attributes';
import { filterSql, type FilterAttribute, type FilterOperator } from './filter-conditions';
import { labelList, sameLabels } from './label-list';
import { RecordNotFound, Validation } from './record-errors';
import { generateSecureToken } from './secure-token';

/** What `ContactsController` permits. */
const TEXT_OPERATORS: readonly FilterOperator[] = ['equal_to', 'not_equal_to', 'contains', 'does_not_contain'];

/** The standard contact filter attributes of the columns the dispatcher keeps. */
const CONTACT_FILTER_ATTRIBUTES: Record<string, FilterAttribute> = {
	name: { sql: 'name', operators: TEXT_OPERATORS },
	email: { sql: 'email', operators: TEXT_OPERATORS },
	phone_number: { sql: 'phone_number', operators: TEXT_OPERATORS },
	identifier: { sql: 'identifier', operators: ['equal_to', 'not_equal_to'] },
	blocked: { sql: "CASE blocked WHEN 1 THEN 'true' ELSE 'false' END", operators: ['equal_to', 'not_equal_to'] },
	labels: { sql: 'labels', operators: ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'], list: true },
};

/** Contacts index, search and filter give 15 a page. */
const SEARCH_PAGE_SIZE = 15;

/** The `contacts` columns of Chatwoot's `db/schema.rb` that the dispatcher changes, in schema order. */
const CONTACT_COLUMNS = [
	'name',
	'email',
	'phone_number',
	'updated_at',
	'additional_attributes',
	'identifier',
	'custom_attributes',
	'last_activity_at',
	'blocked',
] as const;

export interface ContactParams {
	name?: string | null;
	email?: string | null;
	phone_number?: string | null;
	identifier?: string | null;
	additional_attributes?: Record<string, unknown>;
	custom_attributes?: Record<string, unknown>;
	blocked?: boolean;
}

export interface NewContactParams extends ContactParams {
	/** Creates the contact's ContactInbox in this inbox, as the API's create does. */
	inbox_id?: number;
	source_id?: string;
}

// Devise's email_regexp and Chatwoot's E.164 check (`/\+[1-9]\d{1,14}\z/`).
const EMAIL = /^[^@\s]+@[^@\s]+$/;
const E164 = /\+[1-9]\d{1,14}$/;

export class Contacts {
	constructor(
		private readonly db: Database,
		private readonly records: Records,
		private readonly emission: EventEmission,
		private readonly now: () => Date,
	) {}

	/** `Current.account.contacts.find(id)`. */
	find(accountId: number, contactId: number): ContactRow {
		const row = this.db.prepare('SELECT * FROM contacts WHERE id = ? AND account_id = ?').get(contactId, accountId) as
			| ContactRow
			| undefined;
		if (!row) throw new RecordNotFound('Contact');
		return row;
	}

	/**
	 * `contacts#search`: name, email and phone number contain `q` (any case), or the identifier does (case
	 * kept), over every contact of the account; 15 a page, newest first. `hasMore` from reading a 16th.
	 */
	search(accountId: number, q: string, page: number): { contacts: ContactRow[]; hasMore: boolean } {
		const pattern = `%${q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
		const rows = this.db
			.prepare(
				`SELECT * FROM contacts WHERE account_id = ? AND (lower(name) LIKE lower(?) ESCAPE '\\' OR lower(email) LIKE lower(?) ESCAPE '\\'
					OR lower(phone_number) LIKE lower(?) ESCAPE '\\' OR identifier GLOB ?)
				ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
			)
			.all(accountId, pattern, pattern, pattern, `*${q.replace(/[*?[\]]/g, (character) => `[${character}]`)}*`, SEARCH_PAGE_SIZE + 1, (page - 1) * SEARCH_PAGE_SIZE) as ContactRow[];
		return { contacts: rows.slice(0, SEARCH_PAGE_SIZE), hasMore: rows.length > SEARCH_PAGE_SIZE };
	}

	/**
	 * `contacts#filter` (`Contacts::FilterService`): the standard attributes, 15 a page, resolved contacts
	 * only (with an email, phone number or identifier). `total` counts every match.
	 */
	filter(accountId: number, conditions: unknown, page: number): { contacts: ContactRow[]; total: number } {
		const { sql, args } = filterSql(conditions, CONTACT_FILTER_ATTRIBUTES);
		const base = `FROM contacts WHERE account_id = ? AND (email IS NOT NULL OR phone_number IS NOT NULL OR identifier IS NOT NULL) AND (${sql})`;
		const total = (this.db.prepare(`SELECT COUNT(*) AS count ${base}`).get(accountId, ...args) as { count: number }).count;
		const contacts = this.db
			.prepare(`SELECT * ${base} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
			.all(accountId, ...args, SEARCH_PAGE_SIZE, (Math.max(1, page) - 1) * SEARCH_PAGE_SIZE) as ContactRow[];
		return { contacts, total };
	}

	/** `contacts/labels#create`: replaces the contact's labels. → `contact_updated` [updated_at, label_list] when they change. */
	setLabels(accountId: number, contactId: number, labels: string[]): string[] {
		return this.emission.transaction(() => {
			const before = this.find(accountId, contactId);
			const wanted = labelList(labels);
			const current = jsonColumn<string[]>(before.labels);
			if (sameLabels(current, wanted)) return current;
			this.db.prepare('UPDATE contacts SET labels = ? WHERE id = ?').run(JSON.stringify(wanted), before.id);
			this.save(before, { ...before, labels: JSON.stringify(wanted) }, [{ attribute: 'label_list', previous: current, current: wanted }]);
			return wanted;
		});
	}

	contactInboxes(contactId: number): Array<{ contactInbox: ContactInboxRow; inbox: InboxRow }> {
		const rows = this.db.prepare('SELECT * FROM contact_inboxes WHERE contact_id = ? ORDER BY id').all(contactId) as ContactInboxRow[];
		return rows.map((contactInbox) => ({ contactInbox, inbox: this.records.inbox(contactInbox.inbox_id) }));
	}

	/** → `contact_created`. */
	create(accountId: number, params: NewContactParams): { contact: ContactRow; contactInbox: ContactInboxRow | null } {
		return this.emission.transaction(() => {
			const inbox = params.inbox_id === undefined ? undefined : this.inboxOf(accountId, params.inbox_id);
			const email = params.email ? params.email.toLowerCase() : null;
			this.validate(accountId, undefined, email, params.phone_number ?? null, params.identifier ?? null);
			const at = this.now().getTime();
			const result = this.db
				.prepare(
					`INSERT INTO contacts (account_id, name, email, phone_number, identifier, additional_attributes, custom_attributes,
						blocked, last_activity_at, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
				)
				.run(
					accountId,
					params.name ?? '',
					email,
					params.phone_number || null,
					params.identifier || null,
					JSON.stringify(params.additional_attributes ?? {}),
					JSON.stringify(params.custom_attributes ?? {}),
					params.blocked ? 1 : 0,
					at,
					at,
				);
			const contact = this.records.contact(Number(result.lastInsertRowid));
			const contactInbox = inbox ? this.findOrCreateContactInbox(contact, inbox, params.source_id) : null;
			this.emission.emit(accountId, 'contact_created', contactCreatedPayload(contact, this.records.account(accountId)));
			return { contact, contactInbox };
		});
	}

	/** → `contact_updated` with `changed_attributes`; nothing is emitted when nothing changed, as Chatwoot skips it. */
	update(accountId: number, contactId: number, params: ContactParams): ContactRow {
		return this.emission.transaction(() => {
			const before = this.find(accountId, contactId);
			const email = params.email === undefined ? before.email : params.email ? params.email.toLowerCase() : null;
			const after: ContactRow = {
				...before,
				name: params.name === undefined ? before.name : (params.name ?? ''),
				email,
				phone_number: params.phone_number === undefined ? before.phone_number : params.phone_number || null,
				identifier: params.identifier === undefined ? before.identifier : params.identifier || null,
				// The controller merges attribute hashes into the stored ones rather than replacing them.
				additional_attributes: JSON.stringify({ ...jsonColumn(before.additional_attributes), ...params.additional_attributes }),
				custom_attributes: JSON.stringify({ ...jsonColumn(before.custom_attributes), ...params.custom_attributes }),
				blocked: params.blocked === undefined ? before.blocked : params.blocked ? 1 : 0,
			};
			this.validate(accountId, contactId, after.email, after.phone_number, after.identifier);
			const changes = this.diff(before, after);
			return changes.length === 0 ? before : this.save(before, after, changes);
		});
	}

	/** `update_contact_activity`: an incoming message touches the sender's `last_activity_at` (and so emits). */
	touchActivity(contact: ContactRow, at: number): void {
		const after = { ...contact, last_activity_at: at };
		this.save(contact, after, [{ attribute: 'last_activity_at', previous: contact.last_activity_at, current: at, kind: 'time' }]);
	}

	/** `ContactInboxBuilder`: the contact's ContactInbox in the inbox, created with a uuid source id if absent. */
	findOrCreateContactInbox(contact: ContactRow, inbox: InboxRow, sourceId?: string): ContactInboxRow {
		if (sourceId === undefined) {
			const existing = this.db
				.prepare('SELECT * FROM contact_inboxes WHERE contact_id = ? AND inbox_id = ? ORDER BY id LIMIT 1')
				.get(contact.id, inbox.id) as ContactInboxRow | undefined;
			if (existing) return existing;
		} else {
			const existing = this.db
				.prepare('SELECT * FROM contact_inboxes WHERE inbox_id = ? AND source_id = ?')
				.get(inbox.id, sourceId) as ContactInboxRow | undefined;
			if (existing && existing.contact_id === contact.id) return existing;
			if (existing) {
				const validation = new Validation();
				validation.add('source_id', 'Source has already been taken');
				validation.raiseIfFailed();
			}
		}
		const at = this.now().getTime();
		const result = this.db
			.prepare(
				`INSERT INTO contact_inboxes (contact_id, inbox_id, source_id, hmac_verified, pubsub_token, created_at, updated_at)
				VALUES (?, ?, ?, 0, ?, ?, ?)`,
			)
			.run(contact.id, inbox.id, sourceId ?? randomUUID(), generateSecureToken(), at, at);
		return this.records.contactInbox(Number(result.lastInsertRowid));
	}

	private inboxOf(accountId: number, inboxId: number): InboxRow {
		const inbox = this.db.prepare('SELECT * FROM inboxes WHERE id = ? AND account_id = ?').get(inboxId, accountId) as
			| InboxRow
			| undefined;
		if (!inbox) throw new RecordNotFound('Inbox');
		return inbox;
	}

	private save(before: ContactRow, after: ContactRow, changes: AttributeChange[]): ContactRow {
		const at = this.now().getTime();
		this.db
			.prepare(
				`UPDATE contacts SET name = ?, email = ?, phone_number = ?, identifier = ?, additional_attributes = ?,
					custom_attributes = ?, blocked = ?, last_activity_at = ?, updated_at = ? WHERE id = ?`,
			)
			.run(
				after.name,
				after.email,
				after.phone_number,
				after.identifier,
				after.additional_attributes,
				after.custom_attributes,
				after.blocked,
				after.last_activity_at,
				at,
				before.id,
			);
		const saved = this.records.contact(before.id);
		const changed = changedAttributes(
			inSchemaOrder([...changes, { attribute: 'updated_at', previous: before.updated_at, current: at, kind: 'time' }], CONTACT_COLUMNS),
		);
		if (changed) {
			this.emission.emit(before.account_id, 'contact_updated', contactUpdatedPayload(saved, this.records.account(before.account_id), changed));
		}
		return saved;
	}

	private diff(before: ContactRow, after: ContactRow): AttributeChange[] {
		const columns: Array<[keyof ContactRow, AttributeChange['kind']]> = [
			['name', undefined],
			['email', undefined],
			['phone_number', undefined],
			['identifier', undefined],
			['additional_attributes', 'json'],
			['custom_attributes', 'json'],
			['blocked', 'boolean'],
		];
		return columns
			.filter(([column]) => before[column] !== after[column])
			.map(([column, kind]) => ({ attribute: column, previous: before[column], current: after[column], kind }));
	}

	/** Contact's validations: email format and uniqueness, E.164 phone numbers, unique identifiers. */
	private validate(accountId: number, contactId: number | undefined, email: string | null, phone: string | null, identifier: string | null): void {
		const validation = new Validation();
		// Email uniqueness ignores case (`case_sensitive: false`); the identifier's does not.
		const taken = (condition: string, value: string) =>
			this.db
				.prepare(`SELECT 1 FROM contacts WHERE account_id = ? AND ${condition} AND id IS NOT ?`)
				.get(accountId, value, contactId ?? null) !== undefined;
		if (email !== null && taken('lower(email) = lower(?)', email)) validation.add('email', 'Email has already been taken');
		if (email !== null && !EMAIL.test(email)) validation.add('email', 'Email Invalid email');
		if (phone !== null && !E164.test(phone)) validation.add('phone_number', 'Phone number should be in e164 format');
		if (identifier !== null && taken('identifier = ?', identifier)) validation.add('identifier', 'Identifier has already been taken');
		validation.raiseIfFailed();
	}
}
