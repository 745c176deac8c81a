import { randomUUID } from 'node:crypto';

import type { Database } from '../../store/database';
import type { EventEmission } from '../listeners/event-emission';
import { contactCreatedPayload, contactUpdatedPayload } from '../listeners/webhook-listener';
import { jsonColumn, type ContactInboxRow, type ContactRow, type InboxRow, type Records } from '../schema/records';
import { changedAttributes, type AttributeChange } from './changed-attributes';
import { RecordNotFound, Validation } from './record-errors';
import { generateSecureToken } from './secure-token';

/** What `ContactsController` permits. */
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
		const changed = changedAttributes([
			...changes,
			{ attribute: 'updated_at', previous: before.updated_at, current: at, kind: 'time' },
		]);
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
