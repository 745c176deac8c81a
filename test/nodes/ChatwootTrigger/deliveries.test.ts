import type { INodeParameters } from 'n8n-workflow';

import { startTestDispatcher, type LoggedDelivery, type TestDispatcher } from '../../support/dispatcher';
import { chatwootTrigger } from '../../support/n8n/chatwoot-nodes';
import { N8nInstance, type TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { waitFor } from '../../../testkit/wait-for';

/**
 * Deliveries the dispatcher signs and sends, received by the trigger's webhook() in a small n8n over
 * loopback: what starts the workflow, with which item, and what is answered 200 and dropped.
 */
let dispatcher: TestDispatcher;
let n8n: N8nInstance;

beforeEach(async () => {
	dispatcher = await startTestDispatcher();
	n8n = await N8nInstance.start();
});

afterEach(async () => {
	await n8n.close();
	await dispatcher.close();
});

async function activeTrigger(parameters: INodeParameters): Promise<TriggerWorkflow> {
	const flow = n8n.workflow(
		chatwootTrigger({ baseUrl: dispatcher.url, accessToken: dispatcher.token, accountId: dispatcher.accountId }, parameters),
	);
	await flow.activate();
	return flow;
}

async function chatwoot<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await dispatcher.api<T>(method, `/api/v1/accounts/${dispatcher.accountId}${path}`, body);
	if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
	return response.body;
}

/** A contact writes in on the seeded API inbox; returns the conversation's display id. */
async function openConversation(): Promise<number> {
	const contact = await chatwoot<{ payload: { contact: { id: number } } }>('POST', '/contacts', {
		name: 'Jane Doe',
		email: 'jane@example.com',
		inbox_id: 1,
	});
	const conversation = await chatwoot<{ id: number }>('POST', '/conversations', {
		contact_id: contact.payload.contact.id,
		inbox_id: 1,
	});
	return conversation.id;
}

async function postMessage(conversationId: number, message: Record<string, unknown>): Promise<void> {
	await chatwoot('POST', `/conversations/${conversationId}/messages`, message);
}

/** Waits until the dispatcher has finished every delivery to the trigger's webhook. */
async function settled(flow: TriggerWorkflow, count: number): Promise<LoggedDelivery[]> {
	const webhookId = flow.staticData.webhookId as number;
	const deliveries = await dispatcher.waitForDeliveries(
		(all) => all.length >= count && all.every((delivery) => delivery.status === 'delivered' || delivery.status === 'failed'),
		{ webhook_id: webhookId },
	);
	await waitFor(() => flow.handled.length >= count, { message: () => `n8n handled ${flow.handled.length} of ${count}` });
	return deliveries;
}

function payloadOf(item: { json: Record<string, unknown> }): Record<string, unknown> {
	const { chatwootDelivery: _delivery, ...payload } = item.json;
	return payload;
}

describe('a signed delivery from the dispatcher', () => {
	it('starts the workflow with the payload unchanged at the top level and the delivery beside it', async () => {
		const flow = await activeTrigger({ events: ['message_created'] });
		const conversationId = await openConversation();
		await postMessage(conversationId, { content: 'Hi, I need help', message_type: 'incoming' });

		const [delivery] = await settled(flow, 1);
		expect(delivery.status).toBe('delivered');
		const [handled] = flow.handled;
		expect(handled).toMatchObject({ mode: 'webhook', status: 200, responseBody: { message: 'Workflow was started' } });

		const [[item]] = handled.workflowData ?? [[]];
		expect(item.json).toMatchObject({ event: 'message_created', content: 'Hi, I need help', message_type: 'incoming' });
		const sent = await dispatcher.api<{ payload: LoggedDelivery }>('GET', `/_dispatcher/deliveries/${delivery.id}`);
		expect(payloadOf(item)).toEqual(JSON.parse(sent.body.payload.body ?? 'null'));
		expect(item.json.chatwootDelivery).toEqual({
			id: delivery.id,
			timestamp: expect.any(Number),
			event: 'message_created',
			verified: true,
			verification: 'signature',
		});
	});

	it('starts one execution per event, for each selected event', async () => {
		const flow = await activeTrigger({ events: ['conversation_created', 'message_created'] });
		const conversationId = await openConversation();
		await postMessage(conversationId, { content: 'First', message_type: 'incoming' });

		await settled(flow, 2);
		const events = flow.executions().map((execution) => execution[0][0].json.event);
		expect(events.sort()).toEqual(['conversation_created', 'message_created']);
	});

	it('answers 200 and starts nothing for an event the node does not listen to', async () => {
		const flow = await activeTrigger({ events: ['message_created'] });
		// Someone adds an event to the webhook in Chatwoot's settings.
		await chatwoot('PATCH', `/webhooks/${flow.staticData.webhookId}`, { subscriptions: ['message_created', 'contact_created'] });
		await dispatcher.emit('contact_created');

		const [delivery] = await settled(flow, 1);
		expect(delivery.status).toBe('delivered');
		expect(flow.handled[0]).toMatchObject({ status: 200, workflowData: undefined });
		expect(flow.handled[0].responseBody).toEqual({
			message: 'Ignored: contact_created is not one of the events this trigger listens to',
		});
	});
});

describe('message type and private note filters', () => {
	async function conversationWithMessages(flow: TriggerWorkflow): Promise<string[]> {
		const conversationId = await openConversation();
		await postMessage(conversationId, { content: 'from the contact', message_type: 'incoming' });
		await postMessage(conversationId, { content: 'from the agent', message_type: 'outgoing' });
		await postMessage(conversationId, { content: 'note to self', message_type: 'outgoing', private: true });
		await settled(flow, 3);
		return flow.executions().map((execution) => String(execution[0][0].json.content));
	}

	it('lets only incoming messages through by default, so a bot does not answer its own replies', async () => {
		const flow = await activeTrigger({ events: ['message_created'] });
		expect(await conversationWithMessages(flow)).toEqual(['from the contact']);
		expect(flow.handled.filter((handled) => !handled.workflowData).map((handled) => handled.responseBody)).toEqual([
			{ message: 'Ignored: message_created is about a message of type outgoing; this trigger listens to incoming messages' },
			{ message: 'Ignored: message_created is about a message of type outgoing; this trigger listens to incoming messages' },
		]);
	});

	it('lets outgoing messages through on request, still without private notes', async () => {
		const flow = await activeTrigger({ events: ['message_created'], options: { messageTypes: ['outgoing'] } });
		expect(await conversationWithMessages(flow)).toEqual(['from the agent']);
	});

	it('lets private notes through on request', async () => {
		const flow = await activeTrigger({
			events: ['message_created'],
			options: { messageTypes: ['incoming', 'outgoing'], includePrivateNotes: true },
		});
		expect((await conversationWithMessages(flow)).sort()).toEqual(['from the agent', 'from the contact', 'note to self']);
	});
});

describe('inbox filter', () => {
	it('starts the workflow for its inbox only; events without an inbox pass', async () => {
		const flow = await activeTrigger({
			events: ['conversation_created', 'message_created', 'contact_created'],
			options: { inboxId: 1 },
		});
		await dispatcher.emit('message_created', { inbox: { id: 1 }, conversation: { inbox_id: 1 } });
		await dispatcher.emit('message_created', { inbox: { id: 2, name: 'Email' }, conversation: { inbox_id: 2 } });
		await dispatcher.emit('conversation_created', { inbox_id: 2 });
		await dispatcher.emit('contact_created');

		await settled(flow, 4);
		const started = flow.executions().map((execution) => execution[0][0].json);
		expect(started.map((json) => json.event).sort()).toEqual(['contact_created', 'message_created']);
		const ignored = flow.handled.filter((handled) => !handled.workflowData).map((handled) => handled.responseBody);
		expect(ignored).toEqual(
			expect.arrayContaining([
				{ message: 'Ignored: message_created is from inbox 2; this trigger listens to inbox 1 only' },
				{ message: 'Ignored: conversation_created is from inbox 2; this trigger listens to inbox 1 only' },
			]),
		);
	});
});

describe('repeated deliveries', () => {
	it('starts the workflow once when the dispatcher redelivers the same delivery id', async () => {
		const flow = await activeTrigger({ events: ['message_created'] });
		await dispatcher.emit('message_created');
		const [delivery] = await settled(flow, 1);

		const redelivered = await dispatcher.api('POST', `/_dispatcher/deliveries/${delivery.id}/redeliver`);
		expect(redelivered.status).toBeLessThan(300);
		await waitFor(() => flow.handled.length >= 2);

		expect(flow.executions()).toHaveLength(1);
		expect(flow.handled[1]).toMatchObject({
			status: 200,
			responseBody: { message: `Ignored: delivery ${delivery.id} was already received` },
		});
	});
});
