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

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		const response = await requestJson<{ id: string; name: string; message?: string }>(`${this.env.n8nUrl}/api/v1/credentials`, {
			method: 'POST',
			body: { name, type, data },
			headers: { 'x-n8n-api-key': this.env.n8nApiKey },
		});
		// n8n 1.x's public API schema for credentials the HTTP Request node may use requires `allowedDomains`
		// unless `allowedHttpRequestDomains` is given; the editor always sends it, with "all" by default.
		if (response.status === 400 && response.text.includes('allowedDomains') && !('allowedHttpRequestDomains' in data)) {
			return this.createCredential(name, type, { ...data, allowedHttpRequestDomains: 'all' });
		}
		if (response.status !== 200) throw new Error(`create credential: POST /api/v1/credentials answered ${response.status}: ${response.text.slice(0, 500)}`);
		return response.body;
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

	/**
	 * The executions of the workflow, other than `known`, whose data mentions `marker`, once every one of
	 * them has finished. "A refused delivery started nothing" is checked this way rather than by counting:
	 * a count taken just before can still be short of an execution an earlier delivery started.
	 */
	async executionsMentioning(workflowId: string, known: ReadonlySet<string>, marker: string): Promise<Execution[]> {
		const all = await this.executions(workflowId);
		await this.finishedExecutions(workflowId, all.length);
		const fresh = all.filter((summary) => !known.has(summary.id));
		const executions = await Promise.all(fresh.map((summary) => this.execution(summary.id)));
		return executions.filter((execution) => JSON.stringify(execution.data ?? {}).includes(marker));
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

	/** Waits until the workflow has `count` finished executions and returns the newest, with its data. */
	async newestFinishedExecution(workflowId: string, count: number): Promise<Execution> {
		const finished = await this.finishedExecutions(workflowId, count);
		return this.execution(finished.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b)).id);
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
			// n8n 2.x reads emailOrLdapLoginId, 1.x email.
			body: JSON.stringify({ emailOrLdapLoginId: this.env.ownerEmail, email: this.env.ownerEmail, password: this.env.ownerPassword }),
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
			// n8n 1.x runs the workflowData the editor sends; 2.x loads the saved workflow and ignores it.
			{ method: 'POST', headers: { cookie }, body: { workflowData: await this.getWorkflow(workflowId), triggerToStartFrom: { name: triggerName } } },
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
	 * each trigger's error message when registration failed. n8n 1.x has no publication status (404): it
	 * registers the webhooks before the activation call answers, so the workflow's `active` is the outcome.
	 */
	async settledPublication(workflowId: string): Promise<PublicationStatus> {
		const cookie = await this.login();
		return eventually(`publication of workflow ${workflowId} to settle`, async () => {
			const response = await requestJson<{ data: PublicationStatus }>(
				`${this.env.n8nUrl}/rest/workflows/${workflowId}/publication-status`,
				{ headers: { cookie } },
			);
			if (response.status === 404) {
				const { active } = await this.getWorkflow(workflowId);
				return { status: active ? 'published' : 'not_published', triggers: [] };
			}
			if (response.status !== 200) throw new Error(`publication status: ${response.status} ${response.text.slice(0, 300)}`);
			return response.body.data.status === 'in_progress' ? undefined : response.body.data;
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
