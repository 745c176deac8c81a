import type { Database } from '../../store/database';
import { RecordNotFound } from './record-errors';
import type { TeamRow, UserRow } from '../schema/records';

/** An account's teams and their members (`Team`, `TeamMember`), as the teams API and assignments read them. */
export class Teams {
	constructor(private readonly db: Database) {}

	/** `Current.account.teams`, by id. */
	list(accountId: number): TeamRow[] {
		return this.db.prepare('SELECT * FROM teams WHERE account_id = ? ORDER BY id').all(accountId) as TeamRow[];
	}

	/** `Current.account.teams.find(params[:id])`. */
	find(accountId: number, teamId: number): TeamRow {
		const team = this.db.prepare('SELECT * FROM teams WHERE id = ? AND account_id = ?').get(teamId, accountId) as TeamRow | undefined;
		if (!team) throw new RecordNotFound('Team');
		return team;
	}

	members(teamId: number): UserRow[] {
		return this.db
			.prepare('SELECT u.* FROM users u JOIN team_members m ON m.user_id = u.id WHERE m.team_id = ? ORDER BY u.id')
			.all(teamId) as UserRow[];
	}

	isMember(teamId: number, userId: number): boolean {
		return this.db.prepare('SELECT 1 FROM team_members WHERE team_id = ? AND user_id = ?').get(teamId, userId) !== undefined;
	}
}
