import type { Statement } from 'better-sqlite3';

import type { ChatwootEvent } from '../../protocol';
import type { Database } from './database';
import {
	DELIVERY_STATUSES,
	type Attempt,
	type ClaimedDelivery,
	type ClaimRequest,
	type Delivery,
	type DeliveryFilter,
	type DeliveryQueue,
	type DeliveryStatus,
	type DeliveryStore,
	type DeliveryWithAttempts,
	type NewAttempt,
	type NewDelivery,
	type Settlement,
} from './delivery-store';

/*
 * No foreign key to the domain's webhooks table: the log must outlive a deleted webhook, and the worker
 * cancels what is left of a deleted webhook's deliveries with a reason the user can read.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	webhook_id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	event TEXT NOT NULL,
	body TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('pending', 'in_flight', 'delivered', 'failed', 'cancelled')),
	status_reason TEXT,
	attempt_count INTEGER NOT NULL DEFAULT 0,
	scheduled_attempt_count INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER,
	lease_expires_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_by_webhook ON deliveries (webhook_id, status);
CREATE TABLE IF NOT EXISTS delivery_attempts (
	delivery_id TEXT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
	number INTEGER NOT NULL,
	trigger TEXT NOT NULL CHECK (trigger IN ('scheduled', 'manual')),
	started_at INTEGER NOT NULL,
	url TEXT NOT NULL,
	status_code INTEGER,
	duration_ms INTEGER NOT NULL,
	error TEXT,
	response_body TEXT,
	response_body_truncated INTEGER NOT NULL DEFAULT 0,
	redirects TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (delivery_id, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS webhook_failure_streaks (
	webhook_id INTEGER PRIMARY KEY,
	consecutive_failed_deliveries INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
`;

interface DeliveryRow {
	id: string;
	webhook_id: number;
	account_id: number;
	event: string;
	body: string;
	status: DeliveryStatus;
	status_reason: string | null;
	attempt_count: number;
	scheduled_attempt_count: number;
	next_attempt_at: number | null;
	created_at: number;
	updated_at: number;
}

interface AttemptRow {
	delivery_id: string;
	number: number;
	trigger: 'scheduled' | 'manual';
	started_at: number;
	url: string;
	status_code: number | null;
	duration_ms: number;
	error: string | null;
	response_body: string | null;
	response_body_truncated: number;
	redirects: string;
}

function toDelivery(row: DeliveryRow): Delivery {
	return {
		id: row.id,
		webhookId: row.webhook_id,
		accountId: row.account_id,
		event: row.event as ChatwootEvent,
		body: row.body,
		status: row.status,
		statusReason: row.status_reason,
		attemptCount: row.attempt_count,
		scheduledAttemptCount: row.scheduled_attempt_count,
		nextAttemptAt: row.next_attempt_at,
		createdAt: row.created_at,
		updatedAt: row.updated_at,
	};
}

function toAttempt(row: AttemptRow): Attempt {
	return {
		deliveryId: row.delivery_id,
		number: row.number,
		trigger: row.trigger,
		startedAt: row.started_at,
		url: row.url,
		statusCode: row.status_code,
		durationMs: row.duration_ms,
		error: row.error,
		responseBody: row.response_body,
		responseBodyTruncated: row.response_body_truncated === 1,
		redirects: JSON.parse(row.redirects) as string[],
	};
}

const DELIVERY_COLUMNS = `id, webhook_id, account_id, event, body, status, status_reason, attempt_count,
	scheduled_attempt_count, next_attempt_at, created_at, updated_at`;

/** Deliveries and their attempts in the dispatcher's SQLite file, next to the domain's tables. */
export class SqliteDeliveryStore implements DeliveryStore, DeliveryQueue {
	private readonly statements: {
		insert: Statement;
		find: Statement;
		attemptsOf: Statement;
		attemptsOfMany: Statement;
		countByStatus: Statement;
		candidates: Statement;
		markInFlight: Statement;
		countAttempt: Statement;
		insertAttempt: Statement;
		settle: Statement;
		deliverManually: Statement;
		release: Statement;
		releaseAll: Statement;
		cancelPending: Statement;
		cancel: Statement;
		webhooksWithPending: Statement;
		nextDueAt: Statement;
		resetStreak: Statement;
		extendStreak: Statement;
	};
	private readonly claimTransaction: (request: ClaimRequest) => ClaimedDelivery[];

	constructor(private readonly db: Database) {
		db.exec(SCHEMA);
		this.statements = {
			insert: db.prepare(
				`INSERT INTO deliveries (id, webhook_id, account_id, event, body, status, next_attempt_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
			),
			find: db.prepare(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = ?`),
			attemptsOf: db.prepare('SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY number'),
			attemptsOfMany: db.prepare(
				'SELECT * FROM delivery_attempts WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY delivery_id, number',
			),
			countByStatus: db.prepare('SELECT status, count(*) AS count FROM deliveries GROUP BY status'),
			// Webhooks with no room left are skipped in SQL, so a dead endpoint's backlog cannot fill every batch.
			candidates: db.prepare(
				`SELECT id, webhook_id, event, body, scheduled_attempt_count FROM deliveries
				WHERE status = 'pending' AND next_attempt_at <= ? AND webhook_id NOT IN (SELECT value FROM json_each(?))
				ORDER BY next_attempt_at, seq LIMIT ?`,
			),
			markInFlight: db.prepare(
				`UPDATE deliveries SET status = 'in_flight', lease_expires_at = ?, updated_at = ? WHERE id = ?`,
			),
			countAttempt: db.prepare(
				`UPDATE deliveries SET attempt_count = attempt_count + 1,
					scheduled_attempt_count = scheduled_attempt_count + ?, updated_at = ?
				WHERE id = ? RETURNING attempt_count`,
			).pluck(),
			insertAttempt: db.prepare(
				`INSERT INTO delivery_attempts (delivery_id, number, trigger, started_at, url, status_code, duration_ms, error,
					response_body, response_body_truncated, redirects)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			),
			// Only an in-flight delivery is settled: a manual redelivery may have delivered it meanwhile.
			settle: db.prepare(
				`UPDATE deliveries SET status = ?, status_reason = ?, next_attempt_at = ?, lease_expires_at = NULL, updated_at = ?
				WHERE id = ? AND status = 'in_flight'`,
			),
			deliverManually: db.prepare(
				`UPDATE deliveries SET status = 'delivered', status_reason = NULL, next_attempt_at = NULL, updated_at = ? WHERE id = ?`,
			),
			release: db.prepare(
				`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, lease_expires_at = NULL, updated_at = ?
				WHERE id = ? AND status = 'in_flight'`,
			),
			releaseAll: db.prepare(
				`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, lease_expires_at = NULL, updated_at = ?
				WHERE status = 'in_flight'`,
			),
			cancelPending: db.prepare(
				`UPDATE deliveries SET status = 'cancelled', status_reason = ?, next_attempt_at = NULL, updated_at = ?
				WHERE webhook_id = ? AND status = 'pending'`,
			),
			cancel: db.prepare(
				`UPDATE deliveries SET status = 'cancelled', status_reason = ?, next_attempt_at = NULL, lease_expires_at = NULL,
					updated_at = ?
				WHERE id = ? AND status IN ('pending', 'in_flight')`,
			),
			webhooksWithPending: db.prepare(`SELECT DISTINCT webhook_id FROM deliveries WHERE status = 'pending'`).pluck(),
			nextDueAt: db.prepare(`SELECT min(next_attempt_at) FROM deliveries WHERE status = 'pending'`).pluck(),
			resetStreak: db.prepare(
				`UPDATE webhook_failure_streaks SET consecutive_failed_deliveries = 0, updated_at = ?
				WHERE webhook_id = ? AND consecutive_failed_deliveries > 0`,
			),
			extendStreak: db.prepare(
				`INSERT INTO webhook_failure_streaks (webhook_id, consecutive_failed_deliveries, updated_at) VALUES (?, 1, ?)
				ON CONFLICT (webhook_id) DO UPDATE SET consecutive_failed_deliveries = consecutive_failed_deliveries + 1,
					updated_at = excluded.updated_at
				RETURNING consecutive_failed_deliveries`,
			).pluck(),
		};
		this.claimTransaction = db.transaction((request: ClaimRequest) => this.claimInsideTransaction(request));
	}

	create(deliveries: readonly NewDelivery[], now: number): void {
		for (const delivery of deliveries) {
			this.statements.insert.run(
				delivery.id,
				delivery.webhookId,
				delivery.accountId,
				delivery.event,
				delivery.body,
				now,
				now,
				now,
			);
		}
	}

	find(id: string): DeliveryWithAttempts | undefined {
		const row = this.statements.find.get(id) as DeliveryRow | undefined;
		if (!row) return undefined;
		const attempts = (this.statements.attemptsOf.all(id) as AttemptRow[]).map(toAttempt);
		return { ...toDelivery(row), attempts };
	}

	list(filter: DeliveryFilter): { deliveries: DeliveryWithAttempts[]; total: number } {
		const conditions: string[] = [];
		const parameters: Array<string | number> = [];
		if (filter.webhookId !== undefined) {
			conditions.push('webhook_id = ?');
			parameters.push(filter.webhookId);
		}
		if (filter.event !== undefined) {
			conditions.push('event = ?');
			parameters.push(filter.event);
		}
		if (filter.status !== undefined) {
			conditions.push('status = ?');
			parameters.push(filter.status);
		}
		const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
		const total = this.db.prepare(`SELECT count(*) FROM deliveries ${where}`).pluck().get(...parameters) as number;
		const rows = this.db
			.prepare(`SELECT ${DELIVERY_COLUMNS} FROM deliveries ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`)
			.all(...parameters, filter.limit, (filter.page - 1) * filter.limit) as DeliveryRow[];
		const attempts = new Map<string, Attempt[]>();
		if (rows.length) {
			const attemptRows = this.statements.attemptsOfMany.all(JSON.stringify(rows.map((row) => row.id))) as AttemptRow[];
			for (const row of attemptRows) {
				const list = attempts.get(row.delivery_id) ?? [];
				list.push(toAttempt(row));
				attempts.set(row.delivery_id, list);
			}
		}
		return {
			deliveries: rows.map((row) => ({ ...toDelivery(row), attempts: attempts.get(row.id) ?? [] })),
			total,
		};
	}

	countByStatus(): Record<DeliveryStatus, number> {
		const counts = Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, 0])) as Record<DeliveryStatus, number>;
		for (const row of this.statements.countByStatus.all() as Array<{ status: DeliveryStatus; count: number }>) {
			counts[row.status] = row.count;
		}
		return counts;
	}

	transaction<T>(work: () => T): T {
		return this.db.transaction(work)();
	}

	claimDue(request: ClaimRequest): ClaimedDelivery[] {
		if (request.limit <= 0) return [];
		return this.claimTransaction(request);
	}

	private claimInsideTransaction(request: ClaimRequest): ClaimedDelivery[] {
		const full = [...request.roomByWebhook].filter(([, room]) => room <= 0).map(([webhookId]) => webhookId);
		// Read a few more than asked for: a webhook with little room left may hold several of the oldest.
		const rows = this.statements.candidates.all(request.now, JSON.stringify(full), request.limit * 4) as Array<{
			id: string;
			webhook_id: number;
			event: string;
			body: string;
			scheduled_attempt_count: number;
		}>;
		const room = new Map(request.roomByWebhook);
		const claimed: ClaimedDelivery[] = [];
		const leaseExpiresAt = request.now + request.leaseMs;
		for (const row of rows) {
			if (claimed.length >= request.limit) break;
			const left = room.get(row.webhook_id) ?? request.defaultRoom;
			if (left <= 0) continue;
			room.set(row.webhook_id, left - 1);
			this.statements.markInFlight.run(leaseExpiresAt, request.now, row.id);
			claimed.push({
				id: row.id,
				webhookId: row.webhook_id,
				event: row.event as ChatwootEvent,
				body: row.body,
				scheduledAttemptCount: row.scheduled_attempt_count,
			});
		}
		return claimed;
	}

	private insertAttempt(attempt: NewAttempt, scheduled: boolean, now: number): void {
		const number = this.statements.countAttempt.get(scheduled ? 1 : 0, now, attempt.deliveryId) as number | undefined;
		if (number === undefined) throw new Error(`Delivery ${attempt.deliveryId} does not exist`);
		this.statements.insertAttempt.run(
			attempt.deliveryId,
			number,
			attempt.trigger,
			attempt.startedAt,
			attempt.url,
			attempt.statusCode,
			attempt.durationMs,
			attempt.error,
			attempt.responseBody,
			attempt.responseBodyTruncated ? 1 : 0,
			JSON.stringify(attempt.redirects),
		);
	}

	completeScheduled(attempt: NewAttempt, settlement: Settlement, now: number): void {
		this.insertAttempt(attempt, true, now);
		const reason = settlement.status === 'failed' ? settlement.reason : null;
		const nextAttemptAt = settlement.status === 'pending' ? settlement.nextAttemptAt : null;
		this.statements.settle.run(settlement.status, reason, nextAttemptAt, now, attempt.deliveryId);
	}

	recordManual(attempt: NewAttempt, delivered: boolean, now: number): void {
		this.insertAttempt(attempt, false, now);
		if (delivered) this.statements.deliverManually.run(now, attempt.deliveryId);
	}

	release(ids: readonly string[], now: number): void {
		for (const id of ids) this.statements.release.run(now, now, id);
	}

	releaseAll(now: number): number {
		return this.statements.releaseAll.run(now, now).changes;
	}

	cancelPending(webhookId: number, reason: string, now: number): number {
		return this.statements.cancelPending.run(reason, now, webhookId).changes;
	}

	cancel(id: string, reason: string, now: number): void {
		this.statements.cancel.run(reason, now, id);
	}

	webhooksWithPending(): number[] {
		return this.statements.webhooksWithPending.all() as number[];
	}

	nextDueAt(): number | undefined {
		return (this.statements.nextDueAt.get() as number | null) ?? undefined;
	}

	recordWebhookOutcome(webhookId: number, failed: boolean, now: number): number {
		if (!failed) {
			this.statements.resetStreak.run(now, webhookId);
			return 0;
		}
		return this.statements.extendStreak.get(webhookId, now) as number;
	}
}
