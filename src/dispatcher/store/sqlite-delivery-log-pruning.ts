import type { Database } from './database';
import type { DeliveryLogPruning, PruneRequest } from './delivery-log-pruning';

interface CandidateRow {
	seq: number;
	body_id: number;
	created_at: number;
}

/**
 * Retention for the SQLite delivery log: deletes settled deliveries, oldest first, with their attempts and
 * any body no remaining delivery shares. Pending and in-flight deliveries are never touched, whatever
 * their age: an accepted event is delivered or visibly failed, never pruned on its way.
 *
 * Each call deletes at most `limit` deliveries in one short transaction, so a sweep of a large log is many
 * small commits between which the delivery worker keeps running.
 */
export class SqliteDeliveryLogPruning implements DeliveryLogPruning {
	private readonly statements;
	private readonly pruneTransaction: (request: PruneRequest) => number;

	constructor(db: Database) {
		// Bodies are shared by the deliveries of one event: this index answers "is the body still used?".
		db.exec('CREATE INDEX IF NOT EXISTS deliveries_by_body ON deliveries (body_id)');
		this.statements = {
			// The seq below which deliveries are beyond the newest `keep` (NULL when there are fewer).
			countBoundary: db.prepare('SELECT seq FROM deliveries ORDER BY seq DESC LIMIT 1 OFFSET ?').pluck(),
			// Settled deliveries (nothing sends them again unless a user asks), oldest first; the caller stops at the
			// first one the rule keeps, so a sweep reads little more than it deletes. Pending ones are stepped over.
			oldestSettled: db.prepare(
				`SELECT seq, body_id, created_at FROM deliveries
				WHERE status IN ('delivered', 'failed', 'cancelled') ORDER BY seq LIMIT ?`,
			),
			deleteAttempts: db.prepare('DELETE FROM delivery_attempts WHERE delivery_seq = ?'),
			deleteDelivery: db.prepare('DELETE FROM deliveries WHERE seq = ?'),
			deleteBodyIfUnused: db.prepare(
				'DELETE FROM delivery_bodies WHERE id = ? AND NOT EXISTS (SELECT 1 FROM deliveries WHERE body_id = ?)',
			),
		};
		this.pruneTransaction = db.transaction((request: PruneRequest) => this.pruneInsideTransaction(request));
	}

	prune(request: PruneRequest): number {
		if (request.limit <= 0 || (request.createdBefore === null && request.keep === null)) return 0;
		return this.pruneTransaction(request);
	}

	private pruneInsideTransaction(request: PruneRequest): number {
		const boundary =
			request.keep === null ? undefined : (this.statements.countBoundary.get(Math.max(request.keep - 1, 0)) as number | undefined);
		const beyondCount = (seq: number): boolean => request.keep !== null && (request.keep === 0 || (boundary !== undefined && seq < boundary));
		const tooOld = (createdAt: number): boolean => request.createdBefore !== null && createdAt < request.createdBefore;
		const bodies = new Set<number>();
		const rows = this.statements.oldestSettled.all(request.limit) as CandidateRow[];
		let deleted = 0;
		for (const row of rows) {
			if (!beyondCount(row.seq) && !tooOld(row.created_at)) break;
			this.statements.deleteAttempts.run(row.seq);
			this.statements.deleteDelivery.run(row.seq);
			bodies.add(row.body_id);
			deleted += 1;
		}
		for (const bodyId of bodies) this.statements.deleteBodyIfUnused.run(bodyId, bodyId);
		return deleted;
	}
}
