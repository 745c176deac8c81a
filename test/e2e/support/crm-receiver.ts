import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedContact {
	readonly path: string;
	readonly headers: Record<string, string | string[] | undefined>;
	readonly body: Record<string, unknown>;
}

/** A stand-in CRM: accepts JSON POSTs on any path, answers 201, and remembers what it got. */
export class CrmReceiver {
	readonly received: ReceivedContact[] = [];
	private server: Server | undefined;

	async start(): Promise<string> {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				let body: Record<string, unknown> = {};
				try {
					body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
				} catch {
					body = { unparsable: Buffer.concat(chunks).toString('utf8') };
				}
				this.received.push({ path: request.url ?? '', headers: request.headers, body });
				response.writeHead(201, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ id: this.received.length, status: 'created' }));
			});
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
