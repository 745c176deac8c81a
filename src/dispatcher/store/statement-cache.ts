import type { Database } from './database';

type Statement = ReturnType<Database['prepare']>;

/** Distinct SQL texts kept; the domain builds a few statements from column lists, so the set is small. */
const CAPACITY = 500;

/**
 * The database with `prepare` remembered per SQL text. The domain prepares its statements where it uses
 * them, on every API call; compiling SQL costs tens of microseconds each time, a cached statement nothing.
 *
 * A cached statement is handed out as if new: `pluck`, `expand` and `raw` are switched back off, because
 * one caller's `.pluck()` would otherwise change what the next caller's `.get()` returns. Statements are
 * run synchronously and never iterated lazily here, so two callers never hold the same one mid-query.
 */
export function cachingStatements(db: Database): Database {
	const cache = new Map<string, Statement>();
	const prepare = (sql: string): Statement => {
		let statement = cache.get(sql);
		if (statement) {
			// Re-inserted: the least recently used text is the one dropped.
			cache.delete(sql);
			if (statement.reader) statement.pluck(false).expand(false).raw(false);
		} else {
			statement = db.prepare(sql);
			if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value as string);
		}
		cache.set(sql, statement);
		return statement;
	};
	return new Proxy(db, {
		get: (target, property) => {
			if (property === 'prepare') return prepare;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
