import type { Database } from './database';

type Synchronous = 'FULL' | 'NORMAL';

/**
 * Group commit: every write transaction started in one turn of the event loop runs inside one outer
 * SQLite transaction (each as a savepoint, so a failing one rolls back alone), and all of them are
 * committed together at the end of the turn, with one fsync. With synchronous=FULL an fsync costs
 * milliseconds, so eight API calls arriving together would otherwise cost eight of them in a row.
 *
 * Durability is unchanged for whoever waits for it: the HTTP server holds every response until
 * `afterCommit` says the writes before it are on disk (see dispatcher.ts).
 *
 * Writes made under `relaxed` (the delivery worker's claims and outcomes) are the exception: a group
 * holding only those commits with synchronous=NORMAL, which in WAL mode survives a killed process but
 * not a power cut. Losing the last of them in a power cut leaves their deliveries in flight on disk, and
 * they are sent again on restart under the same ids: at least once still holds, and the worker no longer
 * pays an fsync per batch of outcomes. A durable write never joins a relaxed group: the relaxed group is
 * committed first, so the next FULL commit's fsync covers both, in order.
 */
export class GroupCommit {
	private open = false;
	/** Whether the open group holds a write that must survive a power cut before anyone is told. */
	private durable = false;
	private relaxing = false;
	/** Transactions of the group running now (a nested one joins whatever its outer one opened). */
	private depth = 0;
	private synchronous: Synchronous = 'FULL';
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
				this.depth += 1;
				try {
					return transaction(...args);
				} finally {
					this.depth -= 1;
				}
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

	/** Runs `work`, whose transactions may commit without an fsync (see above). */
	relaxed<Result>(work: () => Result): Result {
		const was = this.relaxing;
		this.relaxing = true;
		try {
			return work();
		} finally {
			this.relaxing = was;
		}
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
		const durable = !this.relaxing;
		if (this.open) {
			if (!durable || this.durable || this.depth > 0) return;
			// Its waiters run on the next turn: they may write, and this caller's transaction comes first.
			this.commit((callback) => setImmediate(callback));
		}
		// A transaction the caller opened by hand is left alone: its own COMMIT decides.
		if (this.db.inTransaction) return;
		const synchronous: Synchronous = durable ? 'FULL' : 'NORMAL';
		if (synchronous !== this.synchronous) {
			this.db.pragma(`synchronous = ${synchronous}`);
			this.synchronous = synchronous;
		}
		this.db.exec('BEGIN IMMEDIATE');
		this.open = true;
		this.durable = durable;
		setImmediate(() => this.commit());
	}

	private commit(schedule: (callback: () => void) => void = (callback) => callback()): void {
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
		if (!waiting.length) return;
		schedule(() => {
			for (const callback of waiting) callback(failure);
		});
	}
}
