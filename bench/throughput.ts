import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_CONCURRENCY, DEFAULT_PER_WEBHOOK_CONCURRENCY } from '../src/dispatcher/delivery/delivery-worker';
import { DEFAULT_CONNECTIONS_PER_ORIGIN } from '../src/dispatcher/delivery/webhook-sender';
import { ChatwootClient, forEachConcurrently } from '../testkit/chatwoot-client';
import { spawnDispatcher, type DispatcherProcess } from '../testkit/dispatcher-process';
import { spawnReceiver, type ReceiverProcess, type ReceiverStats } from '../testkit/loopback-receiver';
import { BENCH_EVENT, benchEventData, deliveredBody } from '../testkit/delivered-body';
import { postAll, type BaselineResult, type Concurrency } from './undici-baseline';

/**
 * Throughput: N `conversation_created` events (~1 KB) × M webhooks through the dispatcher (its own process, a SQLite
 * file on disk, synchronous=FULL), posted in batches of `emitBatchSize` per `POST /_dispatcher/events` as an
 * emitter with a queue would, to a receiver in a third process that answers 200. Timed from the first API call
 * to the last new (event, webhook) pair at the receiver. The baseline POSTs the same number of ~1 KB bodies to
 * the same receiver with undici at the dispatcher's concurrency; it runs before and after the dispatcher, and
 * the mean is the divisor. With `perEvent`, the same dispatcher first takes N other events one per API call,
 * timed the same way, against the same baselines.
 */
export interface ThroughputOptions {
	readonly events: number;
	readonly webhooks: number;
	/** What the baseline keeps in flight: the dispatcher's, for this many webhooks on one origin. */
	readonly concurrency: Concurrency;
	/** API calls the load generator keeps in flight. */
	readonly emitConcurrency: number;
	/** Events per API call in the measured burst. */
	readonly emitBatchSize: number;
	/** Also time a burst of one event per API call first. */
	readonly perEvent: boolean;
	readonly timeoutMs: number;
	/** Have the receiver check every signature (tests; costs receiver CPU in both runs alike). */
	readonly verifySignatures: boolean;
	/** Run the CLI with `--quiet` (no line per attempt on stdout). */
	readonly quiet: boolean;
}

export interface ThroughputResult {
	readonly deliveries: number;
	readonly webhooks: number;
	readonly events: number;
	readonly concurrency: Concurrency;
	readonly dispatcherPerSecond: number;
	readonly dispatcherElapsedMs: number;
	/** How long the API calls alone took (the dispatcher accepted every event within this). */
	readonly emitElapsedMs: number;
	readonly baselineBefore: BaselineResult;
	readonly baselineAfter: BaselineResult;
	readonly baselinePerSecond: number;
	readonly ratio: number;
	readonly emitBatchSize: number;
	/** The burst of one event per API call, when measured. */
	readonly perEvent?: { readonly dispatcherPerSecond: number; readonly dispatcherElapsedMs: number; readonly emitElapsedMs: number; readonly ratio: number };
	readonly receiver: ReceiverStats;
	readonly meanBodyBytes: number;
	readonly baselineBodyBytes: number;
	readonly dispatcherPeakRssMb: number;
}

/**
 * The dispatcher's delivery concurrency with its defaults, which the CLI uses. Every benchmark webhook
 * points at the one receiver, so they share one origin and its socket limit.
 */
export function dispatcherConcurrency(webhooks: number): Concurrency {
	const inFlight = Math.min(DEFAULT_CONCURRENCY, DEFAULT_PER_WEBHOOK_CONCURRENCY * webhooks);
	return { inFlight, connections: Math.min(DEFAULT_CONNECTIONS_PER_ORIGIN, inFlight) };
}

export const THROUGHPUT_DEFAULTS: ThroughputOptions = {
	events: 2_000,
	webhooks: 10,
	concurrency: dispatcherConcurrency(10),
	emitConcurrency: 8,
	emitBatchSize: 50,
	perEvent: true,
	timeoutMs: 300_000,
	verifySignatures: false,
	quiet: false,
};

export const BENCH_TOKEN = 'bench-admin-token-Zq81NwVb3uTm';

interface Burst {
	readonly dispatcherElapsedMs: number;
	readonly emitElapsedMs: number;
	readonly receiver: ReceiverStats;
}

/** Emits events `firstSeq …` in API calls of `batchSize` and waits for every (event, webhook) pair. */
async function timedBurst(client: ChatwootClient, receiver: ReceiverProcess, options: ThroughputOptions, firstSeq: number, batchSize: number): Promise<Burst> {
	const calls = Math.ceil(options.events / batchSize);
	const emitCall = (call: number): Promise<unknown> => {
		const from = call * batchSize;
		const size = Math.min(batchSize, options.events - from);
		if (batchSize === 1) return client.emit(BENCH_EVENT, benchEventData(firstSeq + from));
		return client.emitBatch(Array.from({ length: size }, (_, index) => ({ event: BENCH_EVENT, data: benchEventData(firstSeq + from + index) })));
	};
	const deliveries = options.events * options.webhooks;
	const started = Number(process.hrtime.bigint()) / 1e6;
	await forEachConcurrently(calls, options.emitConcurrency, emitCall);
	const emitElapsedMs = Number(process.hrtime.bigint()) / 1e6 - started;
	const stats = await receiver.waitForUniquePairs(deliveries, options.timeoutMs);
	if (stats.uniquePairs < deliveries) {
		throw new Error(`only ${stats.uniquePairs} of ${deliveries} deliveries arrived within ${options.timeoutMs} ms`);
	}
	return { dispatcherElapsedMs: (stats.lastNewPairAt ?? started) - started, emitElapsedMs, receiver: stats };
}

export async function runThroughput(overrides: Partial<ThroughputOptions> = {}): Promise<ThroughputResult> {
	const options = { ...THROUGHPUT_DEFAULTS, concurrency: dispatcherConcurrency(overrides.webhooks ?? THROUGHPUT_DEFAULTS.webhooks), ...overrides };
	const deliveries = options.events * options.webhooks;
	const dir = mkdtempSync(join(tmpdir(), 'chatwoot-bench-throughput-'));
	let receiver: ReceiverProcess | undefined;
	let dispatcher: DispatcherProcess | undefined;
	let client: ChatwootClient | undefined;
	try {
		receiver = await spawnReceiver();
		const baselinePosts = await Promise.all(
			Array.from({ length: deliveries }, async (_, index) => ({
				path: `/hook/${index % options.webhooks}`,
				body: await deliveredBody(Math.floor(index / options.webhooks)),
			})),
		);
		const baselineBodyBytes = baselinePosts.reduce((sum, post) => sum + post.body.length, 0) / deliveries;

		// Warm the receiver and the baseline client's code paths, then measure.
		await postAll(receiver.origin, baselinePosts.slice(0, Math.min(500, deliveries)), options.concurrency);
		globalThis.gc?.();
		const baselineBefore = await postAll(receiver.origin, baselinePosts, options.concurrency);
		await receiver.reset();

		dispatcher = await spawnDispatcher({
			db: join(dir, 'dispatcher.db'),
			token: BENCH_TOKEN,
			retrySchedule: '1s,2s,4s',
			timeout: '10s',
			quiet: options.quiet,
		});
		client = new ChatwootClient(dispatcher.url, BENCH_TOKEN, 1, options.emitConcurrency);
		for (let index = 0; index < options.webhooks; index++) {
			const webhook = await client.createWebhook(`${receiver.origin}/hook/${index}`, [BENCH_EVENT]);
			if (options.verifySignatures) await receiver.setSecret(`/hook/${index}`, webhook.secret);
		}
		// Warm-up through the whole pipeline, not timed.
		const warmEvents = Math.min(50, options.events);
		await forEachConcurrently(warmEvents, options.emitConcurrency, (seq) => client!.emit(BENCH_EVENT, benchEventData(seq)));
		await receiver.waitForUniquePairs(warmEvents * options.webhooks, options.timeoutMs);
		await receiver.reset();
		globalThis.gc?.();

		let perEventBurst: Burst | undefined;
		if (options.perEvent) {
			perEventBurst = await timedBurst(client, receiver, options, options.events, 1);
			await receiver.reset();
			globalThis.gc?.();
		}
		const burst = await timedBurst(client, receiver, options, 0, options.emitBatchSize);
		const { dispatcherElapsedMs, emitElapsedMs, receiver: stats } = burst;
		const dispatcherPeakRssMb = dispatcher.peakRssMb();
		await client.close();
		client = undefined;
		await dispatcher.stop();
		dispatcher = undefined;

		await receiver.reset();
		globalThis.gc?.();
		const baselineAfter = await postAll(receiver.origin, baselinePosts, options.concurrency);
		const baselinePerSecond = (baselineBefore.perSecond + baselineAfter.perSecond) / 2;
		const dispatcherPerSecond = (deliveries / dispatcherElapsedMs) * 1000;
		const perEventPerSecond = perEventBurst ? (deliveries / perEventBurst.dispatcherElapsedMs) * 1000 : NaN;
		return {
			deliveries,
			webhooks: options.webhooks,
			events: options.events,
			concurrency: options.concurrency,
			dispatcherPerSecond,
			dispatcherElapsedMs,
			emitElapsedMs,
			baselineBefore,
			baselineAfter,
			baselinePerSecond,
			ratio: dispatcherPerSecond / baselinePerSecond,
			emitBatchSize: options.emitBatchSize,
			perEvent: perEventBurst && {
				dispatcherPerSecond: perEventPerSecond,
				dispatcherElapsedMs: perEventBurst.dispatcherElapsedMs,
				emitElapsedMs: perEventBurst.emitElapsedMs,
				ratio: perEventPerSecond / baselinePerSecond,
			},
			receiver: stats,
			meanBodyBytes: stats.bodyBytes / Math.max(1, stats.requests),
			baselineBodyBytes,
			dispatcherPeakRssMb,
		};
	} finally {
		await client?.close().catch(() => undefined);
		await dispatcher?.stop(2_000).catch(() => undefined);
		await receiver?.close().catch(() => undefined);
		rmSync(dir, { recursive: true, force: true });
	}
}
