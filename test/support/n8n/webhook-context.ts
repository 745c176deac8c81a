import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Request, Response } from 'express';
import type { IDataObject, IWebhookFunctions, WorkflowExecuteMode } from 'n8n-workflow';

import type { NodeUnderTest } from './node-under-test';
import { triggerContextBase } from './trigger-context';

/**
 * The `this` of a trigger's `webhook()`, built around a real incoming request as n8n's WebhookContext is:
 * n8n's body parser has already read the raw bytes into `req.rawBody` and the JSON into `req.body`, and
 * `res` is the live response the node may answer on itself.
 */
export type ParsedRequest = IncomingMessage & {
	rawBody: Buffer;
	body: unknown;
	readRawBody(): Promise<void>;
	header(name: string): string | undefined;
};

export async function parseRequest(request: IncomingMessage): Promise<ParsedRequest> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const raw = Buffer.concat(chunks);
	const parsed = request as ParsedRequest;
	parsed.rawBody = raw;
	try {
		parsed.body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
	} catch {
		parsed.body = {};
	}
	parsed.readRawBody = async () => undefined;
	parsed.header = (name: string) => {
		const value = request.headers[name.toLowerCase()];
		return Array.isArray(value) ? value.join(', ') : value;
	};
	return parsed;
}

/** The small part of express' `Response` nodes use, over a real ServerResponse. */
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
	readonly response: ResponseAdapter;
	readonly staticData: IDataObject;
	/** 'webhook' for production URLs, 'manual' for test URLs (n8n's live and test webhooks). */
	readonly mode: WorkflowExecuteMode;
	readonly productionUrl: string;
}

export function webhookContext(subject: NodeUnderTest, options: WebhookContextOptions): IWebhookFunctions {
	const context = {
		...triggerContextBase(subject, options),
		getNodeWebhookUrl: () => options.productionUrl,
		getRequestObject: () => options.request as unknown as Request,
		getResponseObject: () => options.response as unknown as Response,
		getBodyData: () => options.request.body as IDataObject,
		getHeaderData: () => options.request.headers,
		getQueryData: () => ({}),
		getParamsData: () => ({}),
	};
	// IWebhookFunctions is far larger than what a webhook trigger uses; the members above are that part.
	return context as unknown as IWebhookFunctions;
}
