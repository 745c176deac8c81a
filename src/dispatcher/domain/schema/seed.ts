import type { Database } from '../../store/database';
import { generateSecureToken } from '../models/secure-token';

/** Ids of what the seed creates; fixed so a user can type them into n8n and a restart finds them again. */
export const SEEDED = {
	accountId: 1,
	/** A second account the seeded users do not belong to: Chatwoot's "other account" 401 needs one. */
	otherAccountId: 2,
	inboxId: 1,
	administratorId: 1,
	agentId: 2,
	/** Two teams for routing flows; Chatwoot stores team names in lower case. */
	enterpriseTeamId: 1,
	standardTeamId: 2,
} as const;

export interface SeedTokens {
	adminToken?: string;
	agentToken?: string;
}

/**
 * A fresh Chatwoot after onboarding: account "Acme" with an API inbox, an administrator (whose token the
 * n8n credential uses) and a plain agent (whose token Chatwoot refuses on the webhook API), a member of
 * the inbox; the teams "enterprise" (both users) and "standard" (the administrator only). INSERT OR
 * IGNORE on fixed ids makes it safe on every start; tokens given on the command line replace stored ones,
 * and stored ones survive a restart so a token pasted into n8n keeps working.
 */
export function seed(db: Database, now: Date, tokens: SeedTokens): void {
	// One token for both users would make the agent an administrator by accident; refuse it up front.
	if (tokens.adminToken && tokens.adminToken === tokens.agentToken) {
		throw new Error('The administrator and the agent need different access tokens');
	}
	const at = now.getTime();
	db.transaction(() => {
		const account = db.prepare(
			'INSERT OR IGNORE INTO accounts (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)',
		);
		account.run(SEEDED.accountId, 'Acme', at, at);
		account.run(SEEDED.otherAccountId, 'Globex', at, at);
		db.prepare(
			`INSERT OR IGNORE INTO inboxes (id, account_id, name, channel_type, channel_id, webhook_url, created_at, updated_at)
			VALUES (?, ?, 'Support API', 'Channel::Api', 1, NULL, ?, ?)`,
		).run(SEEDED.inboxId, SEEDED.accountId, at, at);
		// Chatwoot 4.13 backfilled a secret for every existing API channel; so does a database from before.
		const secretless = db.prepare(`SELECT id FROM inboxes WHERE channel_type = 'Channel::Api' AND secret IS NULL`).all() as Array<{ id: number }>;
		for (const inbox of secretless) db.prepare('UPDATE inboxes SET secret = ? WHERE id = ?').run(generateSecureToken(), inbox.id);
		const user = db.prepare(
			`INSERT OR IGNORE INTO users (id, account_id, name, email, access_token, administrator, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		);
		user.run(SEEDED.administratorId, SEEDED.accountId, 'Acme Admin', 'admin@acme.example.com', generateSecureToken(), 1, at, at);
		user.run(SEEDED.agentId, SEEDED.accountId, 'Alex Agent', 'agent@acme.example.com', generateSecureToken(), 0, at, at);
		db.prepare('INSERT OR IGNORE INTO inbox_members (inbox_id, user_id) VALUES (?, ?)').run(SEEDED.inboxId, SEEDED.agentId);
		const team = db.prepare(
			`INSERT OR IGNORE INTO teams (id, account_id, name, description, allow_auto_assign, created_at, updated_at)
			VALUES (?, ?, ?, ?, 1, ?, ?)`,
		);
		team.run(SEEDED.enterpriseTeamId, SEEDED.accountId, 'enterprise', 'Customers on an enterprise plan', at, at);
		team.run(SEEDED.standardTeamId, SEEDED.accountId, 'standard', 'Everyone else', at, at);
		const member = db.prepare('INSERT OR IGNORE INTO team_members (team_id, user_id) VALUES (?, ?)');
		member.run(SEEDED.enterpriseTeamId, SEEDED.administratorId);
		member.run(SEEDED.enterpriseTeamId, SEEDED.agentId);
		member.run(SEEDED.standardTeamId, SEEDED.administratorId);
		const setToken = db.prepare('UPDATE users SET access_token = ? WHERE id = ? AND access_token IS NOT ?');
		if (tokens.adminToken) setToken.run(tokens.adminToken, SEEDED.administratorId, tokens.adminToken);
		if (tokens.agentToken) setToken.run(tokens.agentToken, SEEDED.agentId, tokens.agentToken);
	})();
}
