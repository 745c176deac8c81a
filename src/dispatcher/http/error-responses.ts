import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';

import { InvalidFilter } from '../domain/models/filter-conditions';
import { NotAuthorized, ParameterMissing, RecordInvalid, RecordNotFound } from '../domain/models/record-errors';
import { NestingTooDeep } from './json-nesting';
import { sendJson } from './json-response';

/**
 * Every refusal of the HTTP layer, in Chatwoot's shapes (`request_exception_handler.rb`), decided here
 * and nowhere else. Bad input is never a 500; a 500 says nothing about the request, its token or secrets.
 */

/** Rails' `humanize`: `inbox_id` → "Inbox", `content_attributes` → "Content attributes". */
function humanize(attribute: string): string {
	const words = attribute.replace(/_id$/, '').replace(/_/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The attribute an issue is about: the first key of its path (`subscriptions.2` is about `subscriptions`). */
function attributeOf(path: ReadonlyArray<string | number>): string {
	const first = path.find((key): key is string => typeof key === 'string');
	return first ?? 'base';
}

function invalidFromZod(error: ZodError): RecordInvalid {
	const seen = new Set<string>();
	const errors: Array<{ attribute: string; message: string }> = [];
	for (const issue of error.issues) {
		const attribute = attributeOf(issue.path);
		const message = `${humanize(attribute)} ${issue.message}`;
		if (seen.has(message)) continue;
		seen.add(message);
		errors.push({ attribute, message });
	}
	return new RecordInvalid(errors);
}

function sendRecordInvalid(res: Parameters<RequestHandler>[1], invalid: RecordInvalid): void {
	sendJson(res, 422, { message: invalid.message, attributes: invalid.attributes });
}

interface BodyParserError {
	type?: string;
	status?: number;
}

export const errorResponses: ErrorRequestHandler = (error, req, res, next) => {
	if (res.headersSent) return next(error);
	if (error instanceof RecordInvalid) return sendRecordInvalid(res, error);
	if (error instanceof ZodError) return sendRecordInvalid(res, invalidFromZod(error));
	if (error instanceof ParameterMissing) return sendJson(res, 422, { error: error.message });
	if (error instanceof InvalidFilter) return sendJson(res, 422, { error: error.message });
	if (error instanceof NotAuthorized) return sendJson(res, 401, { error: 'You are not authorized to do this action' });
	if (error instanceof RecordNotFound) return sendJson(res, 404, { error: 'Resource could not be found' });
	if (error instanceof NestingTooDeep) return sendJson(res, 400, { error: error.message });
	const bodyError = error as BodyParserError;
	if (bodyError.type === 'entity.parse.failed') {
		return sendJson(res, 400, { error: 'The request body is not valid JSON' });
	}
	if (bodyError.type === 'entity.too.large') {
		return sendJson(res, 413, { error: 'The request body is too large' });
	}
	if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
		return sendJson(res, bodyError.status, { error: 'The request could not be read' });
	}
	// The stack names code, not data: no header, body, token or secret goes to the log.
	console.error(`[chatwoot-dispatcher] ${req.method} ${req.path} failed:`, error instanceof Error ? error.stack : String(error));
	sendJson(res, 500, { error: 'Internal server error' });
};

/** Rails answers an unrouted path with 404 before any authentication runs. */
export const routeNotFound: RequestHandler = (_req, res) => {
	sendJson(res, 404, { error: 'Not Found' });
};
