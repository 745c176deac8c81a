import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Pool } from 'undici';

import { monotonicMs } from '../testkit/loopback-receiver';

/**
 * The baseline every delivery benchmark divides by: undici `Pool.request` POSTing prepared bodies with
 * prepared headers to the same receiver, at a fixed number of requests in flight, and nothing else: no
 * store, no signing, no retries. It is the ceiling a Node sender on this machine can reach.
 */
export interface BaselinePost {
	readonly path: string;
	readonly body: Buffer;
	/** Prepared headers; when absent, JSON content type and a fresh X-Chatwoot-Delivery. */
	readonly headers?: Record<string, string>;
}

export interface BaselineResult {
	readonly sent: number;
	/** Answers other than 200, and requests that got no answer. */
	readonly failed: number;
	/** The first few failures, for the report. */
	readonly failures: readonly string[];
	readonly elapsedMs: number;
	/** Requests sent per second, answered or not. */
	readonly perSecond: number;
	/** Requests answered 200 per second. */
	readonly acceptedPerSecond: number;
}

function prepared(post: BaselinePost): { path: string; body: Buffer; headers: Record<string, string> } {
	return {
		path: post.path,
		body: post.body,
		headers: post.headers ?? {
			'content-type': 'application/json',
			'user-agent': 'undici-baseline',
			'x-chatwoot-delivery': randomUUID(),
		},
	};
}

export interface Concurrency {
	/** Requests handed to undici at once. */
	readonly inFlight: number;
	/** Keep-alive sockets to the receiver's origin. */
	readonly connections: number;
}

/** POSTs every body once with `inFlight` requests outstanding over at most `connections` keep-alive sockets. */
export async function postAll(origin: string, posts: readonly BaselinePost[], concurrency: Concurrency): Promise<BaselineResult> {
	const requests = posts.map(prepared);
	const pool = new Pool(origin, { connections: concurrency.connections, pipelining: 1 });
	let next = 0;
	let failed = 0;
	const failures: string[] = [];
	const fail = (what: string): void => {
		failed += 1;
		if (failures.length < 5) failures.push(what);
	};
	const started = monotonicMs();
	const worker = async (): Promise<void> => {
		while (next < requests.length) {
			const request = requests[next++];
			try {
				const response = await pool.request({ method: 'POST', path: request.path, headers: request.headers, body: request.body });
				if (response.statusCode !== 200) fail(`${response.statusCode} ${(await response.body.text()).slice(0, 200)}`);
				else await response.body.dump();
			} catch (error) {
				fail((error as Error).message);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, concurrency.inFlight) }, worker));
	const elapsedMs = monotonicMs() - started;
	await pool.close();
	return {
		sent: requests.length,
		failed,
		failures,
		elapsedMs,
		perSecond: (requests.length / elapsedMs) * 1000,
		acceptedPerSecond: ((requests.length - failed) / elapsedMs) * 1000,
	};
}

export interface PacedResult {
	/** seq → monotonic ms when the request was handed to undici. */
	readonly sentAt: Map<number, number>;
	readonly failed: number;
}

/**
 * Sends `count` POSTs at `ratePerSecond`, spaced evenly on the monotonic clock (a late tick sends at once
 * rather than dropping, so the schedule stays honest under load). `post(seq)` builds request `seq`.
 */
export async function postPaced(
	origin: string,
	count: number,
	ratePerSecond: number,
	post: (seq: number) => BaselinePost,
	connections: number,
): Promise<PacedResult> {
	const requests = Array.from({ length: count }, (_, seq) => prepared(post(seq)));
	const pool = new Pool(origin, { connections, pipelining: 1 });
	const sentAt = new Map<number, number>();
	let failed = 0;
	const inFlight: Promise<void>[] = [];
	const interval = 1000 / ratePerSecond;
	const started = monotonicMs();
	for (let seq = 0; seq < count; seq++) {
		const due = started + seq * interval;
		const wait = due - monotonicMs();
		if (wait > 1) await sleep(wait);
		const request = requests[seq];
		sentAt.set(seq, monotonicMs());
		inFlight.push(
			pool
				.request({ method: 'POST', path: request.path, headers: request.headers, body: request.body })
				.then(async (response) => {
					await response.body.dump();
					if (response.statusCode !== 200) failed += 1;
				})
				.catch(() => {
					failed += 1;
				}),
		);
	}
	await Promise.all(inFlight);
	await pool.close();
	return { sentAt, failed };
}
