import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ChatwootClient } from '../../testkit/chatwoot-client';
import { BENCH_EVENT, benchEventData } from '../../testkit/delivered-body';
import { spawnDispatcher, type DispatcherProcess } from '../../testkit/dispatcher-process';
import { readSeq } from '../../testkit/message-payload';
import { SuiteLogs } from './suite-logs';

/**
 * SIGKILL in the middle of a burst: 5 000 events to 3 webhooks through the CLI dispatcher (its own
 * process, a SQLite file), killed once deliveries are flowing and API calls are in flight, then started
 * again on the same file to finish the burst. Every (event, webhook) pair whose API call was answered
 * must reach its receiver at least once, and every repeat of a pair must carry the same delivery id.
 * Events whose call got no answer may or may not exist; if they arrive, the same rule holds.
 */
const EVENTS = 5_000;
const WEBHOOKS = 3;
const TOKEN = 'crash-admin-token-Hq4Lw9Zx2Rv7';
const KILL_AFTER_REQUESTS = 1_500;

const logs = new SuiteLogs('crash');
const secrets = [TOKEN];
const dir = mkdtempSync(join(tmpdir(), 'chatwoot-crash-'));

/** `/hook/<n>#<seq>` → the delivery ids seen for that pair, with how many requests carried each. */
const seen = new Map<string, Map<string, number>>();
let requests = 0;
let receiver: Server;
let origin = '';
const onRequest: Array<() => void> = [];

beforeAll(async () => {
	receiver = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const key = `${request.url}#${readSeq(Buffer.concat(chunks).toString('utf8'))}`;
			const id = String(request.headers['x-chatwoot-delivery']);
			const ids = seen.get(key) ?? new Map<string, number>();
			ids.set(id, (ids.get(id) ?? 0) + 1);
			seen.set(key, ids);
			requests += 1;
			response.writeHead(200, { 'content-length': '2' }).end('ok');
			for (const wake of onRequest.splice(0)) wake();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
	origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
	receiver.closeAllConnections();
	await new Promise<void>((resolve) => receiver.close(() => resolve()));
	rmSync(dir, { recursive: true, force: true });
});

function start(): Promise<DispatcherProcess> {
	return spawnDispatcher({
		db: join(dir, 'dispatcher.db'),
		token: TOKEN,
		retrySchedule: '200ms,200ms,200ms',
		timeout: '5s',
		onOutput: (line, stream) => logs.add(`cli ${stream}`, line),
	});
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!condition() && Date.now() < deadline) {
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, 200);
			onRequest.push(() => {
				clearTimeout(timer);
				resolve();
			});
		});
	}
	return condition();
}

test(`SIGKILL during a burst of ${EVENTS} events to ${WEBHOOKS} webhooks: every answered pair arrives, repeats keep their delivery id`, async () => {
	const acknowledged = new Set<number>();
	const unanswered = new Set<number>();
	let next = 0;

	const burst = async (dispatcher: DispatcherProcess, stopAt: () => boolean): Promise<void> => {
		const client = new ChatwootClient(dispatcher.url, TOKEN, 1, 16);
		await Promise.all(
			Array.from({ length: 16 }, async () => {
				while (next < EVENTS && !stopAt()) {
					const seq = next++;
					try {
						await client.emit(BENCH_EVENT, benchEventData(seq));
						acknowledged.add(seq);
					} catch (error) {
						unanswered.add(seq);
						logs.add('emit error', (error as Error).message);
					}
				}
			}),
		);
		await client.close().catch(() => undefined);
	};

	const first = await start();
	const setup = new ChatwootClient(first.url, TOKEN, 1, 1);
	for (let index = 0; index < WEBHOOKS; index++) {
		const webhook = await setup.createWebhook(`${origin}/hook/${index}`, [BENCH_EVENT]);
		secrets.push(webhook.secret);
	}
	await setup.close();

	let killed = false;
	const killer = until(() => requests >= KILL_AFTER_REQUESTS, 120_000).then(() => {
		first.kill('SIGKILL');
		killed = true;
	});
	await burst(first, () => killed);
	await killer;
	const status = await first.exited;
	expect(status.signal).toBe('SIGKILL');
	const sentBeforeKill = next;
	logs.add('test', `killed after ${requests} requests; ${acknowledged.size} events answered, ${unanswered.size} unanswered, ${sentBeforeKill} sent`);

	// The restart finishes the burst with the events never sent.
	const second = await start();
	try {
		await burst(second, () => false);
		expect(next).toBe(EVENTS);
		const wanted = [...acknowledged].flatMap((seq) => Array.from({ length: WEBHOOKS }, (_, index) => `/hook/${index}#${seq}`));
		const complete = await until(() => wanted.every((key) => seen.has(key)), 180_000);
		const missing = wanted.filter((key) => !seen.has(key));
		expect({ complete, missing: missing.slice(0, 10), missingCount: missing.length }).toEqual({ complete: true, missing: [], missingCount: 0 });

		// No pair ever arrived under two delivery ids, answered or not.
		const split = [...seen].filter(([, ids]) => ids.size > 1).map(([key, ids]) => `${key}: ${[...ids.keys()].join(', ')}`);
		expect(split).toEqual([]);
		// Repeats happen (deliveries in flight at the kill are sent again) and are counted, not forbidden.
		const repeats = [...seen.values()].reduce((sum, ids) => sum + [...ids.values()].reduce((a, b) => a + b, 0) - 1, 0);
		logs.add('test', `${seen.size} pairs received, ${repeats} repeated requests, ${unanswered.size} unanswered API calls`);
		expect(seen.size).toBeGreaterThanOrEqual(wanted.length);
		expect(seen.size).toBeLessThanOrEqual((acknowledged.size + unanswered.size) * WEBHOOKS);
		// The delivery log settles too: nothing left pending or failed.
		const log = new ChatwootClient(second.url, TOKEN, 1, 1);
		const pending = (await log.deliveries({ status: 'pending', limit: 1 })).json as { meta: { count: number } };
		const failed = (await log.deliveries({ status: 'failed', limit: 1 })).json as { meta: { count: number } };
		await log.close();
		expect({ failed: failed.meta.count }).toEqual({ failed: 0 });
		logs.add('test', `pending after the drain: ${pending.meta.count}`);
	} finally {
		await second.stop(5_000);
	}
}, 300_000);

test('no line the CLI printed and no error of this file contains a webhook secret or the API token', () => {
	expect(logs.count).toBeGreaterThan(0);
	logs.expectNoSecrets(secrets);
});
