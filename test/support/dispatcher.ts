import type { ChatwootEvent, ChatwootWebhook } from '../../src/protocol';
import { AGENT_BOT, customRetryPolicy, type RetryPolicy } from '../../src/dispatcher/delivery/retry-policy';
import { startDispatcher, type DispatcherOptions, type RunningDispatcher } from '../../src/dispatcher/dispatcher';
import { waitFor } from '../../testkit/wait-for';

/**
 * An in-process dispatcher for tests: SQLite in memory, a free port on 127.0.0.1, a known token and a
 * retry policy measured in milliseconds (documented rules: any failure is retried, 410 and a webhook
 * that keeps failing are disabled).
 */
export const TEST_TOKEN = 'test-admin-token';

export const FAST_RETRY_POLICY: RetryPolicy = customRetryPolicy({ retryDelaysMs: [100, 200, 400], timeoutMs: 2_000 });

/** Chatwoot's agent-bot rules (3 attempts, on 429 and 500 only) with 100 ms waits. */
export const FAST_AGENT_BOT_POLICY: RetryPolicy = customRetryPolicy({ base: AGENT_BOT, retryDelaysMs: [100, 100], timeoutMs: 2_000 });

export interface ApiResponse<T = unknown> {
	readonly status: number;
	readonly body: T;
}

/** A delivery as `GET /_dispatcher/deliveries` lists it. */
export interface LoggedDelivery {
	id: string;
	webhook_id: number;
	webhook_type: 'account_webhook' | 'agent_bot_webhook' | 'api_inbox_webhook' | 'automation_webhook';
	account_id: number;
	event: ChatwootEvent;
	status: 'pending' | 'in_flight' | 'delivered' | 'failed' | 'cancelled';
	status_reason: string | null;
	attempt_count: number;
	next_attempt_at: string | null;
	created_at: string;
	updated_at: string;
	body?: string;
	attempts: Array<{
		number: number;
		trigger: 'scheduled' | 'manual';
		started_at: string;
		url: string;
		redirects: string[];
		status_code: number | null;
		duration_ms: number;
		error: string | null;
		response_body: string | null;
		response_body_truncated: boolean;
	}>;
}

export interface TestDispatcher extends RunningDispatcher {
	/** Calls the dispatcher with the administrator's token; the body is parsed JSON (or text). */
	api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
	/** `POST /api/v1/accounts/:id/webhooks`; throws unless it was created. */
	createWebhook(url: string, subscriptions?: ChatwootEvent[]): Promise<ChatwootWebhook>;
	/** `POST /_dispatcher/events`; returns the response body. */
	emit(event: ChatwootEvent, data?: Record<string, unknown>): Promise<unknown>;
	/** `GET /_dispatcher/deliveries` with these filters (limit 500). */
	deliveries(filter?: { webhook_id?: number; event?: string; status?: string }): Promise<LoggedDelivery[]>;
	/** Waits until the delivery log satisfies `done`, and returns it. */
	waitForDeliveries(
		done: (deliveries: LoggedDelivery[]) => boolean,
		filter?: { webhook_id?: number; event?: string; status?: string },
		timeoutMs?: number,
	): Promise<LoggedDelivery[]>;
}

export async function startTestDispatcher(options: Partial<DispatcherOptions> = {}): Promise<TestDispatcher> {
	const running = await startDispatcher({
		db: ':memory:',
		port: 0,
		host: '127.0.0.1',
		token: TEST_TOKEN,
		retryPolicy: FAST_RETRY_POLICY,
		agentBotRetryPolicy: FAST_AGENT_BOT_POLICY,
		...options,
	});

	const api = async <T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => {
		const response = await fetch(running.url + path, {
			method,
			headers: { api_access_token: running.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : null;
		} catch {
			// Not JSON: keep the text.
		}
		return { status: response.status, body: parsed as T };
	};

	const deliveries = async (filter: { webhook_id?: number; event?: string; status?: string } = {}) => {
		const query = new URLSearchParams({ limit: '500' });
		for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
		const response = await api<{ payload: LoggedDelivery[] }>('GET', `/_dispatcher/deliveries?${query}`);
		if (response.status !== 200) throw new Error(`GET /_dispatcher/deliveries answered ${response.status}`);
		return response.body.payload;
	};

	return {
		...running,
		api,
		createWebhook: async (url, subscriptions) => {
			const response = await api<{ payload: { webhook: ChatwootWebhook } }>(
				'POST',
				`/api/v1/accounts/${running.accountId}/webhooks`,
				{ webhook: { url, ...(subscriptions ? { subscriptions } : {}) } },
			);
			if (response.status !== 200) throw new Error(`Creating the webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
			return response.body.payload.webhook;
		},
		emit: async (event, data = {}) => {
			const response = await api('POST', '/_dispatcher/events', { event, account_id: running.accountId, data });
			if (response.status >= 300) throw new Error(`POST /_dispatcher/events answered ${response.status}: ${JSON.stringify(response.body)}`);
			return response.body;
		},
		deliveries,
		waitForDeliveries: async (done, filter, timeoutMs) => {
			let last: LoggedDelivery[] = [];
			return waitFor(
				async () => {
					last = await deliveries(filter);
					return done(last) ? last : undefined;
				},
				{ timeoutMs, message: () => `delivery log never matched; last seen: ${JSON.stringify(last, null, 1).slice(0, 2000)}` },
			);
		},
	};
}
