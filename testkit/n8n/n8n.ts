import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { E2eEnvironment } from './environment';
import { eventually } from '../wait-for';
import { expectOk, requestJson, type JsonResponse } from './json-http';

/** The parts of an n8n workflow the public API accepts on create and update. */
export interface WorkflowDefinition {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	[key: string]: unknown;
}

export interface Workflow extends WorkflowDefinition {
	id: string;
	active: boolean;
	staticData?: Record<string, unknown> | null;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
}

export interface Execution extends ExecutionSummary {
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
			error?: { message: string };
		};
	};
}

export interface PublicationStatus {
	status: 'in_progress' | 'published' | 'partial' | 'failed' | 'not_published';
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

/** n8n's public API (X-N8N-API-KEY), plus the editor's manual run, which only exists on the internal API. */
export class N8n {
	private cookie: string | undefined;

	constructor(private readonly env: E2eEnvironment) {}

	private api<T>(what: string, method: string, path: string, body?: unknown): Promise<T> {
		return expectOk<T>(what, `${this.env.n8nUrl}/api/v1${path}`, {
			method,
			body,
			headers: { 'x-n8n-api-key': this.env.n8nApiKey },
		});
	}

	createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		return this.api('create credential', 'POST', '/credentials', { name, type, data });
	}

	credentialSchema(type: string): Promise<JsonResponse<{ properties?: Record<string, unknown> }>> {
		return requestJson(`${this.env.n8nUrl}/api/v1/credentials/schema/${type}`, {
			headers: { 'x-n8n-api-key': this.env.n8nApiKey },
		});
	}

	createWorkflow(definition: WorkflowDefinition): Promise<Workflow> {
		return this.api('create workflow', 'POST', '/workflows', definition);
	}

	getWorkflow(id: string): Promise<Workflow> {
		return this.api('get workflow', 'GET', `/workflows/${id}`);
	}

	/** Saves a new version; n8n re-publishes it at once when the workflow is active. */
	updateWorkflow(id: string, definition: WorkflowDefinition): Promise<Workflow> {
		return this.api('update workflow', 'PUT', `/workflows/${id}`, definition);
	}

	/** Raw, so that a refused activation (400 with n8n's message) can be asserted. */
	activate(id: string): Promise<JsonResponse<Workflow & { message?: string }>> {
		return requestJson(`${this.env.n8nUrl}/api/v1/workflows/${id}/activate`, {
			method: 'POST',
			headers: { 'x-n8n-api-key': this.env.n8nApiKey },
		});
	}

	async activateOrFail(id: string): Promise<Workflow> {
		const response = await this.activate(id);
		if (response.status !== 200 || !response.body.active) {
			throw new Error(`activating workflow ${id} failed: ${response.status} ${response.text.slice(0, 800)}`);
		}
		return response.body;
	}

	deactivate(id: string): Promise<Workflow> {
		return this.api('deactivate workflow', 'POST', `/workflows/${id}/deactivate`);
	}

	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const all: ExecutionSummary[] = [];
		let cursor: string | undefined;
		do {
			const query = `workflowId=${workflowId}&limit=250${cursor ? `&cursor=${cursor}` : ''}`;
			const page = await this.api<{ data: ExecutionSummary[]; nextCursor: string | null }>(
				'list executions',
				'GET',
				`/executions?${query}`,
			);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	execution(id: string): Promise<Execution> {
		return this.api('get execution', 'GET', `/executions/${id}?includeData=true`);
	}

	/** Waits until the workflow has `count` finished executions, and returns them newest first. */
	async finishedExecutions(workflowId: string, count: number, timeoutMs = 30_000): Promise<ExecutionSummary[]> {
		return eventually(
			`${count} finished execution(s) of workflow ${workflowId}`,
			async () => {
				const list = await this.executions(workflowId);
				const done = list.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
				return done.length >= count ? done : undefined;
			},
			timeoutMs,
		);
	}

	/** The first output item of a node in a finished execution. */
	static nodeOutput(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
		const runs = execution.data?.resultData.runData[nodeName];
		if (!runs?.length) throw new Error(`node "${nodeName}" did not run in execution ${execution.id}`);
		return (runs[0].data?.main[0] ?? []).map((item) => item.json);
	}

	private async login(): Promise<string> {
		if (this.cookie) return this.cookie;
		const response = await fetch(`${this.env.n8nUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: this.env.ownerEmail, password: this.env.ownerPassword }),
		});
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (response.status !== 200 || !cookie) throw new Error(`n8n login failed: ${response.status} ${await response.text()}`);
		this.cookie = cookie.split(';')[0];
		return this.cookie;
	}

	/** What the editor's "Execute workflow" button does: a manual run from the given trigger node. */
	async runManually(workflowId: string, triggerName: string): Promise<Execution> {
		const cookie = await this.login();
		const started = await expectOk<{ data: { executionId?: string } }>(
			'manual run',
			`${this.env.n8nUrl}/rest/workflows/${workflowId}/run`,
			{ method: 'POST', headers: { cookie }, body: { triggerToStartFrom: { name: triggerName } } },
		);
		const executionId = started.data.executionId;
		if (!executionId) throw new Error(`manual run of ${workflowId} started no execution: ${JSON.stringify(started)}`);
		return eventually(`manual execution ${executionId} to finish`, async () => {
			const execution = await this.execution(executionId);
			return execution.finished || ['success', 'error', 'crashed'].includes(execution.status) ? execution : undefined;
		});
	}

	/**
	 * n8n 2.41 publishes (activates) through an outbox: the API answers at once and the triggers'
	 * webhooks are registered just after. This waits until that has settled and returns the outcome, with
	 * each trigger's error message when registration failed.
	 */
	async settledPublication(workflowId: string): Promise<PublicationStatus> {
		const cookie = await this.login();
		return eventually(`publication of workflow ${workflowId} to settle`, async () => {
			const body = await expectOk<{ data: PublicationStatus }>(
				'publication status',
				`${this.env.n8nUrl}/rest/workflows/${workflowId}/publication-status`,
				{ headers: { cookie } },
			);
			return body.data.status === 'in_progress' ? undefined : body.data;
		});
	}

	async publishAndWait(workflowId: string): Promise<void> {
		await this.activateOrFail(workflowId);
		const publication = await this.settledPublication(workflowId);
		if (publication.status !== 'published') {
			throw new Error(`workflow ${workflowId} did not publish: ${JSON.stringify(publication)}`);
		}
	}

	/**
	 * Stops and starts the n8n server (same user folder, same port), as a deployment or a crash would;
	 * `environment` adds settings for the new start only.
	 */
	async restart(environment: Record<string, string> = {}): Promise<void> {
		await promisify(execFile)('bash', [this.env.n8nControl, 'restart'], {
			timeout: 300_000,
			env: { ...process.env, ...environment },
		});
		this.cookie = undefined;
	}
}
