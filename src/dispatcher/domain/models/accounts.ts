import type { Database } from '../../store/database';
import type { InboxRow } from '../schema/records';

export interface Account {
	readonly id: number;
	readonly name: string;
}

export class Accounts {
	constructor(private readonly db: Database) {}

	find(accountId: number): Account | undefined {
		return this.db.prepare('SELECT id, name FROM accounts WHERE id = ?').get(accountId) as Account | undefined;
	}

	/** `Current.account.inboxes.find_by(id:)`. */
	inbox(accountId: number, inboxId: number): InboxRow | undefined {
		return this.db.prepare('SELECT * FROM inboxes WHERE id = ? AND account_id = ?').get(inboxId, accountId) as InboxRow | undefined;
	}
}
