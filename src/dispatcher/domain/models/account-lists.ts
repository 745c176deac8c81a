import type { Database } from '../../store/database';
import type { ContactRow, ConversationRow, InboxRow, UserRow } from '../schema/records';

export type ConversationStatusFilter = 'open' | 'resolved' | 'pending' | 'snoozed' | 'all';

/** The index queries of Chatwoot's list routes: an account's inboxes, agents, contacts and conversations. */
export class AccountLists {
	constructor(private readonly db: Database) {}

	inboxes(accountId: number): InboxRow[] {
		return this.db.prepare('SELECT * FROM inboxes WHERE account_id = ? ORDER BY id').all(accountId) as InboxRow[];
	}

	/** `Current.account.users.order_by_full_name`. */
	agents(accountId: number): UserRow[] {
		return this.db.prepare('SELECT * FROM users WHERE account_id = ? ORDER BY lower(name), id').all(accountId) as UserRow[];
	}

	/** Newest activity first, as the contacts page sorts by default; a page of `limit`. */
	contacts(accountId: number, page: number, limit: number): { contacts: ContactRow[]; count: number } {
		const count = this.db.prepare('SELECT count(*) FROM contacts WHERE account_id = ?').pluck().get(accountId) as number;
		const contacts = this.db
			.prepare('SELECT * FROM contacts WHERE account_id = ? ORDER BY coalesce(last_activity_at, created_at) DESC, id DESC LIMIT ? OFFSET ?')
			.all(accountId, limit, (page - 1) * limit) as ContactRow[];
		return { contacts, count };
	}

	/** `ConversationFinder`: by status (open by default, `all` for any), latest activity first, a page of `limit`. */
	conversations(accountId: number, status: ConversationStatusFilter, page: number, limit: number): { conversations: ConversationRow[]; count: number } {
		const where = status === 'all' ? 'account_id = ?' : 'account_id = ? AND status = ?';
		const parameters = status === 'all' ? [accountId] : [accountId, status];
		const count = this.db.prepare(`SELECT count(*) FROM conversations WHERE ${where}`).pluck().get(...parameters) as number;
		const conversations = this.db
			.prepare(`SELECT * FROM conversations WHERE ${where} ORDER BY last_activity_at DESC, id DESC LIMIT ? OFFSET ?`)
			.all(...parameters, limit, (page - 1) * limit) as ConversationRow[];
		return { conversations, count };
	}
}
