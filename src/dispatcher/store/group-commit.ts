import type { Database } from './database';

/**
 * Group commit: every write transaction started in one turn of the event loop runs inside one outer
 * SQLite transaction (each as a savepoint, so a failing one rolls back alone), and all of them are
 * committed together at the end of the turn, with one fsync. With synchronous=FULL an fsync costs
 * milliseconds, so eight API calls arriving together would otherwise cost eight of them in a row.
 *
 * Durability is unchanged for whoever waits for it: the HTTP server holds every response until
 * `afterCommit` says the writes before it are on disk (see dispatcher.ts).
 */
export class GroupCommit {
	private open = false;
	private waiting: Array<(error?: Error) => void> = [];

	constructor(private readonly db: Database) {}

	/** True while writes wait for the group's commit. */
	get pending(): boolean {
		return this.open;
	}

	/**
	 * The database as the domain and the delivery store should use it: the same connection, whose
	 * `transaction()` joins the group. Everything else passes through untouched.
	 */
	database(): Database {
		const join = (work: (...args: unknown[]) => unknown) => {
			const transaction = this.db.transaction(work);
			return (...args: unknown[]) => {
				this.begin();
				return transaction(...args);
			};
		};
		return new Proxy(this.db, {
			get: (target, property) => {
				if (property === 'transaction') return join;
				const value = Reflect.get(target, property, target) as unknown;
				return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
			},
		});
	}

	/** Calls back once every write made so far is committed; at once when none waits. */
	afterCommit(callback: (error?: Error) => void): void {
		if (!this.open) callback();
		else this.waiting.push(callback);
	}

	/** Commits now (shutdown). */
	flush(): void {
		this.commit();
	}

	private begin(): void {
		if (this.open) return;
		// A transaction the caller opened by hand is left alone: its own COMMIT decides.
		if (this.db.inTransaction) return;
		this.db.exec('BEGIN IMMEDIATE');
		this.open = true;
		setImmediate(() => this.commit());
	}

	private commit(): void {
		if (!this.open) return;
		this.open = false;
		const waiting = this.waiting;
		this.waiting = [];
		let failure: Error | undefined;
		try {
			this.db.exec('COMMIT');
		} catch (error) {
			failure = error as Error;
			if (this.db.inTransaction) this.db.exec('ROLLBACK');
		}
		for (const callback of waiting) callback(failure);
	}
}
