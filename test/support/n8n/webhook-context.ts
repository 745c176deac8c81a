import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

import { parseIncomingMessage } from '@n8n/backend-network';
import type { Request, Response } from 'express';
import { WebhookContext } from 'n8n-core';
import { jsonParse, type IDataObject, type WorkflowExecuteMode } from 'n8n-workflow';

import { withNodeLogger } from './n8n-container';
import { DEFAULT_N8N_URL, type NodeUnderTest } from './node-under-test';
import { nodeWebhook } from './node-webhooks';

/**
 * HAND-MADE (request and response only): n8n's webhook server is the CLI's express app with its own raw
 * body reader and body parser (`packages/cli/src/middlewares/body-parser.ts`, n8n 2.41.1): by the time
 * `webhook()` runs, the raw bytes are in `req.rawBody` and the body parsed by content type in `req.body`,
 * and `res` is the live response the node may answer on itself. `parseRequest` does that reading on an
 * express or plain node:http request (the content type read by n8n's own `parseIncomingMessage`), and
 * `ResponseAdapter` gives a plain node:http response express' few methods nodes use; N8nInstance serves
 * with express itself. The context around them is n8n-core's own WebhookContext.
 */
export type ParsedRequest = IncomingMessage & {
	rawBody: Buffer;
	body: unknown;
	contentType?: string;
	encoding?: BufferEncoding;
	query: Record<string, string>;
	params: Record<string, string>;
	readRawBody(): Promise<void>;
	header(name: string): string | undefined;
};

/** n8n answers a body it cannot parse with 422 before any node runs. */
export class UnprocessableRequestError extends Error {
	readonly httpStatusCode = 422;
	constructor(readonly hint: string) {
		super('Failed to parse request body');
	}
}

function parsedBody(raw: Buffer, contentType: string | undefined, encoding: BufferEncoding | undefined): unknown {
	if (!raw.length) return undefined;
	const text = raw.toString(encoding).replace(/^\uFEFF/, '');
	try {
		if (contentType === 'application/json') return jsonParse(text);
	} catch (error) {
		throw new UnprocessableRequestError((error as Error).message);
	}
	if (contentType === 'application/x-www-form-urlencoded') return parseQuery(text, undefined, undefined, { maxKeys: 1000 });
	if (contentType === 'text/plain') return text;
	// Other types (XML and multipart aside, which this package's nodes do not take) stay unparsed.
	return undefined;
}

export async function parseRequest(request: IncomingMessage): Promise<ParsedRequest> {
	const parsed = request as ParsedRequest;
	parseIncomingMessage(parsed);
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	parsed.rawBody = Buffer.concat(chunks);
	parsed.readRawBody = async () => undefined;
	// An express request has these already (express 5's `query` is a getter that must not be assigned).
	if ((parsed as Partial<ParsedRequest>).query === undefined) parsed.query = Object.fromEntries(new URL(request.url ?? '/', 'http://localhost').searchParams);
	parsed.params ??= {};
	if (typeof parsed.header !== 'function') {
		parsed.header = (name: string) => {
			const value = request.headers[name.toLowerCase()];
			return Array.isArray(value) ? value.join(', ') : value;
		};
	}
	parsed.body = parsedBody(parsed.rawBody, parsed.contentType, parsed.encoding);
	return parsed;
}

/** The part of express' `Response` nodes use, over a real ServerResponse. */
export class ResponseAdapter {
	/** The last body the node wrote, for assertions. */
	written: unknown;

	constructor(readonly raw: ServerResponse) {}

	get headersSent(): boolean {
		return this.raw.headersSent;
	}

	status(code: number): this {
		this.raw.statusCode = code;
		return this;
	}

	setHeader(name: string, value: string): this {
		this.raw.setHeader(name, value);
		return this;
	}

	json(body: unknown): this {
		if (!this.raw.headersSent) this.raw.setHeader('content-type', 'application/json; charset=utf-8');
		this.written = body;
		this.raw.end(JSON.stringify(body));
		return this;
	}

	send(body: unknown): this {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return this.json(body);
		this.written = body;
		this.raw.end(body as string | Buffer | undefined);
		return this;
	}

	end(body?: string | Buffer): this {
		if (!this.raw.writableEnded) this.raw.end(body);
		return this;
	}
}

export interface WebhookContextOptions {
	readonly request: ParsedRequest;
	/** express' live Response, or a ResponseAdapter over a plain node:http one. */
	readonly response: Response | ResponseAdapter;
	readonly staticData: IDataObject;
	/** 'webhook' for production URLs, 'manual' for test URLs (n8n's live and test webhooks). */
	readonly mode: WorkflowExecuteMode;
	/** n8n's public base URL with its trailing slash; n8n's default when left out. */
	readonly n8nBaseUrl?: string;
	readonly isTest?: boolean;
}

/** The `this` of a trigger's `webhook()`: n8n-core's WebhookContext, as n8n's WebhookService builds it (`runWebhook`). */
export function webhookContext(subject: NodeUnderTest, options: WebhookContextOptions): WebhookContext {
	const workflow = subject.n8nWorkflow(options.staticData);
	const node = workflow.getNode(subject.node.name);
	if (!node) throw new Error(`The workflow has no node ${subject.node.name}`);
	const data = subject.additionalData({
		n8nBaseUrl: options.n8nBaseUrl ?? DEFAULT_N8N_URL,
		httpRequest: options.request as unknown as Request,
		httpResponse: options.response as unknown as Response,
	});
	const webhook = nodeWebhook(workflow, node, data, { isTest: options.isTest });
	return withNodeLogger(subject.logger, () => new WebhookContext(workflow, node, data, options.mode, webhook, [], null));
}
