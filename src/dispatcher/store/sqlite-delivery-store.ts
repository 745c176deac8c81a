import { CONVERSATION_EVENTS } from '../../protocol';
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
	type DeliveredEvent,
	type DeliveryWithAttempts,
	type NewAttempt,
	type NewDelivery,
	type Settlement,
	endpointKey,
	type Endpoint,
	type WebhookType,
} from './delivery-store';

/*
 * No foreign key to the domain's webhooks table: the log must outlive a deleted webhook, and the worker
 * cancels what is left of a deleted webhook's deliveries with a reason the user can read.
 *
 * The layout keeps every commit small, because each one is an fsync of the pages it touched: the body of
 * an event is stored once for all its deliveries (bodies are the bulk of the bytes), delivery rows stay
 * short so that settling one rewrites little, and attempts are keyed by the delivery's sequence number
 * (not its random UUID) so that new attempts land on the same few pages.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS delivery_bodies (
	id INTEGER PRIMARY KEY,
	body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	webhook_id INTEGER NOT NULL,
	webhook_type TEXT NOT NULL DEFAULT 'account_webhook',
	account_id INTEGER NOT NULL,
	event TEXT NOT NULL,
	body_id INTEGER NOT NULL REFERENCES delivery_bodies (id),
	status TEXT NOT NULL CHECK (status IN ('pending', 'in_flight', 'delivered', 'failed', 'cancelled')),
	status_reason TEXT,
	attempt_count INTEGER NOT NULL DEFAULT 0,
	scheduled_attempt_count INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_by_status_and_webhook ON deliveries (status, webhook_id);
CREATE TABLE IF NOT EXISTS delivery_attempts (
	delivery_seq INTEGER NOT NULL REFERENCES deliveries (seq),
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
	PRIMARY KEY (delivery_seq, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS webhook_failure_streaks (
	webhook_id INTEGER PRIMARY KEY,
	consecutive_failed_deliveries INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
`;

/**
 * A file from before the current layout is refused in words rather than failing on a missing column; one
 * from before agent bots and API inbox callbacks gets their column, its deliveries all account webhooks'.
 */
function checkLayout(db: Database): void {
	const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('deliveries') as string[];
	if (columns.length && !columns.includes('body_id')) {
		throw new Error(
			`${db.name} holds deliveries from an earlier development version of the dispatcher; delete the file or choose another --db`,
		);
	}
	if (columns.length && !columns.includes('webhook_type')) {
		db.exec(`ALTER TABLE deliveries ADD COLUMN webhook_type TEXT NOT NULL DEFAULT 'account_webhook'`);
	}
}

interface DeliveryRow {
	id: string;
	webhook_id: number;
	webhook_type: WebhookType;
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
	delivery_seq: number;
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
		webhookType: row.webhook_type,
		accountId: row.account_id,
		event: row.event as DeliveredEvent,
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

const DELIVERY_COLUMNS = `d.id, d.webhook_id, d.webhook_type, d.account_id, d.event, b.body, d.status, d.status_reason, d.attempt_count,
	d.scheduled_attempt_count, d.next_attempt_at, d.created_at, d.updated_at`;
const DELIVERIES_WITH_BODIES = 'deliveries AS d JOIN delivery_bodies AS b ON b.id = d.body_id';
const ATTEMPT_COLUMNS = 'd.id AS delivery_id, a.*';

interface ClaimedRow {
	seq: number;
	id: string;
	webhook_id: number;
	webhook_type: WebhookType;
	event: string;
	body_id: number;
	scheduled_attempt_count: number;
}

/** Deliveries and their attempts in the dispatcher's SQLite file, next to the domain's tables. */
export class SqliteDeliveryStore implements DeliveryStore, DeliveryQueue {
	private readonly statements;
	private readonly claimTransaction: (request: ClaimRequest) => ClaimedDelivery[];
	/** Webhooks whose failure streak is known to be 0; this process is the only writer of the table. */
	private readonly knownWithoutStreak = new Set<number>();
	/** Claimed deliveries' row numbers, so that settling one needs no lookup through the UUID index. */
	private readonly claimedSeq = new Map<string, number>();

	constructor(private readonly db: Database) {
		checkLayout(db);
		db.exec(SCHEMA);
		this.statements = {
			insertBody: db.prepare('INSERT INTO delivery_bodies (body) VALUES (?)'),
			insert: db.prepare(
				`INSERT INTO deliveries (id, webhook_id, webhook_type, account_id, event, body_id, status, next_attempt_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
			),
			find: db.prepare(`SELECT ${DELIVERY_COLUMNS}, d.seq FROM ${DELIVERIES_WITH_BODIES} WHERE d.id = ?`),
			attemptsOf: db.prepare(
				`SELECT ${ATTEMPT_COLUMNS} FROM delivery_attempts AS a JOIN deliveries AS d ON d.seq = a.delivery_seq
				WHERE a.delivery_seq = ? ORDER BY a.number`,
			),
			attemptsOfMany: db.prepare(
				`SELECT ${ATTEMPT_COLUMNS} FROM delivery_attempts AS a JOIN deliveries AS d ON d.seq = a.delivery_seq
				WHERE a.delivery_seq IN (SELECT value FROM json_each(?)) ORDER BY a.delivery_seq, a.number`,
			),
			countByStatus: db.prepare('SELECT status, count(*) AS count FROM deliveries GROUP BY status'),
			// Webhooks with no room left are skipped in SQL, so a dead endpoint's backlog cannot fill every batch.
			candidates: db.prepare(
				`SELECT seq, webhook_id, webhook_type FROM deliveries
				WHERE status = 'pending' AND next_attempt_at <= ?
					AND webhook_type || ':' || webhook_id NOT IN (SELECT value FROM json_each(?))
				ORDER BY next_attempt_at, seq LIMIT ?`,
			),
			markInFlight: db.prepare(
				`UPDATE deliveries SET status = 'in_flight', updated_at = ? WHERE seq = ?
				RETURNING seq, id, webhook_id, webhook_type, event, body_id, scheduled_attempt_count`,
			),
			body: db.prepare('SELECT body FROM delivery_bodies WHERE id = ?').pluck(),
			seqOf: db.prepare('SELECT seq FROM deliveries WHERE id = ?').pluck(),
			countAttempt: db.prepare(
				`UPDATE deliveries SET attempt_count = attempt_count + 1, updated_at = ? WHERE seq = ? RETURNING attempt_count`,
			).pluck(),
			insertAttempt: db.prepare(
				`INSERT INTO delivery_attempts (delivery_seq, number, trigger, started_at, url, status_code, duration_ms, error,
					response_body, response_body_truncated, redirects)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			),
			// Counts the attempt and settles the delivery in one write. Only an in-flight delivery is settled:
			// a manual redelivery may have delivered it meanwhile.
			settle: db
				.prepare(
					`UPDATE deliveries SET attempt_count = attempt_count + 1, scheduled_attempt_count = scheduled_attempt_count + 1,
						status = iif(status = 'in_flight', @status, status),
						status_reason = iif(status = 'in_flight', @reason, status_reason),
						next_attempt_at = iif(status = 'in_flight', @nextAttemptAt, next_attempt_at),
						updated_at = @now
					WHERE seq = @seq RETURNING attempt_count`,
				)
				.pluck(),
			deliverManually: db.prepare(
				`UPDATE deliveries SET status = 'delivered', status_reason = NULL, next_attempt_at = NULL, updated_at = ? WHERE seq = ?`,
			),
			release: db.prepare(
				`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ?
				WHERE seq = ? AND status = 'in_flight'`,
			),
			releaseAll: db.prepare(
				`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ?
				WHERE status = 'in_flight'`,
			),
			cancelPending: db.prepare(
				`UPDATE deliveries SET status = 'cancelled', status_reason = ?, next_attempt_at = NULL, updated_at = ?
				WHERE status = 'pending' AND webhook_id = ? AND webhook_type = ?`,
			),
			cancel: db.prepare(
				`UPDATE deliveries SET status = 'cancelled', status_reason = ?, next_attempt_at = NULL, updated_at = ?
				WHERE seq = ? AND status IN ('pending', 'in_flight')`,
			),
			// One index seek per webhook rather than a pass over every pending delivery (a backlog can be large).
			nextWebhookWithPending: db
				.prepare(`SELECT webhook_id FROM deliveries WHERE status = 'pending' AND webhook_id > ? ORDER BY webhook_id LIMIT 1`)
				.pluck(),
			typesPendingFor: db
				.prepare(`SELECT DISTINCT webhook_type FROM deliveries WHERE status = 'pending' AND webhook_id = ?`)
				.pluck(),
			nextDueAt: db.prepare(`SELECT min(next_attempt_at) FROM deliveries WHERE status = 'pending'`).pluck(),
			resetStreak: db.prepare(
				`UPDATE webhook_failure_streaks SET consecutive_failed_deliveries = 0, updated_at = ?
				WHERE webhook_id = ? AND consecutive_failed_deliveries > 0`,
			),
			extendStreak: db
				.prepare(
					`INSERT INTO webhook_failure_streaks (webhook_id, consecutive_failed_deliveries, updated_at) VALUES (?, 1, ?)
					ON CONFLICT (webhook_id) DO UPDATE SET consecutive_failed_deliveries = consecutive_failed_deliveries + 1,
						updated_at = excluded.updated_at
					RETURNING consecutive_failed_deliveries`,
				)
				.pluck(),
		};
		this.claimTransaction = db.transaction((request: ClaimRequest) => this.claimInsideTransaction(request));
	}

	create(deliveries: readonly NewDelivery[], now: number): void {
		// The deliveries of one event share its body: it is stored once.
		const bodyIds = new Map<string, number>();
		for (const delivery of deliveries) {
			let bodyId = bodyIds.get(delivery.body);
			if (bodyId === undefined) {
				bodyId = Number(this.statements.insertBody.run(delivery.body).lastInsertRowid);
				bodyIds.set(delivery.body, bodyId);
			}
			this.statements.insert.run(
				delivery.id,
				delivery.webhookId,
				delivery.webhookType ?? 'account_webhook',
				delivery.accountId,
				delivery.event,
				bodyId,
				now,
				now,
				now,
			);
		}
	}

	find(id: string): DeliveryWithAttempts | undefined {
		const row = this.statements.find.get(id) as (DeliveryRow & { seq: number }) | undefined;
		if (!row) return undefined;
		const attempts = (this.statements.attemptsOf.all(row.seq) as AttemptRow[]).map(toAttempt);
		return { ...toDelivery(row), attempts };
	}

	list(filter: DeliveryFilter): { deliveries: DeliveryWithAttempts[]; total: number } {
		const conditions: string[] = [];
		const parameters: Array<string | number> = [];
		if (filter.webhookId !== undefined) {
			conditions.push('d.webhook_id = ?');
			parameters.push(filter.webhookId);
		}
		if (filter.webhookType !== undefined) {
			conditions.push('d.webhook_type = ?');
			parameters.push(filter.webhookType);
		}
		if (filter.event !== undefined) {
			conditions.push('d.event = ?');
			parameters.push(filter.event);
		}
		if (filter.status !== undefined) {
			conditions.push('d.status = ?');
			parameters.push(filter.status);
		}
		if (filter.statusCode !== undefined) {
			conditions.push('EXISTS (SELECT 1 FROM delivery_attempts AS a WHERE a.delivery_seq = d.seq AND a.status_code = ?)');
			parameters.push(filter.statusCode);
		}
		if (filter.idPrefix !== undefined) {
			conditions.push("d.id LIKE ? ESCAPE '\\'");
			parameters.push(`${filter.idPrefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
		}
		if (filter.conversation !== undefined) {
			// Where conversationIdOf reads it: the payload itself for conversation events, else its `conversation`.
			conditions.push(
				`d.account_id = ? AND (SELECT CASE WHEN d.event IN (${CONVERSATION_EVENTS.map(() => '?').join(', ')})
					THEN json_extract(b.body, '$.id') ELSE json_extract(b.body, '$.conversation.id') END
					FROM delivery_bodies AS b WHERE b.id = d.body_id) = ?`,
			);
			parameters.push(filter.conversation.accountId, ...CONVERSATION_EVENTS, filter.conversation.id);
		}
		const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
		const total = this.db.prepare(`SELECT count(*) FROM deliveries AS d ${where}`).pluck().get(...parameters) as number;
		const rows = this.db
			.prepare(`SELECT ${DELIVERY_COLUMNS}, d.seq FROM ${DELIVERIES_WITH_BODIES} ${where} ORDER BY d.seq DESC LIMIT ? OFFSET ?`)
			.all(...parameters, filter.limit, (filter.page - 1) * filter.limit) as Array<DeliveryRow & { seq: number }>;
		const attempts = new Map<string, Attempt[]>();
		if (rows.length) {
			const attemptRows = this.statements.attemptsOfMany.all(JSON.stringify(rows.map((row) => row.seq))) as AttemptRow[];
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
		const candidates = this.statements.candidates.all(request.now, JSON.stringify(full), request.limit * 2) as Array<{
			seq: number;
			webhook_id: number;
			webhook_type: WebhookType;
		}>;
		const room = new Map(request.roomByWebhook);
		const claimed: ClaimedDelivery[] = [];
		const bodies = new Map<number, string>();
		for (const candidate of candidates) {
			if (claimed.length >= request.limit) break;
			const key = endpointKey({ webhookType: candidate.webhook_type, webhookId: candidate.webhook_id });
			const left = room.get(key) ?? request.defaultRoom;
			if (left <= 0) continue;
			room.set(key, left - 1);
			const row = this.statements.markInFlight.get(request.now, candidate.seq) as ClaimedRow;
			let body = bodies.get(row.body_id);
			if (body === undefined) {
				body = this.statements.body.get(row.body_id) as string;
				bodies.set(row.body_id, body);
			}
			this.claimedSeq.set(row.id, row.seq);
			claimed.push({
				id: row.id,
				webhookId: row.webhook_id,
				webhookType: row.webhook_type,
				event: row.event as DeliveredEvent,
				body,
				scheduledAttemptCount: row.scheduled_attempt_count,
			});
		}
		return claimed;
	}

	/** The row number of a delivery: from the claim when it is claimed, else through the UUID index. */
	private seqOf(id: string): number {
		const seq = this.claimedSeq.get(id) ?? (this.statements.seqOf.get(id) as number | undefined);
		if (seq === undefined) throw new Error(`Delivery ${id} does not exist`);
		return seq;
	}

	private insertAttempt(seq: number, number: number, attempt: NewAttempt): void {
		this.statements.insertAttempt.run(
			seq,
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
		const seq = this.seqOf(attempt.deliveryId);
		this.claimedSeq.delete(attempt.deliveryId);
		const number = this.statements.settle.get({
			status: settlement.status,
			reason: settlement.status === 'failed' ? settlement.reason : null,
			nextAttemptAt: settlement.status === 'pending' ? settlement.nextAttemptAt : null,
			now,
			seq,
		}) as number;
		this.insertAttempt(seq, number, attempt);
	}

	recordManual(attempt: NewAttempt, delivered: boolean, now: number): void {
		const seq = this.seqOf(attempt.deliveryId);
		this.insertAttempt(seq, this.statements.countAttempt.get(now, seq) as number, attempt);
		if (delivered) this.statements.deliverManually.run(now, seq);
	}

	release(ids: readonly string[], now: number): void {
		for (const id of ids) {
			this.statements.release.run(now, now, this.seqOf(id));
			this.claimedSeq.delete(id);
		}
	}

	releaseAll(now: number): number {
		this.claimedSeq.clear();
		return this.statements.releaseAll.run(now, now).changes;
	}

	cancelPending(endpoint: Endpoint, reason: string, now: number): number {
		return this.statements.cancelPending.run(reason, now, endpoint.webhookId, endpoint.webhookType).changes;
	}

	cancel(id: string, reason: string, now: number): void {
		this.statements.cancel.run(reason, now, this.seqOf(id));
		this.claimedSeq.delete(id);
	}

	webhooksWithPending(): Endpoint[] {
		const endpoints: Endpoint[] = [];
		for (let after = -1; ; ) {
			const next = this.statements.nextWebhookWithPending.get(after) as number | undefined;
			if (next === undefined) return endpoints;
			for (const webhookType of this.statements.typesPendingFor.all(next) as WebhookType[]) endpoints.push({ webhookType, webhookId: next });
			after = next;
		}
	}


	nextDueAt(): number | undefined {
		return (this.statements.nextDueAt.get() as number | null) ?? undefined;
	}

	recordWebhookOutcome(webhookId: number, failed: boolean, now: number): number {
		if (!failed) {
			// Most outcomes are successes of webhooks that never failed: skip the write when it would change nothing.
			if (this.knownWithoutStreak.has(webhookId)) return 0;
			this.statements.resetStreak.run(now, webhookId);
			this.knownWithoutStreak.add(webhookId);
			return 0;
		}
		this.knownWithoutStreak.delete(webhookId);
		return this.statements.extendStreak.get(webhookId, now) as number;
	}
}
