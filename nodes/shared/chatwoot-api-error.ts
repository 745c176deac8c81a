import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { readApiErrorMessage } from '../../src/protocol/envelopes';

/**
 * Turns whatever n8n's HTTP helper threw for a Chatwoot call into a NodeApiError that says what went
 * wrong in Chatwoot's own words. n8n's helper throws a NodeApiError wrapping an axios error; the status
 * and body sit on `httpCode`, `cause.response` and `context.data` depending on the n8n version, so all
 * of them are read.
 */
export const NOT_ADMINISTRATOR_MESSAGE =
	"This access token belongs to an agent; Chatwoot only lets administrators manage webhooks. Use the access token of an administrator of this account (Profile Settings → Access Token).";

/** The same refusal on a conversation, inbox or team call: an agent may act only where Chatwoot lets them. */
export const NOT_ALLOWED_MESSAGE =
	'Chatwoot did not let this access token do that: its user is not an administrator, or is an agent who is not a member of that inbox (or of the conversation\'s team). Use an administrator\'s access token, or add the agent to the inbox in Chatwoot (Settings → Inboxes → Collaborators).';

/** Chatwoot's Pundit refusal for a user who is not an administrator of the account. */
const PUNDIT_REFUSAL = 'You are not authorized to do this action';

type Loose = Record<string, unknown> | undefined;

function objectAt(value: unknown, key: string): Loose {
	if (typeof value !== 'object' || value === null) return undefined;
	const inner = (value as Record<string, unknown>)[key];
	return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : undefined;
}

/** The HTTP status of a failed Chatwoot call, or undefined when no response came back. */
export function chatwootStatus(error: unknown): number | undefined {
	const candidates = [
		objectAt(error, 'response')?.status,
		objectAt(objectAt(error, 'cause'), 'response')?.status,
		(error as Loose)?.httpCode,
		(error as Loose)?.statusCode,
	];
	for (const candidate of candidates) {
		const status = Number(candidate);
		if (Number.isInteger(status) && status >= 100 && status <= 599) return status;
	}
	return undefined;
}

function responseBody(error: unknown): unknown {
	return (
		objectAt(objectAt(error, 'cause'), 'response')?.data ??
		objectAt(error, 'response')?.data ??
		objectAt(error, 'context')?.data ??
		// Errors made by toChatwootApiError below keep Chatwoot's body here.
		objectAt(error, 'errorResponse')?.body ??
		(error as Loose)?.error
	);
}

/** Chatwoot's message from the error body (`message`, `error` or `errors`), verbatim. */
export function chatwootMessage(error: unknown): string | undefined {
	return readApiErrorMessage(responseBody(error));
}

function errorCode(error: unknown): string | undefined {
	const code = (error as Loose)?.code ?? objectAt(error, 'cause')?.code;
	return typeof code === 'string' ? code : undefined;
}

/**
 * The lowest-level message. n8n replaces a NodeApiError's message with a generic sentence ("The service
 * refused the connection") and keeps the original first in `messages`.
 */
function rawMessage(error: unknown): string {
	const messages = (error as Loose)?.messages;
	const first = Array.isArray(messages) ? messages[0] : undefined;
	for (const candidate of [objectAt(error, 'cause')?.message, first, (error as Loose)?.message]) {
		if (typeof candidate === 'string' && candidate) return candidate;
	}
	return String(error);
}

/**
 * What Chatwoot's Pundit refusal (401 "You are not authorized to do this action") means for a call, in
 * words that say how to fix it. Webhook calls default to "not an administrator".
 */
export type ChatwootRefusal = string;

export interface ChatwootCallContext {
	/** What the node was doing, e.g. "list the webhooks of account 1". */
	readonly action: string;
	readonly baseUrl: string;
	readonly itemIndex?: number;
	readonly refusal?: ChatwootRefusal;
}

/** True when Chatwoot refused a webhook because another one of the account already has its URL. */
export function isUrlTaken(error: unknown): boolean {
	return chatwootStatus(error) === 422 && /url has already been taken/i.test(chatwootMessage(error) ?? '');
}

export function toChatwootApiError(node: INode, error: unknown, context: ChatwootCallContext): NodeApiError {
	const status = chatwootStatus(error);
	const message = chatwootMessage(error);
	const options = { itemIndex: context.itemIndex, httpCode: status === undefined ? undefined : String(status) };
	const body = responseBody(error);
	const response: JsonObject = {
		message: message ?? rawMessage(error),
		...(status ? { httpCode: String(status) } : {}),
		...(body !== undefined ? { body: body as JsonObject } : {}),
	};

	if (status === 401 && message === PUNDIT_REFUSAL) {
		return new NodeApiError(node, response, {
			...options,
			message: context.refusal ?? NOT_ADMINISTRATOR_MESSAGE,
			description: `Chatwoot answered 401 "${message}" when asked to ${context.action}.`,
		});
	}
	if (status === 401) {
		return new NodeApiError(node, response, {
			...options,
			message: `Chatwoot refused the access token: ${message ?? 'Unauthorized'}`,
			description: `Check the API access token and the account ID in the Chatwoot credential.${context.refusal ? '' : " Managing webhooks also needs an administrator's token."} (While trying to ${context.action}.)`,
		});
	}
	if (status === 422 && message) {
		// Chatwoot's validation messages ("Url has already been taken", "Subscriptions Invalid events") are
		// written for end users: pass them on verbatim.
		return new NodeApiError(node, response, { ...options, message, description: `While trying to ${context.action}.` });
	}
	if (status === 404) {
		return new NodeApiError(node, response, {
			...options,
			message: `Chatwoot could not find it: ${message ?? 'Not Found'}`,
			description: `While trying to ${context.action} at ${context.baseUrl}. Check the ID you gave, the account ID, and that the base URL is the Chatwoot address without /api.`,
		});
	}
	if (status !== undefined) {
		return new NodeApiError(node, response, {
			...options,
			message: `Chatwoot answered ${status}${message ? `: ${message}` : ''}`,
			description: `While trying to ${context.action} at ${context.baseUrl}.`,
		});
	}
	const code = errorCode(error);
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(rawMessage(error));
	return new NodeApiError(node, response, {
		...options,
		// The low-level reason goes into the description: n8n replaces a message that contains a code such
		// as ECONNREFUSED with a generic sentence, which would lose the base URL.
		message: timedOut
			? `Chatwoot at ${context.baseUrl} did not answer in time`
			: `Could not reach Chatwoot at ${context.baseUrl}`,
		description: `${rawMessage(error)} (while trying to ${context.action}). Check the base URL in the Chatwoot credential and that n8n can reach it.`,
	});
}

/** Passes n8n's own errors through unchanged (they already say what happened) and wraps anything else. */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error));
}
