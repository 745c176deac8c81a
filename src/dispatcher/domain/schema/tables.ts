import type { Database } from '../../store/database';

/**
 * The domain's tables, a slice of Chatwoot's schema: only the columns that reach a webhook payload or an
 * API answer. Times are unix milliseconds (INTEGER) so the payload builders can render them as Chatwoot
 * does (ISO with milliseconds, unix seconds, or a float); JSON columns hold Chatwoot's jsonb values.
 */
const STATEMENTS = [
	`CREATE TABLE IF NOT EXISTS accounts (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		name TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS inboxes (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		name TEXT NOT NULL,
		channel_type TEXT NOT NULL,
		channel_id INTEGER NOT NULL,
		webhook_url TEXT,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS users (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		name TEXT NOT NULL,
		email TEXT NOT NULL UNIQUE,
		access_token TEXT NOT NULL UNIQUE,
		administrator INTEGER NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS inbox_members (
		inbox_id INTEGER NOT NULL REFERENCES inboxes (id),
		user_id INTEGER NOT NULL REFERENCES users (id),
		PRIMARY KEY (inbox_id, user_id)
	)`,
	`CREATE TABLE IF NOT EXISTS teams (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		name TEXT NOT NULL,
		description TEXT,
		allow_auto_assign INTEGER NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		UNIQUE (account_id, name)
	)`,
	`CREATE TABLE IF NOT EXISTS team_members (
		team_id INTEGER NOT NULL REFERENCES teams (id),
		user_id INTEGER NOT NULL REFERENCES users (id),
		PRIMARY KEY (team_id, user_id)
	)`,
	`CREATE TABLE IF NOT EXISTS labels (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		title TEXT NOT NULL,
		description TEXT,
		color TEXT NOT NULL,
		show_on_sidebar INTEGER,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		UNIQUE (account_id, title)
	)`,
	`CREATE TABLE IF NOT EXISTS contacts (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		name TEXT NOT NULL,
		email TEXT,
		phone_number TEXT,
		identifier TEXT,
		additional_attributes TEXT NOT NULL,
		custom_attributes TEXT NOT NULL,
		blocked INTEGER NOT NULL,
		labels TEXT NOT NULL DEFAULT '[]',
		last_activity_at INTEGER,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS contact_inboxes (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		contact_id INTEGER NOT NULL REFERENCES contacts (id),
		inbox_id INTEGER NOT NULL REFERENCES inboxes (id),
		source_id TEXT NOT NULL,
		hmac_verified INTEGER NOT NULL,
		pubsub_token TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		UNIQUE (inbox_id, source_id)
	)`,
	`CREATE TABLE IF NOT EXISTS conversations (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		inbox_id INTEGER NOT NULL REFERENCES inboxes (id),
		display_id INTEGER NOT NULL,
		contact_id INTEGER NOT NULL REFERENCES contacts (id),
		contact_inbox_id INTEGER NOT NULL REFERENCES contact_inboxes (id),
		assignee_id INTEGER REFERENCES users (id),
		team_id INTEGER REFERENCES teams (id),
		status TEXT NOT NULL,
		priority TEXT,
		snoozed_until INTEGER,
		additional_attributes TEXT NOT NULL,
		custom_attributes TEXT NOT NULL,
		labels TEXT NOT NULL,
		first_reply_created_at INTEGER,
		waiting_since INTEGER,
		agent_last_seen_at INTEGER,
		contact_last_seen_at INTEGER,
		last_activity_at INTEGER NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		UNIQUE (account_id, display_id)
	)`,
	`CREATE TABLE IF NOT EXISTS messages (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		inbox_id INTEGER NOT NULL REFERENCES inboxes (id),
		conversation_id INTEGER NOT NULL REFERENCES conversations (id),
		message_type INTEGER NOT NULL,
		content TEXT,
		private INTEGER NOT NULL,
		status TEXT NOT NULL,
		source_id TEXT,
		content_type TEXT NOT NULL,
		content_attributes TEXT NOT NULL,
		sender_type TEXT,
		sender_id INTEGER,
		external_source_ids TEXT NOT NULL,
		additional_attributes TEXT NOT NULL,
		processed_message_content TEXT,
		sentiment TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS webhooks (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		inbox_id INTEGER,
		name TEXT,
		url TEXT NOT NULL,
		subscriptions TEXT NOT NULL,
		secret TEXT,
		disabled_reason TEXT,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		UNIQUE (account_id, url)
	)`,
	`CREATE TABLE IF NOT EXISTS agent_bots (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		name TEXT,
		description TEXT,
		outgoing_url TEXT,
		bot_type TEXT NOT NULL,
		bot_config TEXT NOT NULL,
		secret TEXT NOT NULL,
		access_token TEXT NOT NULL UNIQUE,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS webhook_actions (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		url TEXT NOT NULL,
		created_at INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS agent_bot_inboxes (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		inbox_id INTEGER NOT NULL UNIQUE REFERENCES inboxes (id),
		agent_bot_id INTEGER NOT NULL REFERENCES agent_bots (id),
		account_id INTEGER NOT NULL REFERENCES accounts (id),
		status TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	)`,
];

/** Columns added since the first release: a database file from before gets them on start. */
const ADDED_COLUMNS: ReadonlyArray<{ table: string; column: string; definition: string }> = [
	{ table: 'conversations', column: 'team_id', definition: 'INTEGER REFERENCES teams (id)' },
	{ table: 'contacts', column: 'labels', definition: "TEXT NOT NULL DEFAULT '[]'" },
	// `Channel::Api#secret` (Chatwoot 4.13+), kept on the inbox row: the dispatcher's inboxes are all API channels.
	{ table: 'inboxes', column: 'secret', definition: 'TEXT' },
];

export function createTables(db: Database): void {
	db.transaction(() => {
		for (const statement of STATEMENTS) db.prepare(statement).run();
		for (const { table, column, definition } of ADDED_COLUMNS) {
			const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
			if (!columns.some((existing) => existing.name === column)) db.prepare(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`).run();
		}
	})();
}
