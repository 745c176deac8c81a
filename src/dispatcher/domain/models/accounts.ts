import type { Database } from '../../store/database';

export interface Account {
	readonly id: number;
	readonly name: string;
}

export class Accounts {
	constructor(private readonly db: Database) {}

	find(accountId: number): Account | undefined {
		return this.db.prepare('SELECT id, name FROM accounts WHERE id = ?').get(accountId) as Account | undefined;
	}
}
