import { Pool } from 'undici';

import { readWebhook, type ChatwootEvent } from '../src/protocol';

/**
 * A small client for the dispatcher's Chatwoot API and its `/_dispatcher` endpoints, on one undici pool.
 * Benchmarks and the reliability suite use it to cause events the way a user (or n8n) would: over HTTP.
 */
export interface ApiResponse {
	readonly status: number;
	readonly text: string;
	readonly json: unknown;
}

export class ChatwootClient {
	private readonly pool: Pool;

	constructor(
		readonly baseUrl: string,
		readonly token: string,
		readonly accountId = 1,
		connections = 16,
	) {
		this.pool = new Pool(baseUrl, { connections, pipelining: 1 });
	}

	async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
		const response = await this.pool.request({
			method: method as 'GET',
			path,
			headers: { api_access_token: this.token, 'content-type': 'application/json', ...headers },
			body: body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
		});
		const text = await response.body.text();
		let json: unknown = undefined;
		try {
			json = text === '' ? undefined : JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.statusCode, text, json };
	}

	async createWebhook(url: string, subscriptions: readonly ChatwootEvent[]): Promise<{ id: number; secret: string }> {
		const response = await this.request('POST', `/api/v1/accounts/${this.accountId}/webhooks`, { url, subscriptions });
		if (response.status !== 200) throw new Error(`creating a webhook answered ${response.status}: ${response.text.slice(0, 300)}`);
		const webhook = readWebhook(response.json);
		if (typeof webhook.secret !== 'string') throw new Error('the dispatcher created a webhook without a secret');
		return { id: webhook.id, secret: webhook.secret };
	}

	/** `POST /_dispatcher/events`: the dispatcher emits the event to every subscribed webhook of the account. */
	async emit(event: ChatwootEvent, data: Record<string, unknown>): Promise<ApiResponse> {
		const response = await this.request('POST', '/_dispatcher/events', { event, account_id: this.accountId, data });
		if (response.status < 200 || response.status >= 300) {
			throw new Error(`emitting ${event} answered ${response.status}: ${response.text.slice(0, 300)}`);
		}
		return response;
	}

	/**
	 * `POST /_dispatcher/events` with `{"events": [...]}`: the whole batch in one transaction and one
	 * commit; the answer lists each event's delivery ids, in order.
	 */
	async emitBatch(events: ReadonlyArray<{ event: ChatwootEvent; data: Record<string, unknown> }>): Promise<ApiResponse> {
		const body = { events: events.map(({ event, data }) => ({ event, account_id: this.accountId, data })) };
		const response = await this.request('POST', '/_dispatcher/events', body);
		if (response.status < 200 || response.status >= 300) {
			throw new Error(`emitting a batch of ${events.length} answered ${response.status}: ${response.text.slice(0, 300)}`);
		}
		return response;
	}

	async deliveries(query: Record<string, string | number> = {}): Promise<ApiResponse> {
		const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
		return this.request('GET', `/_dispatcher/deliveries${search.size ? `?${search}` : ''}`);
	}

	close(): Promise<void> {
		return this.pool.close();
	}
}

/** Runs `work(i)` for i in [0, count) with at most `concurrency` running at once. */
export async function forEachConcurrently(count: number, concurrency: number, work: (index: number) => Promise<unknown>): Promise<void> {
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < count) await work(next++);
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}
