import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ChatwootClient } from '../../testkit/chatwoot-client';
import { BENCH_EVENT, benchEventData } from '../../testkit/delivered-body';
import { spawnDispatcher, type DispatcherProcess } from '../../testkit/dispatcher-process';
import { readSeq } from '../../testkit/message-payload';

/**
 * `POST /_dispatcher/events` with `{"events": [...]}` against the CLI dispatcher (its own process, a
 * SQLite file) and a loopback receiver: a batch is delivered whole, refused whole, and on disk when answered.
 */
const TOKEN = 'batch-admin-token-Tn5Kc8Wq3Lp1';
const WEBHOOKS = 2;
const BATCH = 50;

/** A receiver that records `/hook/<n>#<seq>` → delivery ids, and holds every request unanswered while `holding`. */
class Receiver {
	readonly seen = new Map<string, Set<string>>();
	holding = false;
	private readonly held: ServerResponse[] = [];
	private readonly waiters: Array<() => void> = [];
	private server?: Server;
	origin = '';

	async listen(): Promise<void> {
		this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				if (this.holding) {
					this.held.push(response);
					return;
				}
				const key = `${request.url}#${readSeq(Buffer.concat(chunks).toString('utf8'))}`;
				const ids = this.seen.get(key) ?? new Set<string>();
				ids.add(String(request.headers['x-chatwoot-delivery']));
				this.seen.set(key, ids);
				response.writeHead(200, { 'content-length': '2' }).end('ok');
				for (const wake of this.waiters.splice(0)) wake();
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
		this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
		const deadline = Date.now() + timeoutMs;
		while (!condition() && Date.now() < deadline) {
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, 200);
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		return condition();
	}

	async close(): Promise<void> {
		for (const response of this.held.splice(0)) response.destroy();
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()));
	}
}

interface BatchAnswer {
	events: Array<{ event: string; deliveries: string[] }>;
}

let dir: string;
let receiver: Receiver;
const running: DispatcherProcess[] = [];

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'chatwoot-batch-'));
	receiver = new Receiver();
	await receiver.listen();
});

afterEach(async () => {
	for (const dispatcher of running.splice(0)) await dispatcher.stop(2_000).catch(() => undefined);
	await receiver.close();
	rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<DispatcherProcess> {
	const dispatcher = await spawnDispatcher({ db: join(dir, 'dispatcher.db'), token: TOKEN, retrySchedule: '200ms,200ms,200ms', timeout: '5s', quiet: true });
	running.push(dispatcher);
	return dispatcher;
}

async function withWebhooks(dispatcher: DispatcherProcess): Promise<ChatwootClient> {
	const client = new ChatwootClient(dispatcher.url, TOKEN, 1, 2);
	for (let index = 0; index < WEBHOOKS; index++) await client.createWebhook(`${receiver.origin}/hook/${index}`, [BENCH_EVENT]);
	return client;
}

function batchOf(count: number, from = 0) {
	return Array.from({ length: count }, (_, index) => ({ event: BENCH_EVENT, data: benchEventData(from + index) }));
}

/** Every (webhook, seq) pair of the batch, with the delivery ids the answer gave for that seq. */
function expectedPairs(answer: BatchAnswer, from = 0): Map<string, string[]> {
	const pairs = new Map<string, string[]>();
	answer.events.forEach((emitted, index) => {
		for (let hook = 0; hook < WEBHOOKS; hook++) pairs.set(`/hook/${hook}#${from + index}`, emitted.deliveries);
	});
	return pairs;
}

function expectArrived(pairs: Map<string, string[]>): void {
	const wrong = [...pairs].filter(([key, ids]) => {
		const got = receiver.seen.get(key);
		return !got || got.size !== 1 || !ids.includes([...got][0]);
	});
	expect(wrong.map(([key]) => key)).toEqual([]);
}

test(`a batch of ${BATCH} events is answered in order and every delivery of it arrives`, async () => {
	const dispatcher = await start();
	const client = await withWebhooks(dispatcher);
	const response = await client.emitBatch(batchOf(BATCH));
	const answer = response.json as BatchAnswer;
	expect(answer.events).toHaveLength(BATCH);
	expect(answer.events.every((emitted) => emitted.event === BENCH_EVENT && emitted.deliveries.length === WEBHOOKS)).toBe(true);
	expect(new Set(answer.events.flatMap((emitted) => emitted.deliveries)).size).toBe(BATCH * WEBHOOKS);
	const pairs = expectedPairs(answer);
	expect(await receiver.until(() => [...pairs.keys()].every((key) => receiver.seen.has(key)), 60_000)).toBe(true);
	expectArrived(pairs);
	await client.close();
});

test('a bad element refuses the whole batch with a 422 and nothing is stored or sent', async () => {
	const dispatcher = await start();
	const client = await withWebhooks(dispatcher);
	const badEvent = await client.request('POST', '/_dispatcher/events', {
		events: [...batchOf(3).map(({ event, data }) => ({ event, data })), { event: 'message_deleted' }],
	});
	expect(badEvent.status).toBe(422);
	expect(badEvent.json).toEqual({ message: "Events is not one of Chatwoot's webhook events", attributes: ['events'] });
	// Valid in shape, but the last element's account does not exist: the first two were written, then rolled back.
	const badAccount = await client.request('POST', '/_dispatcher/events', {
		events: [{ event: BENCH_EVENT, data: benchEventData(0) }, { event: BENCH_EVENT, data: benchEventData(1) }, { event: BENCH_EVENT, account_id: 999 }],
	});
	expect(badAccount.status).toBe(404);
	expect(badAccount.json).toEqual({ error: 'Resource could not be found' });
	expect((await client.request('POST', '/_dispatcher/events', { events: [] })).status).toBe(422);
	expect((await client.request('POST', '/_dispatcher/events', { events: {} })).status).toBe(422);

	// A good batch after them goes through, and is all the log and the receiver ever see.
	const good = (await client.emitBatch(batchOf(2, 100))).json as BatchAnswer;
	const pairs = expectedPairs(good, 100);
	expect(await receiver.until(() => [...pairs.keys()].every((key) => receiver.seen.has(key)), 60_000)).toBe(true);
	const log = (await client.deliveries({ limit: 100 })).json as { meta: { count: number } };
	expect(log.meta.count).toBe(2 * WEBHOOKS);
	expect([...receiver.seen.keys()].sort()).toEqual([...pairs.keys()].sort());
	await client.close();
});

test('a batch answered just before a SIGKILL is delivered after the restart, under the ids the answer gave', async () => {
	receiver.holding = true;
	const first = await start();
	const client = await withWebhooks(first);
	const answer = (await client.emitBatch(batchOf(BATCH))).json as BatchAnswer;
	first.kill('SIGKILL');
	expect((await first.exited).signal).toBe('SIGKILL');
	await client.close().catch(() => undefined);
	receiver.holding = false;

	const second = await start();
	const pairs = expectedPairs(answer);
	expect(await receiver.until(() => [...pairs.keys()].every((key) => receiver.seen.has(key)), 60_000)).toBe(true);
	expectArrived(pairs);
	const log = new ChatwootClient(second.url, TOKEN, 1, 1);
	const stored = (await log.deliveries({ limit: 1 })).json as { meta: { count: number } };
	expect(stored.meta.count).toBe(BATCH * WEBHOOKS);
	await log.close();
}, 120_000);
