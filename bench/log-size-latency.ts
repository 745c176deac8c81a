import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openDatabase } from '../src/dispatcher/store/database';
import { SqliteDeliveryStore } from '../src/dispatcher/store/sqlite-delivery-store';
import { seedDeliveryLog } from './delivery-log-seeding';
import { runLatency, type Percentiles } from './latency';

/**
 * How emit → receive latency grows with the number of webhooks an event fans out to (1, 10, 100) and with
 * the size of the delivery log the dispatcher works in (10,000 and 1,000,000 delivered deliveries already
 * there, retention off so that they stay). Each cell is the latency benchmark at the same delivery rate,
 * with a fresh copy of a log seeded once per size.
 */
export interface LogSizeLatencyOptions {
	readonly webhookCounts: readonly number[];
	readonly logSizes: readonly number[];
	readonly deliveriesPerSecond: number;
	readonly durationMs: number;
}

export interface LogSizeLatencyCell {
	readonly webhooks: number;
	readonly logSize: number;
	readonly dispatcher: Percentiles;
	readonly baseline: Percentiles;
	readonly missing: number;
	readonly achievedEventsPerSecond: number;
}

export interface LogSizeLatencyResult {
	readonly deliveriesPerSecond: number;
	readonly durationMs: number;
	readonly cells: readonly LogSizeLatencyCell[];
	/** The seeded log's file size per log size, in MB: what that many deliveries take without retention. */
	readonly seededMb: Readonly<Record<number, number>>;
	readonly seedSeconds: Readonly<Record<number, number>>;
}

export const LOG_SIZE_LATENCY_DEFAULTS: LogSizeLatencyOptions = {
	webhookCounts: [1, 10, 100],
	logSizes: [10_000, 1_000_000],
	deliveriesPerSecond: 100,
	durationMs: 6_000,
};

async function seededLog(file: string, deliveries: number): Promise<number> {
	const started = performance.now();
	const db = openDatabase(file);
	try {
		await seedDeliveryLog(db, new SqliteDeliveryStore(db), { deliveries, webhooks: 10, batch: 10_000 });
		db.pragma('wal_checkpoint(TRUNCATE)');
	} finally {
		db.close();
	}
	return (performance.now() - started) / 1000;
}

export async function runLogSizeLatency(
	overrides: Partial<LogSizeLatencyOptions> = {},
	log: (line: string) => void = () => undefined,
): Promise<LogSizeLatencyResult> {
	const options = { ...LOG_SIZE_LATENCY_DEFAULTS, ...overrides };
	const dir = mkdtempSync(join(tmpdir(), 'chatwoot-bench-log-size-'));
	const cells: LogSizeLatencyCell[] = [];
	const seededMb: Record<number, number> = {};
	const seedSeconds: Record<number, number> = {};
	try {
		for (const logSize of options.logSizes) {
			const template = join(dir, `log-${logSize}.db`);
			seedSeconds[logSize] = await seededLog(template, logSize);
			seededMb[logSize] = statSync(template).size / 1024 / 1024;
			log(`log size ${logSize.toLocaleString('en-US')}: seeded in ${seedSeconds[logSize].toFixed(0)} s, ${seededMb[logSize].toFixed(0)} MB`);
			for (const webhooks of options.webhookCounts) {
				const result = await runLatency({
					deliveriesPerSecond: options.deliveriesPerSecond,
					webhooks,
					durationMs: options.durationMs,
					prepareDb: async (file) => copyFileSync(template, file),
					dispatcherArgs: ['--quiet', '--retention-age', 'off', '--retention-deliveries', 'off'],
				});
				log(`log size ${logSize.toLocaleString('en-US')}, ${webhooks} webhook(s): p50 ${result.dispatcher.p50.toFixed(1)} ms, p99 ${result.dispatcher.p99.toFixed(1)} ms`);
				cells.push({
					webhooks,
					logSize,
					dispatcher: result.dispatcher,
					baseline: result.baseline,
					missing: result.missing,
					achievedEventsPerSecond: result.achievedEventsPerSecond,
				});
			}
			rmSync(template, { force: true });
		}
		return { deliveriesPerSecond: options.deliveriesPerSecond, durationMs: options.durationMs, cells, seededMb, seedSeconds };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
