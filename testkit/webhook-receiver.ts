import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The real HTTP receiver on 127.0.0.1 for delivery tests, well-behaved or faulty (see `Reply`). It checks
 * `X-Chatwoot-Signature` with its own HMAC over `${timestamp}.${raw body}` (deliberately not
 * src/protocol's `verify`), so a bug there cannot hide a bug in the dispatcher. The benchmarks' receiver
 * (loopback-receiver.ts) is a separate one on purpose: it runs in its own process and keeps only counters.
 */
export interface ReceivedDelivery {
	readonly path: string;
	readonly method: string;
	readonly headers: IncomingMessage['headers'];
	readonly rawBody: string;
	readonly deliveryId: string | undefined;
	readonly timestamp: number | undefined;
	/** null when the receiver knows no secret for this path, or the request was unsigned. */
	readonly signatureValid: boolean | null;
	readonly receivedAt: number;
}

/**
 * How to answer: a status (with optional headers and body); `hang` never answers; `reset` drops the
 * connection once the request has arrived; `trickle` sends a 200 and its headers at once, then one body
 * byte every `intervalMs`, `bytes` times.
 */
export type Reply =
	| { status: number; headers?: Record<string, string>; body?: string }
	| 'hang'
	| 'reset'
	| { trickle: { intervalMs: number; bytes: number } };

export interface WebhookReceiver {
	/** Base URL, e.g. http://127.0.0.1:41234 */
	readonly url: string;
	readonly received: ReceivedDelivery[];
	/** Sets the secret the receiver verifies with, for every path or for one path. */
	setSecret(secret: string, path?: string): void;
	/** Decides each reply; `index` counts requests to that path from 0. Default: 200 "ok". */
	replyWith(reply: (request: ReceivedDelivery, index: number) => Reply): void;
	/** Deliveries received at a path (any path when omitted). */
	at(path?: string): ReceivedDelivery[];
	close(): Promise<void>;
}

function expectedSignature(secret: string, timestamp: string, rawBody: Buffer): string {
	return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

function checkSignature(secret: string | undefined, headers: IncomingMessage['headers'], rawBody: Buffer): boolean | null {
	const signature = headers['x-chatwoot-signature'];
	const timestamp = headers['x-chatwoot-timestamp'];
	if (secret === undefined || typeof signature !== 'string' || typeof timestamp !== 'string') return null;
	const expected = Buffer.from(expectedSignature(secret, timestamp, rawBody));
	const actual = Buffer.from(signature);
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function trickle(res: ServerResponse, plan: { intervalMs: number; bytes: number }, timers: Set<NodeJS.Timeout>): void {
	res.writeHead(200, { 'content-type': 'text/plain' });
	let sent = 0;
	const timer = setInterval(() => {
		if (res.destroyed || sent >= plan.bytes) {
			clearInterval(timer);
			timers.delete(timer);
			if (!res.destroyed) res.end();
			return;
		}
		sent += 1;
		res.write('.');
	}, plan.intervalMs);
	timers.add(timer);
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
	const received: ReceivedDelivery[] = [];
	const secrets = new Map<string | undefined, string>();
	const countByPath = new Map<string, number>();
	const hanging = new Set<ServerResponse>();
	const timers = new Set<NodeJS.Timeout>();
	let reply: (request: ReceivedDelivery, index: number) => Reply = () => ({ status: 200, body: 'ok' });

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks);
			const path = req.url ?? '/';
			const timestampHeader = req.headers['x-chatwoot-timestamp'];
			const deliveryHeader = req.headers['x-chatwoot-delivery'];
			const delivery: ReceivedDelivery = {
				path,
				method: req.method ?? '',
				headers: req.headers,
				rawBody: rawBody.toString('utf8'),
				deliveryId: typeof deliveryHeader === 'string' ? deliveryHeader : undefined,
				timestamp: typeof timestampHeader === 'string' ? Number(timestampHeader) : undefined,
				signatureValid: checkSignature(secrets.get(path) ?? secrets.get(undefined), req.headers, rawBody),
				receivedAt: Date.now(),
			};
			received.push(delivery);
			const index = countByPath.get(path) ?? 0;
			countByPath.set(path, index + 1);
			const answer = reply(delivery, index);
			if (answer === 'hang') {
				hanging.add(res);
				res.on('close', () => hanging.delete(res));
				return;
			}
			if (answer === 'reset') {
				req.socket.resetAndDestroy();
				return;
			}
			if ('trickle' in answer) {
				trickle(res, answer.trickle, timers);
				return;
			}
			const body = answer.body ?? '';
			res.writeHead(answer.status, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)), ...answer.headers });
			res.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		received,
		setSecret: (secret, path) => secrets.set(path, secret),
		replyWith: (next) => {
			reply = next;
		},
		at: (path) => (path === undefined ? [...received] : received.filter((delivery) => delivery.path === path)),
		close: async () => {
			for (const timer of timers) clearInterval(timer);
			for (const res of hanging) res.destroy();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
