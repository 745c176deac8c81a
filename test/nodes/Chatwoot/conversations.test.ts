import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { accessTo, customerWritesIn, picked, runJson, runNode } from './chatwoot-node';

/** The Conversation resource's reads and its agent, status and priority changes, against the dispatcher. */
let dispatcher: TestDispatcher;

beforeEach(async () => {
	dispatcher = await startTestDispatcher();
});

afterEach(async () => {
	await dispatcher.close();
	nock.cleanAll();
});

async function stored(conversationId: number) {
	const answer = await dispatcher.api<Record<string, unknown> & { meta: Record<string, unknown> }>(
		'GET',
		`/api/v1/accounts/${dispatcher.accountId}/conversations/${conversationId}`,
	);
	return answer.body;
}

describe('get', () => {
	it('outputs the conversation simplified: contact, state and newest message', async () => {
		const conversation = await customerWritesIn(dispatcher, { name: 'Jane Doe', email: 'jane@example.com' }, 'Where is my order?');
		const [json] = await runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'get', conversation: picked(conversation.id) });
		expect(json).toEqual({
			id: conversation.id,
			status: 'open',
			priority: null,
			snoozed_until: null,
			inbox_id: 1,
			contact: { id: conversation.contactId, name: 'Jane Doe', email: 'jane@example.com', phone_number: null, identifier: null },
			assignee: null,
			team: null,
			labels: [],
			custom_attributes: {},
			last_message: expect.objectContaining({ content: 'Where is my order?', message_type: 'incoming' }),
			unread_count: 1,
			created_at: expect.any(Number),
			last_activity_at: expect.any(Number),
		});
	});

	it("outputs Chatwoot's conversation view when Simplify is off", async () => {
		const conversation = await customerWritesIn(dispatcher);
		const [json] = await runJson(accessTo(dispatcher), {
			resource: 'conversation',
			operation: 'get',
			conversation: picked(conversation.id),
			simplify: false,
		});
		expect(json).toEqual(await stored(conversation.id));
	});

	it("says plainly that a conversation Chatwoot does not have is not found", async () => {
		const attempt = runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'get', conversation: picked(404) });
		await expect(attempt).rejects.toBeInstanceOf(NodeApiError);
		await expect(attempt).rejects.toMatchObject({
			httpCode: '404',
			message: 'Chatwoot could not find it: Resource could not be found',
			description: expect.stringContaining('get conversation 404'),
		});
	});

	it('refuses an ID that is not a number before calling Chatwoot', async () => {
		const attempt = runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'get', conversation: picked('twelve') });
		await expect(attempt).rejects.toBeInstanceOf(NodeOperationError);
		await expect(attempt).rejects.toThrow('The conversation ID must be a whole number such as 1, not "twelve"');
	});

	it('goes on with the next item after a failure when On Error is Continue, each output paired with its item', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const items = await runNode(
			accessTo(dispatcher),
			{ resource: 'conversation', operation: 'get' },
			{ items: [{ json: {} }, { json: {} }], itemParameters: [{ conversation: picked(999) }, { conversation: picked(conversation.id) }], continueOnFail: true },
		);
		expect(items).toEqual([
			{ json: { error: 'Chatwoot could not find it: Resource could not be found' }, pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ id: conversation.id }), pairedItem: { item: 1 } },
		]);
	});
});

describe('assign to an agent', () => {
	it('assigns the agent and outputs the conversation with its assignee', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const [json] = await runJson(accessTo(dispatcher), {
			resource: 'conversation',
			operation: 'assign',
			conversation: picked(conversation.id),
			agentAction: 'assign',
			agent: picked(2, 'list'),
		});
		expect(json.assignee).toMatchObject({ id: 2, name: 'Alex Agent' });
		expect((await stored(conversation.id)).meta.assignee).toMatchObject({ id: 2 });
	});

	it('unassigns explicitly', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const base = { resource: 'conversation', operation: 'assign', conversation: picked(conversation.id) };
		await runJson(accessTo(dispatcher), { ...base, agentAction: 'assign', agent: picked(2) });
		const [json] = await runJson(accessTo(dispatcher), { ...base, agentAction: 'unassign' });
		expect(json.assignee).toBeNull();
		expect((await stored(conversation.id)).meta).not.toHaveProperty('assignee');
	});

	it('refuses to do nothing', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const attempt = runJson(accessTo(dispatcher), {
			resource: 'conversation',
			operation: 'assign',
			conversation: picked(conversation.id),
			agentAction: 'keep',
			teamAction: 'keep',
		});
		await expect(attempt).rejects.toThrow('Nothing to assign: choose an agent or a team, or to unassign one');
	});
});

describe('set status', () => {
	it('resolves, and the webhook gets conversation_status_changed and conversation_updated', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const webhook = await dispatcher.createWebhook('http://127.0.0.1:9/unreachable', ['conversation_status_changed', 'conversation_updated']);
		const [json] = await runJson(accessTo(dispatcher), {
			resource: 'conversation',
			operation: 'setStatus',
			conversation: picked(conversation.id),
			status: 'resolved',
		});
		expect(json.status).toBe('resolved');
		const deliveries = await dispatcher.waitForDeliveries((list) => list.length === 2, { webhook_id: webhook.id });
		expect(deliveries.map((delivery) => delivery.event).sort()).toEqual(['conversation_status_changed', 'conversation_updated']);
	});

	it('snoozes until a time, sent to Chatwoot as unix seconds', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const [json] = await runJson(accessTo(dispatcher), {
			resource: 'conversation',
			operation: 'setStatus',
			conversation: picked(conversation.id),
			status: 'snoozed',
			snoozedUntil: '2030-01-02T03:04:05.678Z',
		});
		expect(json).toMatchObject({ status: 'snoozed', snoozed_until: '2030-01-02T03:04:05.000Z' });
	});

	it('refuses a snooze without a valid time', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const attempt = runJson(accessTo(dispatcher), {
			resource: 'conversation',
			operation: 'setStatus',
			conversation: picked(conversation.id),
			status: 'snoozed',
			snoozedUntil: 'next week',
		});
		await expect(attempt).rejects.toThrow('Snoozed Until needs a date and time, not "next week"');
	});
});

describe('set priority', () => {
	it('sets and clears the priority', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const base = { resource: 'conversation', operation: 'setPriority', conversation: picked(conversation.id) };
		expect((await runJson(accessTo(dispatcher), { ...base, priority: 'urgent' }))[0].priority).toBe('urgent');
		expect((await runJson(accessTo(dispatcher), { ...base, priority: 'none' }))[0].priority).toBeNull();
	});
});

describe("Chatwoot's refusals in plain words", () => {
	const CHATWOOT = 'https://chatwoot.example.com';
	const agent = { baseUrl: CHATWOOT, accessToken: 'agent-token', accountId: 1 };

	it('tells an agent outside the inbox what to do (nock: 401 from Pundit)', async () => {
		// n8n-core's authenticated helper sends a request refused with 401 once more after pre-authentication.
		nock(CHATWOOT)
			.post('/api/v1/accounts/1/conversations/7/messages')
			.times(2)
			.reply(401, { error: 'You are not authorized to do this action' });
		const attempt = runJson(agent, { resource: 'message', operation: 'sendReply', conversation: picked(7), content: 'hi' });
		await expect(attempt).rejects.toMatchObject({
			httpCode: '401',
			message: expect.stringContaining('not a member of that inbox'),
		});
	});

	it("passes Chatwoot's 422 message on verbatim", async () => {
		nock(CHATWOOT)
			.post('/api/v1/accounts/1/conversations/7/messages')
			.reply(422, { error: 'Validation failed: Too many messages' });
		const attempt = runJson(agent, { resource: 'message', operation: 'sendReply', conversation: picked(7), content: 'hi' });
		await expect(attempt).rejects.toMatchObject({ httpCode: '422', message: 'Validation failed: Too many messages' });
	});

	it('sends to the account of the Account ID option instead of the credential’s', async () => {
		const scope = nock(CHATWOOT).get('/api/v1/accounts/42/conversations/7').reply(200, { id: 7, status: 'open', meta: {} });
		const [json] = await runJson(agent, { resource: 'conversation', operation: 'get', conversation: picked(7), accountId: 42 });
		expect(json).toMatchObject({ id: 7, status: 'open' });
		scope.done();
	});
});
