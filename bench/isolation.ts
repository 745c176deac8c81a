import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ChatwootClient, forEachConcurrently } from '../testkit/chatwoot-client';
import { spawnDispatcher, type DispatcherProcess } from '../testkit/dispatcher-process';
import { monotonicMs, spawnReceiver, type ReceiverProcess } from '../testkit/loopback-receiver';
import { BENCH_EVENT, benchEventData } from '../testkit/delivered-body';
import { BENCH_TOKEN } from './throughput';

/**
 * Isolation: a healthy webhook and a black-holed one (accepts, never answers, so every attempt is held
 * to the dispatcher's 2 s timeout) both subscribe to `conversation_created`, so the black hole takes half of
 * all deliveries. The figure is the healthy webhook's throughput (events ÷ time from the first API call
 * to its last delivery) against its throughput when it is the only webhook, measured in the same run
 * before and after (mean), each on a fresh dispatcher process and database.
 *
 * A control run puts a healthy twin where the black hole was: the same fan-out (two deliveries per event,
 * twice the writes per API call), so `ratio ÷ twinRatio` separates what the black hole costs from what a
 * second webhook costs anyway.
 */
export interface IsolationOptions {
	readonly events: number;
	readonly emitConcurrency: number;
	readonly timeoutMs: number;
}

export interface IsolationRun {
	readonly perSecond: number;
	readonly elapsedMs: number;
	readonly delivered: number;
	/** Requests the black hole received during the run (0 when it is absent). */
	readonly blackholeRequests: number;
}

export interface IsolationResult {
	readonly events: number;
	readonly aloneBefore: IsolationRun;
	readonly aloneAfter: IsolationRun;
	readonly withBlackhole: IsolationRun;
	/** The control: a second healthy webhook (its own receiver) in the black hole's place. */
	readonly withHealthyTwin: IsolationRun;
	readonly alonePerSecond: number;
	readonly ratio: number;
	/** The control's throughput against alone. */
	readonly twinRatio: number;
}

export const ISOLATION_DEFAULTS: IsolationOptions = { events: 2_000, emitConcurrency: 8, timeoutMs: 300_000 };

async function healthyThroughput(options: IsolationOptions, healthy: ReceiverProcess, blackhole: ReceiverProcess | null): Promise<IsolationRun> {
	// `blackhole` is any second receiver: the black hole, or the healthy twin of the control run.
	const dir = mkdtempSync(join(tmpdir(), 'chatwoot-bench-isolation-'));
	let dispatcher: DispatcherProcess | undefined;
	let client: ChatwootClient | undefined;
	try {
		await healthy.reset();
		await blackhole?.reset();
		dispatcher = await spawnDispatcher({ db: join(dir, 'dispatcher.db'), token: BENCH_TOKEN, retrySchedule: '1s,1s,1s', timeout: '2s' });
		client = new ChatwootClient(dispatcher.url, BENCH_TOKEN, 1, options.emitConcurrency);
		await client.createWebhook(`${healthy.origin}/healthy`, [BENCH_EVENT]);
		if (blackhole) await client.createWebhook(`${blackhole.origin}/blackhole`, [BENCH_EVENT]);
		const started = monotonicMs();
		await forEachConcurrently(options.events, options.emitConcurrency, (seq) => client!.emit(BENCH_EVENT, benchEventData(seq)));
		const stats = await healthy.waitForUniquePairs(options.events, options.timeoutMs);
		if (stats.uniquePairs < options.events) {
			throw new Error(`the healthy webhook got ${stats.uniquePairs} of ${options.events} deliveries within ${options.timeoutMs} ms`);
		}
		const elapsedMs = (stats.lastNewPairAt ?? started) - started;
		const blackholeRequests = blackhole ? (await blackhole.stats()).requests : 0;
		return { perSecond: (options.events / elapsedMs) * 1000, elapsedMs, delivered: stats.uniquePairs, blackholeRequests };
	} finally {
		await client?.close().catch(() => undefined);
		await dispatcher?.stop(3_000).catch(() => undefined);
		rmSync(dir, { recursive: true, force: true });
	}
}

export async function runIsolation(overrides: Partial<IsolationOptions> = {}): Promise<IsolationResult> {
	const options = { ...ISOLATION_DEFAULTS, ...overrides };
	const healthy = await spawnReceiver();
	const blackhole = await spawnReceiver({ mode: 'blackhole' });
	const twin = await spawnReceiver();
	try {
		const aloneBefore = await healthyThroughput(options, healthy, null);
		globalThis.gc?.();
		const withBlackhole = await healthyThroughput(options, healthy, blackhole);
		globalThis.gc?.();
		const withHealthyTwin = await healthyThroughput(options, healthy, twin);
		globalThis.gc?.();
		const aloneAfter = await healthyThroughput(options, healthy, null);
		const alonePerSecond = (aloneBefore.perSecond + aloneAfter.perSecond) / 2;
		return {
			events: options.events,
			aloneBefore,
			aloneAfter,
			withBlackhole,
			withHealthyTwin,
			alonePerSecond,
			ratio: withBlackhole.perSecond / alonePerSecond,
			twinRatio: withHealthyTwin.perSecond / alonePerSecond,
		};
	} finally {
		await healthy.close().catch(() => undefined);
		await blackhole.close().catch(() => undefined);
		await twin.close().catch(() => undefined);
	}
}
