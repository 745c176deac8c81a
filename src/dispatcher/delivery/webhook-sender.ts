import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import * as Undici from 'undici';

import { RESPONSE_BODY_LIMIT_BYTES } from '../store/delivery-store';
import { attemptHeaders } from './attempt-headers';
import { readCappedBody } from './capped-response-body';
import { formatDuration } from './duration';

/** Chatwoot's ssrf_filter follows at most 10 redirects, keeping POST, body and headers on each. */
export const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface AttemptRequest {
	readonly url: string;
	/** The stored body: these bytes are signed and sent. */
	readonly body: string;
	/** null: sent without `X-Chatwoot-Delivery` (automation rules and macros). */
	readonly deliveryId: string | null;
	readonly secret: string | null;
	/** Unix seconds to sign with (the worker passes the attempt's start, which the log keeps); the clock's when absent. */
	readonly timestamp?: number;
	/** Sent instead of the signed `X-Chatwoot-*` headers: a deliberately bad variant. */
	readonly chatwootHeaders?: Readonly<Record<string, string>>;
	readonly timeoutMs: number;
}

export interface AttemptResult {
	/** The final response's status; null when none came. A 2xx with an `error` is not a success. */
	readonly statusCode: number | null;
	readonly error: string | null;
	readonly responseBody: string | null;
	readonly responseBodyTruncated: boolean;
	readonly durationMs: number;
	/** Each redirect target followed, in order. */
	readonly redirects: readonly string[];
	/** A 429's Retry-After, in milliseconds. */
	readonly retryAfterMs?: number;
	/** True when `abandonAll` ended the attempt: nothing is to be recorded against the receiver. */
	readonly abandoned: boolean;
}

/** What the worker needs from a sender; the undici one below is the only real one. */
export interface AttemptSender {
	send(request: AttemptRequest): Promise<AttemptResult>;
	/** Ends every attempt in flight as abandoned (shutdown): none of them counts against its receiver. */
	abandonAll(): void;
	close(): Promise<void>;
}

/** Sockets per origin unless told otherwise. */
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 64;

export interface WebhookSenderOptions {
	/** Sockets per origin; n8n's webhooks usually share one origin, so this is well above one webhook's share. */
	readonly connectionsPerOrigin?: number;
}

class AttemptTimeout extends Error {
	constructor(timeoutMs: number) {
		super(`Timed out after ${formatDuration(timeoutMs)}`);
		this.name = 'AttemptTimeout';
	}
}

class AttemptAbandoned extends Error {
	constructor() {
		super('The dispatcher stopped before the attempt finished');
		this.name = 'AttemptAbandoned';
	}
}

function statusLine(statusCode: number): string {
	return `${statusCode} ${STATUS_CODES[statusCode] ?? ''}`.trim();
}

function retryAfterMs(header: string | string[] | undefined, now: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) return undefined;
	if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function headerValue(header: string | string[] | undefined): string | undefined {
	return Array.isArray(header) ? header[0] : header;
}

function withoutChatwootHeaders(headers: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('X-Chatwoot-')));
}

function describeError(error: unknown): string {
	if (error instanceof Error) {
		const cause = (error as { cause?: unknown }).cause;
		// undici wraps socket errors ("fetch failed"-style); the cause carries the useful words.
		if (cause instanceof Error && cause.message && !error.message.includes(cause.message)) {
			return `${error.message}: ${cause.message}`;
		}
		return error.message || error.name;
	}
	return String(error);
}

/**
 * Sends one attempt over undici (a keep-alive pool per origin, bounded). Redirects are followed here, hop by
 * hop, so that the attempt's one deadline covers every hop and each hop is recorded.
 */
export class WebhookSender implements AttemptSender {
	private readonly agent: Undici.Agent;
	/* A set rather than a listener per attempt on one shared AbortSignal: EventTarget listeners cost O(n) to add. */
	private readonly inFlight = new Set<AbortController>();

	constructor(options: WebhookSenderOptions = {}) {
		this.agent = new Undici.Agent({
			connections: options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
			pipelining: 1,
			keepAliveTimeout: 4_000,
			keepAliveMaxTimeout: 60_000,
		});
	}

	async send(request: AttemptRequest): Promise<AttemptResult> {
		const started = performance.now();
		const controller = new AbortController();
		// The error is made only when the timer fires: capturing a stack per attempt is costly under load.
		const timer = setTimeout(() => controller.abort(new AttemptTimeout(request.timeoutMs)), request.timeoutMs);
		this.inFlight.add(controller);

		const body = Buffer.from(request.body, 'utf8');
		// Signed once per attempt, with this attempt's timestamp; redirect hops carry the same headers.
		const signed = attemptHeaders({ body: request.body, deliveryId: request.deliveryId, secret: request.secret, timestamp: request.timestamp ?? Math.floor(Date.now() / 1000) });
		const headers = request.chatwootHeaders ? { ...withoutChatwootHeaders(signed), ...request.chatwootHeaders } : signed;
		const redirects: string[] = [];
		let statusCode: number | null = null;
		const finish = (result: Omit<AttemptResult, 'durationMs' | 'redirects' | 'abandoned'>): AttemptResult => ({
			...result,
			durationMs: Math.round(performance.now() - started),
			redirects,
			abandoned: controller.signal.reason instanceof AttemptAbandoned,
		});

		try {
			let url = new URL(request.url);
			for (;;) {
				const response = await Undici.request(url, {
					dispatcher: this.agent,
					method: 'POST',
					headers,
					body,
					signal: controller.signal,
					headersTimeout: request.timeoutMs,
					bodyTimeout: request.timeoutMs,
				});
				const location = headerValue(response.headers.location);
				if (REDIRECT_STATUSES.has(response.statusCode) && location) {
					await readCappedBody(response.body, 0);
					if (redirects.length >= MAX_REDIRECTS) {
						return finish({
							statusCode: null,
							error: `Too many redirects: more than ${MAX_REDIRECTS}`,
							responseBody: null,
							responseBodyTruncated: false,
						});
					}
					url = new URL(location, url);
					if (url.protocol !== 'http:' && url.protocol !== 'https:') {
						return finish({
							statusCode: null,
							error: `Redirected to a URL that is not http or https: ${url.protocol}`,
							responseBody: null,
							responseBodyTruncated: false,
						});
					}
					redirects.push(url.href);
					continue;
				}
				statusCode = response.statusCode;
				const read = await readCappedBody(response.body, RESPONSE_BODY_LIMIT_BYTES);
				const success = statusCode >= 200 && statusCode < 300;
				return finish({
					statusCode,
					error: success ? null : statusLine(statusCode),
					responseBody: read.text,
					responseBodyTruncated: read.truncated,
					...(statusCode === 429 ? { retryAfterMs: retryAfterMs(headerValue(response.headers['retry-after']), Date.now()) } : {}),
				});
			}
		} catch (error) {
			const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
			// A status already in hand means the headers came and the body did not, within the deadline.
			const described =
				reason instanceof AttemptTimeout && statusCode !== null
					? `${reason.message} reading the response body`
					: describeError(reason);
			return finish({ statusCode, error: described, responseBody: null, responseBodyTruncated: false });
		} finally {
			clearTimeout(timer);
			this.inFlight.delete(controller);
		}
	}

	abandonAll(): void {
		for (const controller of this.inFlight) controller.abort(new AttemptAbandoned());
	}

	/** Closes idle connections and waits for the pools to end. */
	async close(): Promise<void> {
		await this.agent.destroy();
	}
}
