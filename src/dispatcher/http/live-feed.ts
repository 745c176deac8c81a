import type { ServerResponse } from 'node:http';

/**
 * What changed, pushed to the playground (and anyone else) as server-sent events: `delivery` when a
 * delivery is created or an attempt settles, `conversation` when a conversation changes. Notices are only
 * hints to fetch again: they carry ids, never payloads, secrets or tokens. Notices made in one turn of the
 * event loop go out together, after the transaction that caused them has committed; with nobody
 * listening, publishing costs nothing.
 */
export interface DeliveryNotice {
	id: string;
	webhook_id: number;
	account_id: number;
	event: string;
	status: string;
	conversation_id: number | null;
}

export interface ConversationNotice {
	account_id: number;
	/** The display id; null when a conversation was created (its id is in the API's answer). */
	id: number | null;
}

/** More notices than this in one turn become one `delivery` notice with id `*`: reload everything. */
const MAX_NOTICES_PER_TURN = 50;
const HEARTBEAT_MS = 25_000;

export class LiveFeed {
	private readonly clients = new Set<ServerResponse>();
	private deliveryIds = new Set<string>();
	private conversations = new Map<string, ConversationNotice>();
	private flushScheduled = false;
	private heartbeat: NodeJS.Timeout | undefined;

	/** `describe` turns delivery ids into notices when they are sent (it reads the log as it is by then). */
	constructor(private readonly describe: (ids: string[]) => DeliveryNotice[]) {}

	get listening(): boolean {
		return this.clients.size > 0;
	}

	deliveriesChanged(ids: Iterable<string>): void {
		if (!this.listening) return;
		for (const id of ids) this.deliveryIds.add(id);
		this.scheduleFlush();
	}

	conversationChanged(notice: ConversationNotice): void {
		if (!this.listening) return;
		this.conversations.set(`${notice.account_id}:${notice.id}`, notice);
		this.scheduleFlush();
	}

	/** Holds the response open as an event stream until the client goes away or `close` runs. */
	subscribe(res: ServerResponse): void {
		res.writeHead(200, {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			'x-accel-buffering': 'no',
		});
		res.write(': connected\n\n');
		this.clients.add(res);
		res.on('close', () => {
			this.clients.delete(res);
			if (!this.listening) this.stopHeartbeat();
		});
		this.startHeartbeat();
	}

	/** Ends every stream (shutdown); clients reconnect to the next process. */
	close(): void {
		this.stopHeartbeat();
		for (const client of this.clients) client.end();
		this.clients.clear();
	}

	private scheduleFlush(): void {
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		setImmediate(() => this.flush());
	}

	private flush(): void {
		this.flushScheduled = false;
		const ids = [...this.deliveryIds];
		const conversations = [...this.conversations.values()];
		this.deliveryIds = new Set();
		this.conversations = new Map();
		if (!this.listening) return;
		let frames = conversations.map((notice) => frame('conversation', notice));
		if (ids.length > MAX_NOTICES_PER_TURN) frames.push(frame('delivery', { id: '*' }));
		else frames = frames.concat(this.describe(ids).map((notice) => frame('delivery', notice)));
		if (!frames.length) return;
		const text = frames.join('');
		for (const client of this.clients) client.write(text);
	}

	private startHeartbeat(): void {
		if (this.heartbeat) return;
		// A comment line now and then keeps proxies and idle timeouts from closing a quiet stream.
		this.heartbeat = setInterval(() => {
			for (const client of this.clients) client.write(': keep-alive\n\n');
		}, HEARTBEAT_MS);
		this.heartbeat.unref();
	}

	private stopHeartbeat(): void {
		clearInterval(this.heartbeat);
		this.heartbeat = undefined;
	}
}

function frame(event: string, data: unknown): string {
	return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
