import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { ChatwootClient } from '../testkit/chatwoot-client';
import { spawnDispatcher, type DispatcherProcess } from '../testkit/dispatcher-process';
import { monotonicMs, spawnReceiver, type ReceiverProcess } from '../testkit/loopback-receiver';
import { BENCH_EVENT, benchEventData, deliveredBody } from '../testkit/delivered-body';
import { BENCH_TOKEN } from './throughput';
import { postPaced } from './undici-baseline';

/**
 * Latency: events caused at a steady rate (half the measured throughput, in deliveries per second), each
 * by one API call, fanned out to M webhooks. For every (event, webhook) pair, the time from the moment
 * the API call was made to the moment the receiver had the delivery's request headers, on
 * CLOCK_MONOTONIC, which both processes share. The baseline sends the same number of requests at the
 * same delivery rate straight to the receiver with undici and is timed the same way.
 */
export interface LatencyOptions {
	/** Deliveries per second to aim at (events per second × webhooks). */
	readonly deliveriesPerSecond: number;
	readonly webhooks: number;
	readonly durationMs: number;
	readonly timeoutMs: number;
}

export interface Percentiles {
	readonly count: number;
	readonly p50: number;
	readonly p90: number;
	readonly p99: number;
	readonly max: number;
}

export interface LatencyResult {
	readonly deliveriesPerSecond: number;
	readonly eventsPerSecond: number;
	readonly webhooks: number;
	readonly events: number;
	readonly dispatcher: Percentiles;
	readonly baseline: Percentiles;
	/** Dispatcher p99 ÷ baseline p99. */
	readonly p99Ratio: number;
	/** Pairs that never arrived (must be 0). */
	readonly missing: number;
	/** The achieved event rate: scheduling slips under load, and this says by how much. */
	readonly achievedEventsPerSecond: number;
}

export const LATENCY_DEFAULTS: LatencyOptions = { deliveriesPerSecond: 1_000, webhooks: 10, durationMs: 10_000, timeoutMs: 120_000 };

export function percentiles(samples: readonly number[]): Percentiles {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
	return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

export async function runLatency(overrides: Partial<LatencyOptions> = {}): Promise<LatencyResult> {
	const options = { ...LATENCY_DEFAULTS, ...overrides };
	const eventsPerSecond = Math.max(1, options.deliveriesPerSecond / options.webhooks);
	const events = Math.max(1, Math.round((eventsPerSecond * options.durationMs) / 1000));
	const pairs = events * options.webhooks;
	const dir = mkdtempSync(join(tmpdir(), 'chatwoot-bench-latency-'));
	let receiver: ReceiverProcess | undefined;
	let dispatcher: DispatcherProcess | undefined;
	let client: ChatwootClient | undefined;
	try {
		receiver = await spawnReceiver({ recordSeq: true });
		const bodies = await Promise.all(Array.from({ length: pairs }, (_, index) => deliveredBody(index)));

		// Baseline: one request per pair, at the same delivery rate, straight to the receiver.
		const baselineSent = await postPaced(
			receiver.origin,
			pairs,
			options.deliveriesPerSecond,
			(index) => ({ path: `/hook/${index % options.webhooks}`, body: bodies[index] }),
			64,
		);
		await receiver.waitForRequests(pairs, options.timeoutMs);
		const baselineArrivals = await receiver.seqArrivals();
		const baselineSamples: number[] = [];
		for (const [seq, sentAt] of baselineSent.sentAt) {
			const arrived = baselineArrivals[`/hook/${seq % options.webhooks}#${seq}`];
			if (arrived !== undefined) baselineSamples.push(arrived - sentAt);
		}
		await receiver.reset();

		dispatcher = await spawnDispatcher({ db: join(dir, 'dispatcher.db'), token: BENCH_TOKEN, retrySchedule: '1s,2s,4s', timeout: '10s' });
		client = new ChatwootClient(dispatcher.url, BENCH_TOKEN, 1, 64);
		for (let index = 0; index < options.webhooks; index++) {
			await client.createWebhook(`${receiver.origin}/hook/${index}`, [BENCH_EVENT]);
		}
		// Warm-up, not measured; its sequence numbers lie above the measured range.
		for (let seq = 0; seq < 20; seq++) await client.emit(BENCH_EVENT, benchEventData(events + seq));
		await receiver.waitForUniquePairs(20 * options.webhooks, options.timeoutMs);
		await receiver.reset();

		const sentAt = new Map<number, number>();
		const calls: Promise<unknown>[] = [];
		const failures: Error[] = [];
		const interval = 1000 / eventsPerSecond;
		const started = monotonicMs();
		for (let seq = 0; seq < events; seq++) {
			const wait = started + seq * interval - monotonicMs();
			if (wait > 1) await sleep(wait);
			sentAt.set(seq, monotonicMs());
			calls.push(client.emit(BENCH_EVENT, benchEventData(seq)).catch((error: Error) => failures.push(error)));
		}
		const achievedEventsPerSecond = (events / (monotonicMs() - started)) * 1000;
		await Promise.all(calls);
		if (failures.length) throw new Error(`${failures.length} API calls failed, the first: ${failures[0].message}`);
		await receiver.waitForUniquePairs(pairs, options.timeoutMs);
		const arrivals = await receiver.seqArrivals();
		const samples: number[] = [];
		let missing = 0;
		for (const [seq, at] of sentAt) {
			for (let index = 0; index < options.webhooks; index++) {
				const arrived = arrivals[`/hook/${index}#${seq}`];
				if (arrived === undefined) missing += 1;
				else samples.push(arrived - at);
			}
		}
		const dispatcherPercentiles = percentiles(samples);
		const baselinePercentiles = percentiles(baselineSamples);
		return {
			deliveriesPerSecond: options.deliveriesPerSecond,
			eventsPerSecond,
			webhooks: options.webhooks,
			events,
			dispatcher: dispatcherPercentiles,
			baseline: baselinePercentiles,
			p99Ratio: dispatcherPercentiles.p99 / baselinePercentiles.p99,
			missing,
			achievedEventsPerSecond,
		};
	} finally {
		await client?.close().catch(() => undefined);
		await dispatcher?.stop(2_000).catch(() => undefined);
		await receiver?.close().catch(() => undefined);
		rmSync(dir, { recursive: true, force: true });
	}
}
