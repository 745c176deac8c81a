import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { ChatwootClient, forEachConcurrently } from '../testkit/chatwoot-client';
import { spawnDispatcher, type DispatcherProcess, type DispatcherProcessOptions } from '../testkit/dispatcher-process';
import { monotonicMs, spawnReceiver, type ReceiverProcess } from '../testkit/loopback-receiver';
import { BENCH_EVENT, benchEventData } from '../testkit/delivered-body';
import { BENCH_TOKEN } from './throughput';

/**
 * Backlog: `events × webhooks` pending deliveries (100 000 by default) to a receiver that is down, the
 * dispatcher running as the CLI in its own process so that its RSS is its own.
 *
 * "Down" is a receiver that accepts connections and never answers (a hung server, a dropped route): the
 * dispatcher keeps its few in-flight attempts waiting on their timeout (set long) and the rest of the
 * backlog waits in SQLite. A receiver that refuses connections would instead burn every delivery's
 * retries within seconds, which tests the retry schedule, not the backlog.
 *
 * Phases: seed through `POST /_dispatcher/events` (timed) → measure RSS → stop the dispatcher
 * (SIGTERM) → start it again on the same file and time how long until the first attempt reaches the
 * receiver → the receiver comes back (held requests answered 200) → time the drain; then check with the
 * receiver and the delivery log that every (event, webhook) pair was delivered.
 */
export interface BacklogOptions {
	readonly events: number;
	readonly webhooks: number;
	readonly emitConcurrency: number;
	readonly timeoutMs: number;
}

export interface BacklogResult {
	readonly deliveries: number;
	readonly seedMs: number;
	readonly seedEventsPerSecond: number;
	readonly dbMb: number;
	/** Peak RSS (VmHWM) of the first dispatcher process, through seeding. */
	readonly seedPeakRssMb: number;
	/** Peak RSS of the restarted process, through restart, resume and the whole drain. */
	readonly restartPeakRssMb: number;
	readonly peakRssMb: number;
	readonly stoppedBy: 'SIGTERM' | 'SIGKILL';
	/** From spawning the new process to its health endpoint answering. */
	readonly restartReadyMs: number;
	/** From spawning the new process to the first attempt arriving at the receiver. */
	readonly resumeMs: number;
	/** From the receiver coming back to the last pair being delivered. */
	readonly drainMs: number;
	readonly drainPerSecond: number;
	readonly deliveredPairs: number;
	/** Pairs the receiver never got a successful delivery for (must be 0). */
	readonly lost: number;
	/** The dispatcher's own count of delivered deliveries, from its delivery log. */
	readonly loggedDelivered: number | null;
}

export const BACKLOG_DEFAULTS: BacklogOptions = { events: 10_000, webhooks: 10, emitConcurrency: 8, timeoutMs: 600_000 };

function totalOf(json: unknown): number | null {
	if (typeof json !== 'object' || json === null) return null;
	const record = json as Record<string, unknown>;
	for (const key of ['total', 'count']) if (typeof record[key] === 'number') return record[key] as number;
	const meta = record.meta as Record<string, unknown> | undefined;
	for (const key of ['count', 'total']) if (meta && typeof meta[key] === 'number') return meta[key] as number;
	return null;
}

export async function runBacklog(overrides: Partial<BacklogOptions> = {}): Promise<BacklogResult> {
	const options = { ...BACKLOG_DEFAULTS, ...overrides };
	const deliveries = options.events * options.webhooks;
	const dir = mkdtempSync(join(tmpdir(), 'chatwoot-bench-backlog-'));
	const db = join(dir, 'dispatcher.db');
	// A long timeout holds the few in-flight attempts on the hung receiver; retries are never reached.
	const processOptions: DispatcherProcessOptions = { db, token: BENCH_TOKEN, retrySchedule: '1s,1s,1s,1s,1s', timeout: '10m' };
	let receiver: ReceiverProcess | undefined;
	let dispatcher: DispatcherProcess | undefined;
	let client: ChatwootClient | undefined;
	try {
		receiver = await spawnReceiver({ mode: 'blackhole' });
		dispatcher = await spawnDispatcher(processOptions);
		client = new ChatwootClient(dispatcher.url, BENCH_TOKEN, 1, options.emitConcurrency);
		for (let index = 0; index < options.webhooks; index++) {
			await client.createWebhook(`${receiver.origin}/hook/${index}`, [BENCH_EVENT]);
		}

		const seedStarted = monotonicMs();
		await forEachConcurrently(options.events, options.emitConcurrency, (seq) => client!.emit(BENCH_EVENT, benchEventData(seq)));
		const seedMs = monotonicMs() - seedStarted;
		await sleep(1_000);
		const seedPeakRssMb = dispatcher.peakRssMb();
		await client.close();
		client = undefined;
		const stopped = await dispatcher.stop(10_000);
		dispatcher = undefined;
		const dbMb = ['', '-wal'].reduce((sum, suffix) => {
			try {
				return sum + statSync(db + suffix).size / 1024 / 1024;
			} catch {
				return sum;
			}
		}, 0);

		const requestsBefore = (await receiver.stats()).requests;
		const restartedAt = monotonicMs();
		dispatcher = await spawnDispatcher(processOptions);
		const restartReadyMs = monotonicMs() - restartedAt;
		const resumed = await receiver.waitForRequests(requestsBefore + 1, options.timeoutMs);
		if (resumed.requests <= requestsBefore || resumed.lastAt === null) throw new Error('delivery did not resume after the restart');
		const resumeMs = resumed.lastAt - restartedAt;

		const backAt = monotonicMs();
		await receiver.setMode('ok');
		const drained = await receiver.waitForDeliveredPairs(deliveries, options.timeoutMs);
		const drainMs = (drained.lastDeliveredAt ?? backAt) - backAt;
		client = new ChatwootClient(dispatcher.url, BENCH_TOKEN, 1, 2);
		// The delivery log settles an attempt just after the receiver answered it.
		let loggedDelivered: number | null = null;
		for (let tries = 0; tries < 50; tries++) {
			loggedDelivered = totalOf((await client.deliveries({ status: 'delivered', limit: 1 })).json);
			if (loggedDelivered === null || loggedDelivered >= deliveries) break;
			await sleep(100);
		}
		const restartPeakRssMb = dispatcher.peakRssMb();
		return {
			deliveries,
			seedMs,
			seedEventsPerSecond: (options.events / seedMs) * 1000,
			dbMb,
			seedPeakRssMb,
			restartPeakRssMb,
			peakRssMb: Math.max(seedPeakRssMb, restartPeakRssMb),
			stoppedBy: stopped.killed ? 'SIGKILL' : 'SIGTERM',
			restartReadyMs,
			resumeMs,
			drainMs,
			drainPerSecond: (deliveries / drainMs) * 1000,
			deliveredPairs: drained.deliveredPairs,
			lost: deliveries - drained.deliveredPairs,
			loggedDelivered,
		};
	} finally {
		await client?.close().catch(() => undefined);
		await dispatcher?.stop(2_000).catch(() => undefined);
		await receiver?.close().catch(() => undefined);
		rmSync(dir, { recursive: true, force: true });
	}
}
