import type { Database } from '../../store/database';

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

	accessToken(userId: number): string {
		const row = this.db.prepare('SELECT access_token FROM users WHERE id = ?').get(userId) as
			| Pick<UserRow, 'access_token'>
			| undefined;
		if (!row) throw new Error(`The seeded user ${userId} is missing from the database`);
		return row.access_token;
	}
}
