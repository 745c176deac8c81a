import { EventEmitter, once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	type IDataObject,
	type INodeExecutionData,
	type IWebhookResponseData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import express, { type Request, type Response } from 'express';
import type { HookContext } from 'n8n-core';

import { hookContext } from './hook-context';
import type { NodeUnderTest } from './node-under-test';
import { parseRequest, UnprocessableRequestError, webhookContext, type ParsedRequest } from './webhook-context';

/**
 * HAND-MADE: n8n's webhook server, ActiveWorkflowManager and TestWebhooks are the CLI package
 * (`packages/cli`), built on its database and express app. This is a very small n8n: an express app that
 * serves `/webhook/…` and `/webhook-test/…` on a real loopback port and drives a
 * trigger node's lifecycle the way n8n's WebhookService, ActiveWorkflowManager and TestWebhooks do
 * (`packages/cli/src/webhooks/*`, `active-workflow-manager.ts`):
 *
 * - activation: `checkExists`, then `create` only when it returned false; production static data persists;
 * - deactivation: `delete`;
 * - "Listen for test event": fresh static data, activation mode 'manual', the /webhook-test/ URL; after the
 *   first request that starts the workflow, n8n removes the test webhook (`delete`);
 * - a request: its body parsed as n8n does (422 when it cannot be), `webhook()`, then n8n's answer — the
 *   node's own (noWebhookResponse), `webhookResponse`, "Workflow was started", or "Webhook call
 *   received"; a throw becomes a 500.
 *
 * Every call into the node goes through n8n-core's own HookContext and WebhookContext (see hook-context.ts
 * and webhook-context.ts), and the webhook URLs are the ones n8n-core computes for the node.
 */
export interface HandledRequest {
	readonly url: string;
	readonly mode: 'webhook' | 'manual';
	readonly status: number;
	readonly responseBody: unknown;
	/** The items the workflow started with; undefined when nothing started. */
	readonly workflowData?: INodeExecutionData[][];
}

export class N8nInstance {
	private readonly triggers = new Set<TriggerWorkflow>();

	private constructor(
		private readonly server: Server,
		readonly baseUrl: string,
	) {}

	/** `host` is what n8n puts into webhook URLs (N8N_WEBHOOK_URL); it listens on loopback regardless. */
	static async start(host = '127.0.0.1'): Promise<N8nInstance> {
		const started: { instance?: N8nInstance } = {};
		const app = express();
		app.use((request, response) => {
			void started.instance?.handle(request, response);
		});
		const server = createServer(app);
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		const { port } = server.address() as AddressInfo;
		started.instance = new N8nInstance(server, `http://${host}:${port}/`);
		return started.instance;
	}

	/** A workflow whose only trigger is this node; the test drives it like a user in the editor. */
	workflow(subject: NodeUnderTest): TriggerWorkflow {
		const trigger = new TriggerWorkflow(subject, this.baseUrl);
		this.triggers.add(trigger);
		return trigger;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(request: Request, response: Response): Promise<void> {
		const url = new URL(request.originalUrl, this.baseUrl).toString();
		for (const trigger of this.triggers) {
			if (await trigger.serve(url, request, response)) return;
		}
		response.status(404).json({ code: 404, message: 'The requested webhook is not registered.' });
	}
}

/** What went out on the response, whoever wrote it (n8n or the node on its own), for assertions. */
function recordResponseBody(response: ServerResponse): () => unknown {
	const chunks: Buffer[] = [];
	const keep = (chunk: unknown) => {
		if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) chunks.push(Buffer.from(chunk));
	};
	const write = response.write.bind(response) as (...args: unknown[]) => boolean;
	const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
	response.write = ((chunk: unknown, ...rest: unknown[]) => (keep(chunk), write(chunk, ...rest))) as ServerResponse['write'];
	response.end = ((chunk?: unknown, ...rest: unknown[]) => (typeof chunk === 'function' ? end(chunk, ...rest) : (keep(chunk), end(chunk, ...rest)))) as ServerResponse['end'];
	return () => {
		const text = Buffer.concat(chunks).toString('utf8');
		if (!text) return undefined;
		if (!String(response.getHeader('content-type') ?? '').includes('json')) return text;
		return JSON.parse(text) as unknown;
	};
}

export class TriggerWorkflow {
	/** Production static data, persisted by n8n between activations and restarts. */
	staticData: IDataObject = {};
	/** Test static data while "Listen for test event" is on; n8n keeps it only in memory. */
	testStaticData: IDataObject | undefined;
	active = false;
	readonly handled: HandledRequest[] = [];
	private readonly events = new EventEmitter();

	constructor(
		readonly subject: NodeUnderTest,
		private readonly n8nBaseUrl: string,
	) {}

	productionUrl(): string {
		return this.webhookUrl(false);
	}

	testUrl(): string {
		return this.webhookUrl(true);
	}

	/** What `this.getNodeWebhookUrl('default')` answers the node in n8n-core's HookContext. */
	private webhookUrl(isTest: boolean): string {
		const context = this.hookContext({}, { mode: 'internal', activation: 'update', isTest });
		const url = context.getNodeWebhookUrl('default');
		if (!url) throw new Error(`${this.subject.node.type} has no default webhook`);
		return url;
	}

	private hookContext(
		staticData: IDataObject,
		options: { mode: WorkflowExecuteMode; activation: WorkflowActivateMode; isTest?: boolean },
	): HookContext {
		return hookContext(this.subject, { staticData, n8nBaseUrl: this.n8nBaseUrl, ...options });
	}

	/** Returns whether `create` ran (false: `checkExists` found the webhook in place). */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<boolean> {
		const trigger = this.subject.nodeType.webhookMethods?.default;
		if (!trigger) throw new Error('The node has no webhookMethods.default');
		const context = this.hookContext(this.staticData, { mode: 'trigger', activation });
		let created = false;
		try {
			if (!(await trigger.checkExists.call(context))) {
				await trigger.create.call(context);
				created = true;
			}
		} catch (error) {
			// n8n rolls a failed activation back by removing the webhook again.
			await trigger.delete.call(context).catch(() => undefined);
			throw error;
		}
		this.active = true;
		this.subject.workflow.active = true;
		return created;
	}

	async deactivate(): Promise<void> {
		const trigger = this.subject.nodeType.webhookMethods?.default;
		if (!trigger) throw new Error('The node has no webhookMethods.default');
		this.active = false;
		this.subject.workflow.active = false;
		await trigger.delete.call(this.hookContext(this.staticData, { mode: 'internal', activation: 'update' }));
	}

	async listenForTestEvent(): Promise<void> {
		const trigger = this.subject.nodeType.webhookMethods?.default;
		if (!trigger) throw new Error('The node has no webhookMethods.default');
		this.testStaticData = {};
		const context = this.hookContext(this.testStaticData, { mode: 'manual', activation: 'manual', isTest: true });
		if (!(await trigger.checkExists.call(context))) await trigger.create.call(context);
	}

	/** The user stops listening, the first event arrived, or the test webhook timed out. */
	async stopListening(): Promise<void> {
		const trigger = this.subject.nodeType.webhookMethods?.default;
		const staticData = this.testStaticData;
		if (!trigger || !staticData) return;
		this.testStaticData = undefined;
		await trigger.delete.call(this.hookContext(staticData, { mode: 'internal', activation: 'update', isTest: true }));
	}

	executions(): INodeExecutionData[][][] {
		return this.handled.flatMap((request) => (request.workflowData ? [request.workflowData] : []));
	}

	/** Resolves once at least `count` requests were handled. */
	async waitForRequests(count: number): Promise<HandledRequest[]> {
		while (this.handled.length < count) await once(this.events, 'handled');
		return this.handled.slice(0, count);
	}

	/** Serves the request if it is for this workflow's production or test URL. */
	async serve(url: string, request: Request, response: Response): Promise<boolean> {
		const production = this.active && url === this.productionUrl();
		const test = this.testStaticData !== undefined && url === this.testUrl();
		if (!production && !test) return false;

		const staticData = production ? this.staticData : (this.testStaticData as IDataObject);
		const written = recordResponseBody(response);
		let parsed: ParsedRequest;
		try {
			parsed = await parseRequest(request);
		} catch (error) {
			if (!(error instanceof UnprocessableRequestError)) throw error;
			const body = { code: error.httpStatusCode, message: error.message, hint: error.hint };
			response.status(error.httpStatusCode).json(body);
			this.record({ url, mode: production ? 'webhook' : 'manual', status: error.httpStatusCode, responseBody: body });
			return true;
		}
		const mode = production ? 'webhook' : 'manual';
		const context = webhookContext(this.subject, {
			request: parsed,
			response,
			staticData,
			mode,
			n8nBaseUrl: this.n8nBaseUrl,
			isTest: test,
		});

		let result: IWebhookResponseData;
		try {
			if (!this.subject.nodeType.webhook) throw new Error('The node has no webhook()');
			result = await this.subject.nodeType.webhook.call(context);
		} catch (error) {
			this.subject.logger.error('webhook() threw', { error });
			response.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			this.record({ url, mode, status: 500, responseBody: undefined });
			return true;
		}

		let body: unknown;
		if (result.noWebhookResponse) {
			body = undefined;
		} else {
			body = result.webhookResponse ?? (result.workflowData ? { message: 'Workflow was started' } : { message: 'Webhook call received' });
			response.status(200).json(body);
		}
		await new Promise<void>((resolve) => (response.writableFinished ? resolve() : response.once('finish', () => resolve())));
		if (test && result.workflowData) await this.stopListening();
		this.record({ url, mode, status: response.statusCode, responseBody: body ?? written(), workflowData: result.workflowData });
		return true;
	}

	private record(request: HandledRequest): void {
		this.handled.push(request);
		this.events.emit('handled');
	}
}
