import { randomUUID } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { sign } from '../../../src/protocol';

import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { chatwootTrigger } from '../../support/n8n/chatwoot-nodes';
import { N8nInstance, type HandledRequest, type TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { waitFor } from '../../../testkit/wait-for';

/**
 * A Chatwoot Trigger activated against a running dispatcher, in the small n8n, and the few Chatwoot calls
 * the trigger tests make. Each test file starts its own pair and drives Chatwoot over REST (or emits an
 * event with chosen fields), then reads what n8n answered and whether the workflow started.
 */
export class TriggerOnDispatcher {
	private started?: { dispatcher: TestDispatcher; n8n: N8nInstance };
	private readonly active: TriggerWorkflow[] = [];

	get dispatcher(): TestDispatcher {
		if (!this.started) throw new Error('The dispatcher is started in beforeAll/beforeEach');
		return this.started.dispatcher;
	}

	get n8n(): N8nInstance {
		if (!this.started) throw new Error('n8n is started in beforeAll/beforeEach');
		return this.started.n8n;
	}

	async start(): Promise<void> {
		this.started = { dispatcher: await startTestDispatcher(), n8n: await N8nInstance.start() };
	}

	/** Deactivates the workflows this test activated (what n8n does when a user deactivates them). */
	async deactivateAll(): Promise<void> {
		for (const flow of this.active.splice(0)) if (flow.active) await flow.deactivate();
	}

	async close(): Promise<void> {
		await this.deactivateAll();
		await this.n8n.close();
		await this.dispatcher.close();
		this.started = undefined;
	}

	/** A workflow with the trigger, saved but not active yet. */
	workflow(parameters: INodeParameters): TriggerWorkflow {
		return this.n8n.workflow(
			chatwootTrigger(
				{ baseUrl: this.dispatcher.url, accessToken: this.dispatcher.token, accountId: this.dispatcher.accountId },
				parameters,
			),
		);
	}

	async activate(parameters: INodeParameters): Promise<TriggerWorkflow> {
		const flow = this.workflow(parameters);
		await flow.activate();
		this.active.push(flow);
		return flow;
	}

	/** A call to the account's REST API with the administrator's token; throws unless it answered 200. */
	async chatwoot<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.dispatcher.api<T>(method, `/api/v1/accounts/${this.dispatcher.accountId}${path}`, body);
		if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
		return response.body;
	}

	/** A contact writes in on the seeded API inbox; returns the conversation's display id. */
	async openConversation(inboxId = 1): Promise<number> {
		const contact = await this.chatwoot<{ payload: { contact: { id: number } } }>('POST', '/contacts', {
			name: 'Jane Doe',
			email: `jane-${Date.now()}-${Math.random()}@example.com`,
			inbox_id: inboxId,
		});
		const conversation = await this.chatwoot<{ id: number }>('POST', '/conversations', {
			contact_id: contact.payload.contact.id,
			inbox_id: inboxId,
		});
		return conversation.id;
	}
}

/**
 * One dispatcher and one n8n for the test file (or, with `perTest`, for each test); every workflow a test
 * activated is deactivated after it.
 */
export function useTriggerOnDispatcher(options: { perTest?: boolean } = {}): TriggerOnDispatcher {
	const chatwoot = new TriggerOnDispatcher();
	if (options.perTest) {
		beforeEach(() => chatwoot.start());
		afterEach(() => chatwoot.close());
	} else {
		beforeAll(() => chatwoot.start());
		afterEach(() => chatwoot.deactivateAll());
		afterAll(() => chatwoot.close());
	}
	return chatwoot;
}

/** A delivery signed with a key that is not the sender's secret, as a forger would post it. */
export async function postForged(url: string, payload: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
	const body = JSON.stringify(payload);
	const timestamp = Math.floor(Date.now() / 1000);
	const response = await fetch(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'X-Chatwoot-Delivery': randomUUID(),
			'X-Chatwoot-Timestamp': String(timestamp),
			'X-Chatwoot-Signature': sign('NotTheSecret000000000000', timestamp, body),
		},
		body,
	});
	return { status: response.status, body: await response.json() };
}

/** Runs `cause` and returns the request n8n handled next for this trigger (the delivery it caused). */
export async function nextDelivery(flow: TriggerWorkflow, cause: () => Promise<unknown>): Promise<HandledRequest> {
	const before = flow.handled.length;
	await cause();
	await waitFor(() => flow.handled.length > before, { message: () => `n8n handled no delivery after ${before}` });
	return flow.handled[before];
}

/** What a filter test asserts: started with this event, or answered 200 "Ignored: <reason>". */
export function outcome(request: HandledRequest): { status: number; started: boolean; message: unknown } {
	return {
		status: request.status,
		started: request.workflowData !== undefined,
		message: (request.responseBody as { message?: unknown } | undefined)?.message,
	};
}
