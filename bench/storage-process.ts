/**
 * The storage benchmark's own process (so that its memory is its own): a million delivered deliveries
 * through the delivery log with the dispatcher's default retention sweeping after every batch, then the
 * database's size. Prints one JSON line: StorageMeasurement. Usage: storage-process.ts <file> <deliveries>.
 */
import { readFileSync, statSync } from 'node:fs';

import { DEFAULT_RETENTION, DeliveryLogRetention } from '../src/dispatcher/delivery/delivery-log-retention';
import { openDatabase } from '../src/dispatcher/store/database';
import type { DeliveryLogPruning } from '../src/dispatcher/store/delivery-log-pruning';
import { SqliteDeliveryLogPruning } from '../src/dispatcher/store/sqlite-delivery-log-pruning';
import { SqliteDeliveryStore } from '../src/dispatcher/store/sqlite-delivery-store';
import { seedDeliveryLog } from './delivery-log-seeding';

export interface StorageMeasurement {
	readonly deliveries: number;
	readonly seconds: number;
	readonly dbBytes: number;
	readonly deliveriesLeft: number;
	readonly attemptsLeft: number;
	readonly bodiesLeft: number;
	readonly deleted: number;
	readonly pruneCalls: number;
	/** The longest single prune transaction: what a delivery could wait behind retention at worst. */
	readonly longestPruneMs: number;
	readonly peakRssMb: number;
}

function peakRssMb(): number {
	const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
	return match ? Number(match[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
	const [file, count] = process.argv.slice(2);
	const deliveries = Number(count);
	const db = openDatabase(file);
	const store = new SqliteDeliveryStore(db);
	const pruning = new SqliteDeliveryLogPruning(db);
	let pruneCalls = 0;
	let longestPruneMs = 0;
	const timed: DeliveryLogPruning = {
		prune: (request) => {
			const started = performance.now();
			const deleted = pruning.prune(request);
			longestPruneMs = Math.max(longestPruneMs, performance.now() - started);
			pruneCalls += 1;
			return deleted;
		},
	};
	const retention = new DeliveryLogRetention({ log: timed, rule: DEFAULT_RETENTION });
	const started = performance.now();
	const { swept } = await seedDeliveryLog(db, store, { deliveries, webhooks: 10, batch: 10_000, retention });
	const seconds = (performance.now() - started) / 1000;
	db.pragma('wal_checkpoint(TRUNCATE)');
	const count_ = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
	const measurement: StorageMeasurement = {
		deliveries,
		seconds,
		dbBytes: statSync(file).size,
		deliveriesLeft: count_('deliveries'),
		attemptsLeft: count_('delivery_attempts'),
		bodiesLeft: count_('delivery_bodies'),
		deleted: swept,
		pruneCalls,
		longestPruneMs,
		peakRssMb: peakRssMb(),
	};
	db.close();
	process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
