import { storedToken } from './session';

/**
 * The dispatcher's HTTP API as the page uses it: Chatwoot's REST routes under `/api/v1/accounts/:id` and
 * the dispatcher's own under `/_dispatcher`, all with the administrator's token in Chatwoot's
 * `api_access_token` header. Nothing here decides anything the API does not.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		message: string,
	) {
		super(message);
		this.name = 'ApiError';
	}
}

function errorMessage(status: number, body: unknown): string {
	if (body && typeof body === 'object') {
		const record = body as Record<string, unknown>;
		if (typeof record.message === 'string') return record.message;
		if (typeof record.error === 'string') return record.error;
		if (Array.isArray(record.errors)) return record.errors.join('; ');
	}
	return typeof body === 'string' && body ? body : `HTTP ${status}`;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
	const headers: Record<string, string> = { accept: 'application/json' };
	const token = storedToken();
	if (token) headers.api_access_token = token;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await response.text();
	let parsed: unknown = text;
	if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
	if (!response.ok) throw new ApiError(response.status, parsed, errorMessage(response.status, parsed));
	return parsed as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);

/** `GET /_dispatcher/connection`: what n8n's Chatwoot API credential needs, minus the token. */
export interface Connection {
	base_url: string;
	account_id: number;
	account_name: string;
	retry_policy: { name: string; description: string };
}

export interface Attempt {
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
	/** n8n's answer read for a person, e.g. "Workflow started" or "Ignored: …". */
	reading: { outcome: string; summary: string };
	/** Only on a delivery's own page. */
	request?: { headers: Record<string, string>; signed_string: string | null };
}

export type DeliveryStatus = 'pending' | 'in_flight' | 'delivered' | 'failed' | 'cancelled';

export interface Delivery {
	id: string;
	webhook_id: number;
	account_id: number;
	event: string;
	status: DeliveryStatus;
	status_reason: string | null;
	attempt_count: number;
	next_attempt_at: string | null;
	created_at: string;
	updated_at: string;
	conversation_id: number | null;
	body?: string;
	attempts: Attempt[];
}

export interface DeliveryPage {
	meta: { count: number; current_page: number; limit: number };
	payload: Delivery[];
}

export interface Webhook {
	id: number;
	name: string | null;
	url: string;
	subscriptions: string[];
	secret?: string | null;
	account_id: number;
	inbox?: { id: number; name: string } | null;
}

export interface WebhookHealth {
	webhook: Webhook;
	disabled_reason: string | null;
	url_kind: 'n8n production' | 'n8n test' | 'other';
	behaviour: string;
	stats: {
		deliveries: number;
		delivered: number;
		failed: number;
		success_rate: number | null;
		median_ms: number | null;
		p95_ms: number | null;
		last_error: string | null;
	};
}

export interface CatalogueEvent {
	name: string;
	display_name: string;
	description: string;
	fixture: Record<string, unknown>;
	pinned_data: unknown[];
}

export interface VariantResult {
	variant: string;
	description: string;
	request: { headers: Record<string, string>; signed_string: string | null };
	status_code: number | null;
	duration_ms: number;
	error: string | null;
	response_body: string | null;
	reading: { outcome: string; summary: string };
}

export const BAD_VARIANTS = [
	{ value: 'wrong_secret', label: 'Wrong secret' },
	{ value: 'stale_timestamp', label: 'Stale timestamp (1 hour old)' },
	{ value: 'body_only_signature', label: 'Signature over the body only' },
	{ value: 'missing_headers', label: 'Signature headers missing' },
] as const;

export interface Contact {
	id: number;
	name: string | null;
	email: string | null;
	phone_number?: string | null;
}

export interface Message {
	id: number;
	content: string | null;
	/** 0 incoming, 1 outgoing, 2 activity, 3 template, as Chatwoot's REST API numbers them. */
	message_type: number;
	private: boolean;
	created_at: number;
	sender?: { name?: string; type?: string };
}

export interface Conversation {
	id: number;
	account_id: number;
	inbox_id: number;
	status: string;
	priority: string | null;
	labels: string[];
	custom_attributes: Record<string, unknown>;
	additional_attributes: Record<string, unknown>;
	meta: { sender: Contact; assignee?: { id: number; name: string }; team?: { id: number; name: string } | null };
	messages?: Message[];
	last_activity_at: number;
}

export interface Inbox {
	id: number;
	name: string;
	channel_type: string;
}

export interface Agent {
	id: number;
	name: string;
	role: string;
}

export function accountPath(accountId: number, rest: string): string {
	return `/api/v1/accounts/${accountId}${rest}`;
}
