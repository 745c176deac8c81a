import type { ChatwootAgentBot } from './agent-bot';
import type { ChatwootWebhook } from './webhook';

/**
 * Chatwoot's webhook API has answered in several shapes over its versions: `{"payload":{"webhooks":[...]}}`
 * and `{"payload":{"webhook":{...}}}` (jbuilder views, current), a bare array or object (what the swagger
 * docs promise), and `{"payload":[...]}` (older releases). These readers accept all of them and refuse
 * anything else loudly, because a misread envelope is how other packages lose track of their webhooks.
 */
export class EnvelopeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'EnvelopeError';
	}
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeWebhook(value: Json): value is ChatwootWebhook {
	return isObject(value) && (typeof value.id === 'number' || typeof value.id === 'string') && typeof value.url === 'string';
}

function normalise(value: ChatwootWebhook): ChatwootWebhook {
	return { ...value, id: Number(value.id), subscriptions: Array.isArray(value.subscriptions) ? value.subscriptions : [] };
}

function describe(body: Json): string {
	const text = JSON.stringify(body) ?? String(body);
	return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Reads a webhook list from any envelope Chatwoot has used. */
export function readWebhookList(body: Json): ChatwootWebhook[] {
	let list: Json = body;
	if (isObject(list) && 'payload' in list) list = list.payload;
	if (isObject(list) && 'webhooks' in list) list = list.webhooks;
	if (Array.isArray(list) && list.every(looksLikeWebhook)) return list.map(normalise);
	throw new EnvelopeError(`Chatwoot answered the webhook list with an unexpected shape: ${describe(body)}`);
}

/** Reads a single webhook (create and update responses) from any envelope Chatwoot has used. */
export function readWebhook(body: Json): ChatwootWebhook {
	let item: Json = body;
	if (isObject(item) && 'payload' in item) item = item.payload;
	if (isObject(item) && 'webhook' in item) item = item.webhook;
	if (looksLikeWebhook(item)) return normalise(item);
	throw new EnvelopeError(`Chatwoot answered with an unexpected webhook shape: ${describe(body)}`);
}

function looksLikeAgentBot(value: Json): value is ChatwootAgentBot {
	return isObject(value) && typeof value.id === 'number' && typeof value.name === 'string';
}

/** `GET /agent_bots` answers a bare array (`json.array!`). */
export function readAgentBotList(body: Json): ChatwootAgentBot[] {
	if (Array.isArray(body) && body.every(looksLikeAgentBot)) return body;
	throw new EnvelopeError(`Chatwoot answered the agent bot list with an unexpected shape: ${describe(body)}`);
}

/** Show, create, update and `reset_secret` answer the bare `_agent_bot`. */
export function readAgentBot(body: Json): ChatwootAgentBot {
	if (looksLikeAgentBot(body)) return body;
	throw new EnvelopeError(`Chatwoot answered with an unexpected agent bot shape: ${describe(body)}`);
}

/** `GET /inboxes/{id}/agent_bot` answers `{"agent_bot":{…}}`, or `{}` when the inbox has no bot. */
export function readInboxAgentBot(body: Json): ChatwootAgentBot | undefined {
	if (isObject(body) && !('agent_bot' in body)) return undefined;
	if (isObject(body) && (body.agent_bot === null || looksLikeAgentBot(body.agent_bot))) return body.agent_bot ?? undefined;
	throw new EnvelopeError(`Chatwoot answered the inbox's agent bot with an unexpected shape: ${describe(body)}`);
}

/**
 * The human message in a Chatwoot error body: 422 `{"message","attributes"}`, 404/401 `{"error"}`,
 * devise's `{"errors":[...]}`. Returns undefined when the body carries none.
 */
export function readApiErrorMessage(body: Json): string | undefined {
	if (typeof body === 'string') {
		try {
			return readApiErrorMessage(JSON.parse(body));
		} catch {
			return undefined;
		}
	}
	if (!isObject(body)) return undefined;
	if (typeof body.message === 'string' && body.message) return body.message;
	if (typeof body.error === 'string' && body.error) return body.error;
	if (Array.isArray(body.errors) && body.errors.length) return body.errors.map(String).join(', ');
	return undefined;
}
