import type { Database } from '../../store/database';
import type { InboxRow, UserRow as UserRecord } from '../schema/records';

/** An agent of an account, as the API authenticates it and as payloads name it. */
export interface User {
	readonly id: number;
	readonly accountId: number;
	readonly name: string;
	readonly email: string;
	readonly administrator: boolean;
}

interface UserRow {
	id: number;
	account_id: number;
	name: string;
	email: string;
	access_token: string;
	administrator: number;
}

function toUser(row: UserRow): User {
	return { id: row.id, accountId: row.account_id, name: row.name, email: row.email, administrator: row.administrator === 1 };
}

export class Users {
	constructor(private readonly db: Database) {}

	/** `AccessTokenAuthHelper`: the user whose access token this is, if any. */
	authenticate(accessToken: string): User | undefined {
		const row = this.db.prepare('SELECT * FROM users WHERE access_token = ?').get(accessToken) as UserRow | undefined;
		return row ? toUser(row) : undefined;
	}

	/** `Current.account.users`, ordered by name (`agents#index`), as the API's views read them. */
	agents(accountId: number): UserRecord[] {
		return this.db.prepare('SELECT * FROM users WHERE account_id = ? ORDER BY name, id').all(accountId) as UserRecord[];
	}

	/** The inboxes a user may see: all of the account's for an administrator, their own for an agent (`InboxPolicy::Scope`). */
	inboxes(user: User): InboxRow[] {
		const sql = user.administrator
			? 'SELECT * FROM inboxes WHERE account_id = ? ORDER BY name, id'
			: 'SELECT i.* FROM inboxes i JOIN inbox_members m ON m.inbox_id = i.id WHERE i.account_id = ? AND m.user_id = ? ORDER BY i.name, i.id';
		return this.db.prepare(sql).all(...(user.administrator ? [user.accountId] : [user.accountId, user.id])) as InboxRow[];
	}

	isInboxMember(inboxId: number, userId: number): boolean {
		return this.db.prepare('SELECT 1 FROM inbox_members WHERE inbox_id = ? AND user_id = ?').get(inboxId, userId) !== undefined;
	}

	accessToken(userId: number): string {
		const row = this.db.prepare('SELECT access_token FROM users WHERE id = ?').get(userId) as
			| Pick<UserRow, 'access_token'>
			| undefined;
		if (!row) throw new Error(`The seeded user ${userId} is missing from the database`);
		return row.access_token;
	}
}
