import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

/**
 * The embedded store: one SQLite file in WAL mode (`:memory:` for tests). Every module keeps its own
 * tables in it and creates them on start, so the domain's writes and the deliveries they cause can
 * share one transaction: what the API acknowledged is on disk, with its deliveries, or not at all.
 */
export function openDatabase(path: string): Database {
	const db = new BetterSqlite3(path);
	db.pragma('journal_mode = WAL');
	// FULL, not NORMAL. In WAL mode NORMAL already survives a killed process (committed pages sit in the
	// OS's cache), but an OS crash or power cut can take the last commits with it, and an event the API
	// acknowledged must survive those too. group-commit.ts shares each fsync among a whole turn's writes, and
	// commits the delivery worker's own writes (whose loss only repeats deliveries) with NORMAL.
	db.pragma('synchronous = FULL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	// SQLite's default page cache is 2 MB; a delivery backlog is tens of MB, and every settled delivery is
	// an update somewhere in it. A cache miss is a read system call under the event loop. 32 MB at most.
	db.pragma('cache_size = -32768');
	return db;
}
