import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { verify } from '../src/protocol';
import { readSeq } from './message-payload';

/**
 * The webhook receiver every benchmark delivers to: node:http on 127.0.0.1, one path per webhook
 * (`/hook/<n>`). The dispatcher and the undici baseline post to the same receiver, so their ratio
 * measures the sender and nothing else. It runs in its own process (see `spawnReceiver`) so that its
 * CPU is not charged to the sender being measured.
 *
 * - `ok`: reads the body, answers 200 `ok`.
 * - `down`: answers 503 at once (an endpoint that is up but failing).
 * - `blackhole`: reads the request and holds it unanswered; the sender's timeout has to end it. Switching
 *   back to `ok` answers every held request that is still open with 200.
 */
export type ReceiverMode = 'ok' | 'down' | 'blackhole';

export interface ReceiverStats {
	/** Requests seen, repeats included. */
	readonly requests: number;
	/** Distinct (path, X-Chatwoot-Delivery) pairs seen. */
	readonly uniquePairs: number;
	/** Distinct pairs that were answered 200 and whose answer left for the sender: delivered. */
	readonly deliveredPairs: number;
	/** Requests whose (path, delivery id) pair had been seen before. */
	readonly repeats: number;
	/** Requests without an X-Chatwoot-Delivery header. */
	readonly withoutDeliveryId: number;
	/** Requests to a path with a known secret whose signature did not verify. */
	readonly badSignatures: number;
	/** Distinct delivery pairs per path. */
	readonly uniqueByPath: Readonly<Record<string, number>>;
	readonly bodyBytes: number;
	/** Monotonic milliseconds (CLOCK_MONOTONIC, comparable across processes) of the first and latest request. */
	readonly firstAt: number | null;
	readonly lastAt: number | null;
	/** When the latest new (path, delivery id) pair arrived. */
	readonly lastNewPairAt: number | null;
	/** When the latest pair counted in `deliveredPairs` was answered. */
	readonly lastDeliveredAt: number | null;
	/** The first body received since the start or the last reset. */
	readonly sampleBody: string | null;
}

export interface ReceiverOptions {
	readonly mode?: ReceiverMode;
	/** Record when each `bench-seq-<n>` marker first arrived (latency). */
	readonly recordSeq?: boolean;
}

/** Milliseconds on CLOCK_MONOTONIC: the same clock in every process of this machine. */
export function monotonicMs(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

export interface LoopbackReceiver {
	readonly port: number;
	readonly origin: string;
	setMode(mode: ReceiverMode): void;
	setSecret(path: string, secret: string): void;
	stats(): ReceiverStats;
	/** `path#seq` → monotonic ms when the request's headers arrived. */
	seqArrivals(): Record<string, number>;
	/** Resolves with the stats once `uniquePairs >= count`, or when `timeoutMs` passed. */
	waitForUniquePairs(count: number, timeoutMs: number): Promise<ReceiverStats>;
	/** Resolves once `requests >= count`, or when `timeoutMs` passed. */
	waitForRequests(count: number, timeoutMs: number): Promise<ReceiverStats>;
	/** Resolves once `deliveredPairs >= count`, or when `timeoutMs` passed. */
	waitForDeliveredPairs(count: number, timeoutMs: number): Promise<ReceiverStats>;
	reset(): void;
	close(): Promise<void>;
}

export async function startLoopbackReceiver(options: ReceiverOptions = {}): Promise<LoopbackReceiver> {
	let mode: ReceiverMode = options.mode ?? 'ok';
	const secrets = new Map<string, string>();
	let pairs = new Map<string, Set<string>>();
	let delivered = new Set<string>();
	let held: Array<{ response: ServerResponse; key: string | null }> = [];
	let seqArrivals: Record<string, number> = {};
	let counters = { requests: 0, unique: 0, repeats: 0, withoutDeliveryId: 0, badSignatures: 0, bodyBytes: 0 };
	let firstAt: number | null = null;
	let lastAt: number | null = null;
	let lastNewPairAt: number | null = null;
	let lastDeliveredAt: number | null = null;
	let sampleBody: string | null = null;
	const waiters = new Set<() => void>();
	const sockets = new Set<Socket>();

	const answerOk = (response: ServerResponse, key: string | null): void => {
		if (key !== null) {
			response.once('finish', () => {
				if (!delivered.has(key)) {
					delivered.add(key);
					lastDeliveredAt = monotonicMs();
					for (const wake of [...waiters]) wake();
				}
			});
		}
		response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
		response.end('ok');
	};

	const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
		const arrivedAt = monotonicMs();
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
			const path = request.url ?? '/';
			counters.requests += 1;
			counters.bodyBytes += body.length;
			sampleBody ??= body.toString('utf8');
			firstAt ??= arrivedAt;
			lastAt = arrivedAt;
			const deliveryId = request.headers['x-chatwoot-delivery'];
			const key = typeof deliveryId === 'string' && deliveryId !== '' ? `${path} ${deliveryId}` : null;
			if (typeof deliveryId !== 'string' || deliveryId === '') {
				counters.withoutDeliveryId += 1;
			} else {
				let seen = pairs.get(path);
				if (!seen) pairs.set(path, (seen = new Set()));
				if (seen.has(deliveryId)) {
					counters.repeats += 1;
				} else {
					seen.add(deliveryId);
					counters.unique += 1;
					lastNewPairAt = arrivedAt;
				}
			}
			const secret = secrets.get(path);
			if (secret !== undefined && !verify({ body, headers: request.headers, secret }).valid) counters.badSignatures += 1;
			if (options.recordSeq) {
				const key = `${path}#${readSeq(body.toString('utf8'))}`;
				seqArrivals[key] ??= arrivedAt;
			}
			for (const wake of [...waiters]) wake();
			if (mode === 'ok') {
				answerOk(response, key);
			} else if (mode === 'down') {
				response.writeHead(503, { 'content-type': 'text/plain', 'content-length': '4' });
				response.end('down');
			} else {
				// blackhole: hold the request; the socket stays open until the sender gives up or we answer.
				held.push({ response, key });
				response.once('close', () => {
					held = held.filter((entry) => entry.response !== response);
				});
			}
		});
	};

	const server: Server = createServer({ keepAliveTimeout: 30_000, requestTimeout: 0 }, onRequest);
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('the receiver has no TCP address');
	const port = address.port;

	const stats = (): ReceiverStats => ({
		requests: counters.requests,
		uniquePairs: counters.unique,
		deliveredPairs: delivered.size,
		repeats: counters.repeats,
		withoutDeliveryId: counters.withoutDeliveryId,
		badSignatures: counters.badSignatures,
		uniqueByPath: Object.fromEntries([...pairs].map(([path, ids]) => [path, ids.size])),
		bodyBytes: counters.bodyBytes,
		firstAt,
		lastAt,
		lastNewPairAt,
		lastDeliveredAt,
		sampleBody,
	});

	const waitUntil = (done: () => boolean, timeoutMs: number): Promise<ReceiverStats> =>
		new Promise((resolve) => {
			if (done()) return resolve(stats());
			const finish = (): void => {
				clearTimeout(timer);
				waiters.delete(check);
				resolve(stats());
			};
			const check = (): void => {
				if (done()) finish();
			};
			const timer = setTimeout(finish, timeoutMs);
			waiters.add(check);
		});

	return {
		port,
		origin: `http://127.0.0.1:${port}`,
		setMode: (next) => {
			mode = next;
			if (mode === 'ok') {
				const release = held;
				held = [];
				for (const entry of release) if (!entry.response.destroyed) answerOk(entry.response, entry.key);
			}
		},
		setSecret: (path, secret) => {
			secrets.set(path, secret);
		},
		stats,
		seqArrivals: () => seqArrivals,
		waitForUniquePairs: (count, timeoutMs) => waitUntil(() => counters.unique >= count, timeoutMs),
		waitForRequests: (count, timeoutMs) => waitUntil(() => counters.requests >= count, timeoutMs),
		waitForDeliveredPairs: (count, timeoutMs) => waitUntil(() => delivered.size >= count, timeoutMs),
		reset: () => {
			pairs = new Map();
			delivered = new Set();
			seqArrivals = {};
			counters = { requests: 0, unique: 0, repeats: 0, withoutDeliveryId: 0, badSignatures: 0, bodyBytes: 0 };
			firstAt = lastAt = lastNewPairAt = lastDeliveredAt = null;
			sampleBody = null;
		},
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

// ---------------------------------------------------------------- the receiver in its own process

type ReceiverCall =
	| { op: 'setMode'; mode: ReceiverMode }
	| { op: 'setSecret'; path: string; secret: string }
	| { op: 'stats' }
	| { op: 'seqArrivals' }
	| { op: 'waitForUniquePairs'; count: number; timeoutMs: number }
	| { op: 'waitForRequests'; count: number; timeoutMs: number }
	| { op: 'waitForDeliveredPairs'; count: number; timeoutMs: number }
	| { op: 'reset' }
	| { op: 'close' };

export type ReceiverRequest = ReceiverCall & { id: number };
export type ReceiverReply = { id: number; result?: unknown; error?: string } | { ready: true; port: number };

/** Serves one RPC from the parent; used by `receiver-process.ts`. */
export async function answerReceiverCall(receiver: LoopbackReceiver, call: ReceiverCall): Promise<unknown> {
	switch (call.op) {
		case 'setMode':
			return receiver.setMode(call.mode);
		case 'setSecret':
			return receiver.setSecret(call.path, call.secret);
		case 'stats':
			return receiver.stats();
		case 'seqArrivals':
			return receiver.seqArrivals();
		case 'waitForUniquePairs':
			return receiver.waitForUniquePairs(call.count, call.timeoutMs);
		case 'waitForRequests':
			return receiver.waitForRequests(call.count, call.timeoutMs);
		case 'waitForDeliveredPairs':
			return receiver.waitForDeliveredPairs(call.count, call.timeoutMs);
		case 'reset':
			return receiver.reset();
		case 'close':
			return receiver.close();
	}
}

export interface ReceiverProcess extends Omit<LoopbackReceiver, 'setMode' | 'setSecret' | 'stats' | 'seqArrivals' | 'reset'> {
	readonly pid: number;
	setMode(mode: ReceiverMode): Promise<void>;
	setSecret(path: string, secret: string): Promise<void>;
	stats(): Promise<ReceiverStats>;
	seqArrivals(): Promise<Record<string, number>>;
	reset(): Promise<void>;
}

/**
 * Starts the receiver in a child process (TypeScript through ts-node, which both `npm run bench` and
 * jest have). The child exits when the parent goes away, so nothing outlives a crashed run.
 */
export async function spawnReceiver(options: ReceiverOptions = {}): Promise<ReceiverProcess> {
	const child: ChildProcess = fork(require.resolve('./receiver-process'), [JSON.stringify(options)], {
		execArgv: ['-r', 'ts-node/register/transpile-only'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
	});
	let nextId = 1;
	const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	let exited = false;
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('the receiver process did not start within 30 s')), 30_000);
		child.on('message', (message: ReceiverReply) => {
			if ('ready' in message) {
				clearTimeout(timer);
				resolve(message.port);
				return;
			}
			const call = pending.get(message.id);
			if (!call) return;
			pending.delete(message.id);
			if (message.error !== undefined) call.reject(new Error(message.error));
			else call.resolve(message.result);
		});
		child.once('exit', (code, signal) => {
			exited = true;
			clearTimeout(timer);
			const error = new Error(`the receiver process exited (code ${code}, signal ${signal})`);
			for (const call of pending.values()) call.reject(error);
			pending.clear();
			reject(error);
		});
	});

	const rpc = <T>(call: ReceiverCall): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			if (exited) return reject(new Error('the receiver process has exited'));
			const id = nextId++;
			pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			child.send({ ...call, id } satisfies ReceiverRequest);
		});

	return {
		pid: child.pid ?? -1,
		port,
		origin: `http://127.0.0.1:${port}`,
		setMode: (mode) => rpc({ op: 'setMode', mode }),
		setSecret: (path, secret) => rpc({ op: 'setSecret', path, secret }),
		stats: () => rpc({ op: 'stats' }),
		seqArrivals: () => rpc({ op: 'seqArrivals' }),
		waitForUniquePairs: (count, timeoutMs) => rpc({ op: 'waitForUniquePairs', count, timeoutMs }),
		waitForRequests: (count, timeoutMs) => rpc({ op: 'waitForRequests', count, timeoutMs }),
		waitForDeliveredPairs: (count, timeoutMs) => rpc({ op: 'waitForDeliveredPairs', count, timeoutMs }),
		reset: () => rpc({ op: 'reset' }),
		close: async () => {
			if (exited) return;
			const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			await rpc({ op: 'close' }).catch(() => undefined);
			child.disconnect();
			const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await gone;
			clearTimeout(timer);
		},
	};
}
