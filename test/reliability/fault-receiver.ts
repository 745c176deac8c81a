import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A webhook receiver that misbehaves on purpose, one way per path: `/<fault>/<anything>`. Each request is
 * recorded with its delivery id and arrival time so a test can compare what the receiver saw with what the
 * dispatcher's delivery log says.
 */
export type Fault =
	/** 500 on every attempt. */
	| 'status-500'
	/** 429 with `Retry-After: 1` on the first attempt of a delivery, 200 after. */
	| '429-retry-after-then-ok'
	/** 429 without Retry-After on the first attempt of a delivery, 200 after. */
	| '429-then-ok'
	/** 429 on every attempt. */
	| 'status-429'
	/** Never answers (the sender's timeout ends it). */
	| 'hang'
	/** Resets the connection once the request has arrived. */
	| 'reset'
	/** 200 and its headers at once, then one body byte every 150 ms, for 10 s. */
	| 'trickle'
	/** 410 Gone. */
	| 'gone'
	/** 301 back to itself, forever. */
	| 'redirect-loop'
	| 'ok';

export const FAULTS: readonly Fault[] = [
	'status-500',
	'429-retry-after-then-ok',
	'429-then-ok',
	'status-429',
	'hang',
	'reset',
	'trickle',
	'gone',
	'redirect-loop',
	'ok',
];

export interface ReceivedRequest {
	readonly path: string;
	readonly fault: Fault;
	readonly deliveryId: string | undefined;
	readonly at: number;
	readonly headers: IncomingMessage['headers'];
	readonly body: string;
}

export interface FaultReceiver {
	readonly origin: string;
	readonly requests: ReceivedRequest[];
	url(fault: Fault, label: string): string;
	/** Requests that reached a path (redirect hops land on the same path). */
	requestsTo(fault: Fault, label: string): ReceivedRequest[];
	close(): Promise<void>;
}

export async function startFaultReceiver(): Promise<FaultReceiver> {
	const requests: ReceivedRequest[] = [];
	const sockets = new Set<Socket>();
	const timers = new Set<NodeJS.Timeout>();
	const attemptsByDelivery = new Map<string, number>();

	const handle = (request: IncomingMessage, response: ServerResponse, body: string): void => {
		const path = (request.url ?? '/').split('?')[0];
		const fault = (FAULTS as readonly string[]).includes(path.split('/')[1]) ? (path.split('/')[1] as Fault) : 'ok';
		const deliveryId = typeof request.headers['x-chatwoot-delivery'] === 'string' ? request.headers['x-chatwoot-delivery'] : undefined;
		requests.push({ path, fault, deliveryId, at: Date.now(), headers: request.headers, body });
		const key = `${path} ${deliveryId}`;
		const attempt = (attemptsByDelivery.get(key) ?? 0) + 1;
		attemptsByDelivery.set(key, attempt);

		const send = (status: number, headers: Record<string, string> = {}, text = ''): void => {
			response.writeHead(status, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(text)), ...headers });
			response.end(text);
		};
		switch (fault) {
			case 'status-500':
				return send(500, {}, 'boom');
			case '429-retry-after-then-ok':
				return attempt === 1 ? send(429, { 'retry-after': '1' }, 'slow down') : send(200, {}, 'ok');
			case '429-then-ok':
				return attempt === 1 ? send(429, {}, 'slow down') : send(200, {}, 'ok');
			case 'status-429':
				return send(429, {}, 'slow down');
			case 'hang':
				return;
			case 'reset':
				request.socket.resetAndDestroy();
				return;
			case 'trickle': {
				response.writeHead(200, { 'content-type': 'text/plain' });
				let sent = 0;
				const timer = setInterval(() => {
					if (response.destroyed || sent >= 66) {
						clearInterval(timer);
						timers.delete(timer);
						if (!response.destroyed) response.end();
						return;
					}
					sent += 1;
					response.write('.');
				}, 150);
				timers.add(timer);
				return;
			}
			case 'gone':
				return send(410, {}, 'gone');
			case 'redirect-loop':
				return send(301, { location: path }, '');
			case 'ok':
				return send(200, {}, 'ok');
		}
	};

	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('the fault receiver has no TCP address');
	const origin = `http://127.0.0.1:${address.port}`;

	return {
		origin,
		requests,
		url: (fault, label) => `${origin}/${fault}/${label}`,
		requestsTo: (fault, label) => requests.filter((entry) => entry.path === `/${fault}/${label}`),
		close: async () => {
			for (const timer of timers) clearInterval(timer);
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
