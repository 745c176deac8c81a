import nock from 'nock';
import { NodeApiError, NodeOperationError, type INodeParameters } from 'n8n-workflow';

import { NOT_ADMINISTRATOR_MESSAGE } from '../../../nodes/shared/chatwoot-api-error';
import type { ChatwootWebhook } from '../../../src/protocol';
import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { chatwootWebhookNode, type ChatwootAccountAccess } from '../../support/n8n/chatwoot-nodes';
import { executeNode, type ExecuteContextOptions } from '../../support/n8n/execute-context';

/**
 * The Chatwoot Webhook node's execute() in n8n-core's ExecuteContext, every operation against the
 * dispatcher's webhook API over loopback, and every error path: Chatwoot's own refusals from the
 * dispatcher, failures only nock can fake.
 */
let dispatcher: TestDispatcher;

beforeEach(async () => {
	dispatcher = await startTestDispatcher();
});

afterEach(async () => {
	await dispatcher.close();
});

function access(): ChatwootAccountAccess {
	return { baseUrl: dispatcher.url, accessToken: dispatcher.token, accountId: dispatcher.accountId };
}

async function run(parameters: INodeParameters, options: ExecuteContextOptions = {}, account: ChatwootAccountAccess = access()) {
	const subject = chatwootWebhookNode(account, { resource: 'webhook', ...parameters });
	const [items] = await executeNode(subject, options);
	return items;
}

async function remoteWebhooks(): Promise<ChatwootWebhook[]> {
	const response = await dispatcher.api<{ payload: { webhooks: ChatwootWebhook[] } }>('GET', `/api/v1/accounts/${dispatcher.accountId}/webhooks`);
	return response.body.payload.webhooks;
}

describe('create', () => {
	it('creates a webhook and outputs it unwrapped, secret included', async () => {
		const items = await run({
			operation: 'create',
			url: 'https://crm.example.com/chatwoot',
			events: ['conversation_created', 'contact_created'],
			additionalFields: { name: 'CRM sync', inboxId: 1 },
		});
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({
			id: expect.any(Number),
			name: 'CRM sync',
			url: 'https://crm.example.com/chatwoot',
			account_id: dispatcher.accountId,
			subscriptions: ['conversation_created', 'contact_created'],
			secret: expect.any(String),
			inbox: { id: 1 },
		});
		expect(await remoteWebhooks()).toEqual([items[0].json]);
	});

	it('creates one webhook per input item, its URL an expression over the item', async () => {
		const items = await run(
			{ operation: 'create', url: '={{ $json.target }}', events: ['message_created'] },
			{ items: [{ json: { target: 'https://a.example.com/hook' } }, { json: { target: 'https://b.example.com/hook' } }] },
		);
		expect(items.map((item) => [item.json.url, item.pairedItem])).toEqual([
			['https://a.example.com/hook', { item: 0 }],
			['https://b.example.com/hook', { item: 1 }],
		]);
	});

	it.each([
		['a URL already used in the account', 'https://crm.example.com/chatwoot', ['message_created'], 'Url has already been taken'],
		['an invalid URL', 'javascript:alert(1)', ['message_created'], 'Url is invalid'],
		['no events', 'https://other.example.com/hook', [], 'Subscriptions Invalid events'],
	])("passes Chatwoot's 422 for %s on verbatim", async (_case, url, events, message) => {
		await dispatcher.createWebhook('https://crm.example.com/chatwoot', ['message_created']);
		const attempt = run({ operation: 'create', url, events });
		await expect(attempt).rejects.toBeInstanceOf(NodeApiError);
		await expect(attempt).rejects.toMatchObject({ message, httpCode: '422' });
	});
});

describe('get', () => {
	it('reads one webhook by id from the list (Chatwoot has no route for one)', async () => {
		await dispatcher.createWebhook('https://a.example.com/hook', ['message_created']);
		const wanted = await dispatcher.createWebhook('https://b.example.com/hook', ['contact_created']);

		const items = await run({ operation: 'get', webhookId: wanted.id });
		expect(items).toEqual([{ json: wanted, pairedItem: { item: 0 } }]);
	});

	it('says clearly that a missing id is not found', async () => {
		const attempt = run({ operation: 'get', webhookId: 999 });
		await expect(attempt).rejects.toBeInstanceOf(NodeOperationError);
		await expect(attempt).rejects.toThrow(`Webhook 999 not found in Chatwoot account ${dispatcher.accountId}`);
	});

	it('refuses an id that is not a positive whole number', async () => {
		await expect(run({ operation: 'get', webhookId: 0 })).rejects.toThrow('The webhook ID must be a positive whole number');
	});
});

describe('get many', () => {
	beforeEach(async () => {
		for (const host of ['a', 'b', 'c']) await dispatcher.createWebhook(`https://${host}.example.com/hook`, ['message_created']);
	});

	it('returns all webhooks, one item each', async () => {
		const items = await run({ operation: 'getAll', returnAll: true });
		expect(items.map((item) => item.json.url)).toEqual(['https://a.example.com/hook', 'https://b.example.com/hook', 'https://c.example.com/hook']);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('returns up to the limit', async () => {
		const items = await run({ operation: 'getAll', returnAll: false, limit: 2 });
		expect(items).toHaveLength(2);
	});

	it('returns no items for an account without webhooks', async () => {
		for (const webhook of await remoteWebhooks()) {
			await dispatcher.api('DELETE', `/api/v1/accounts/${dispatcher.accountId}/webhooks/${webhook.id}`);
		}
		expect(await run({ operation: 'getAll', returnAll: true })).toEqual([]);
	});
});

describe('update', () => {
	it('changes any field and outputs the updated webhook', async () => {
		const webhook = await dispatcher.createWebhook('https://a.example.com/hook', ['message_created']);
		const items = await run({
			operation: 'update',
			webhookId: webhook.id,
			updateFields: { url: 'https://moved.example.com/hook', events: ['contact_updated'], name: 'Moved', inboxId: 1 },
		});
		expect(items[0].json).toMatchObject({
			id: webhook.id,
			url: 'https://moved.example.com/hook',
			subscriptions: ['contact_updated'],
			name: 'Moved',
			inbox: { id: 1 },
			secret: webhook.secret,
		});
	});

	it('changes only the fields given', async () => {
		const webhook = await dispatcher.createWebhook('https://a.example.com/hook', ['message_created']);
		const items = await run({ operation: 'update', webhookId: webhook.id, updateFields: { name: 'Renamed' } });
		expect(items[0].json).toMatchObject({ url: 'https://a.example.com/hook', subscriptions: ['message_created'], name: 'Renamed' });
	});

	it('asks for a field when none is given', async () => {
		await expect(run({ operation: 'update', webhookId: 1, updateFields: {} })).rejects.toThrow('Add at least one field to update');
	});

	it("reports Chatwoot's 404 for an unknown id", async () => {
		const attempt = run({ operation: 'update', webhookId: 4242, updateFields: { name: 'x' } });
		await expect(attempt).rejects.toMatchObject({ httpCode: '404', message: 'Chatwoot could not find it: Resource could not be found' });
	});
});

describe('delete', () => {
	it('deletes the webhook and outputs its id', async () => {
		const webhook = await dispatcher.createWebhook('https://a.example.com/hook', ['message_created']);
		const items = await run({ operation: 'delete', webhookId: webhook.id });
		expect(items).toEqual([{ json: { id: webhook.id, deleted: true }, pairedItem: { item: 0 } }]);
		expect(await remoteWebhooks()).toEqual([]);
	});

	it("reports Chatwoot's 404 for an unknown id", async () => {
		await expect(run({ operation: 'delete', webhookId: 4242 })).rejects.toMatchObject({ httpCode: '404' });
	});
});

describe('continue on fail', () => {
	it('turns a failed item into an error item paired with it and carries on', async () => {
		const webhook = await dispatcher.createWebhook('https://a.example.com/hook', ['message_created']);
		const items = await run(
			{ operation: 'get' },
			{
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }, { json: {} }],
				itemParameters: [{ webhookId: webhook.id }, { webhookId: 999 }, { webhookId: webhook.id }],
			},
		);
		expect(items).toEqual([
			{ json: webhook, pairedItem: { item: 0 } },
			{ json: { error: `Webhook 999 not found in Chatwoot account ${dispatcher.accountId}` }, pairedItem: { item: 1 } },
			{ json: webhook, pairedItem: { item: 2 } },
		]);
	});

	it("keeps Chatwoot's message in the error item", async () => {
		await dispatcher.createWebhook('https://taken.example.com/hook', ['message_created']);
		const items = await run(
			{ operation: 'create', url: 'https://taken.example.com/hook', events: ['message_created'] },
			{ continueOnFail: true },
		);
		expect(items).toEqual([{ json: { error: 'Url has already been taken' }, pairedItem: { item: 0 } }]);
	});

	it('stops at the failing item without it', async () => {
		const attempt = run(
			{ operation: 'get' },
			{ items: [{ json: {} }, { json: {} }], itemParameters: [{ webhookId: 999 }, { webhookId: 1 }] },
		);
		await expect(attempt).rejects.toMatchObject({ context: { itemIndex: 0 } });
	});
});

describe('credential problems the dispatcher answers', () => {
	it('reports a wrong token', async () => {
		const attempt = run({ operation: 'getAll', returnAll: true }, {}, { ...access(), accessToken: 'wrong-token' });
		await expect(attempt).rejects.toMatchObject({ httpCode: '401' });
		await expect(attempt).rejects.toThrow('Chatwoot refused the access token');
	});

	it('tolerates a trailing slash in the base URL', async () => {
		await dispatcher.createWebhook('https://a.example.com/hook', ['message_created']);
		const items = await run({ operation: 'getAll', returnAll: true }, {}, { ...access(), baseUrl: `${dispatcher.url}/` });
		expect(items).toHaveLength(1);
	});

	it('refuses a credential without a usable base URL before calling anything', async () => {
		await expect(run({ operation: 'getAll', returnAll: true }, {}, { ...access(), baseUrl: 'chatwoot.example.com' })).rejects.toThrow(
			'base URL starting with http:// or https://',
		);
	});
});

describe('failures only nock can produce', () => {
	const CHATWOOT = 'https://chatwoot.example.test';
	const HOOKS = '/api/v1/accounts/1/webhooks';
	const mocked: ChatwootAccountAccess = { baseUrl: CHATWOOT, accessToken: 'agent-token', accountId: 1 };

	beforeAll(() => nock.disableNetConnect());
	beforeEach(() => nock.enableNetConnect('127.0.0.1'));
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => nock.enableNetConnect());

	it("tells an agent that only administrators manage webhooks", async () => {
		// n8n-core's authenticated helper sends a request refused with 401 once more after pre-authentication.
		nock(CHATWOOT).get(HOOKS).times(2).reply(401, { error: 'You are not authorized to do this action' });
		await expect(run({ operation: 'getAll', returnAll: true }, {}, mocked)).rejects.toThrow(NOT_ADMINISTRATOR_MESSAGE);
	});

	it('reports a 500', async () => {
		nock(CHATWOOT).post(HOOKS).reply(500, { error: 'Internal Server Error' });
		const attempt = run({ operation: 'create', url: 'https://a.example.com/hook', events: ['message_created'] }, {}, mocked);
		await expect(attempt).rejects.toMatchObject({ httpCode: '500', message: 'Chatwoot answered 500: Internal Server Error' });
	});

	it('reports a timeout, and as an error item when continuing on fail', async () => {
		nock(CHATWOOT)
			.delete(`${HOOKS}/3`)
			.replyWithError(Object.assign(new Error('timeout of 20000ms exceeded'), { code: 'ECONNABORTED' }));
		const items = await run({ operation: 'delete', webhookId: 3 }, { continueOnFail: true }, mocked);
		expect(items).toEqual([{ json: { error: `Chatwoot at ${CHATWOOT} did not answer in time` }, pairedItem: { item: 0 } }]);
	});

	it('refuses an answer in an unknown shape', async () => {
		nock(CHATWOOT).patch(`${HOOKS}/3`).reply(200, { ok: true });
		await expect(run({ operation: 'update', webhookId: 3, updateFields: { name: 'x' } }, {}, mocked)).rejects.toThrow(
			'unexpected webhook shape',
		);
	});

	it('reads the older bare-array list', async () => {
		nock(CHATWOOT)
			.get(HOOKS)
			.reply(200, [{ id: 3, name: null, url: 'https://a.example.com/hook', account_id: 1, subscriptions: ['message_created'] }]);
		const items = await run({ operation: 'getAll', returnAll: true }, {}, mocked);
		expect(items.map((item) => item.json.id)).toEqual([3]);
	});

	it('sends the update as the nested webhook body Chatwoot permits, with an inbox of 0 unlinking it', async () => {
		nock(CHATWOOT)
			.patch(`${HOOKS}/3`, { webhook: { inbox_id: null } })
			.reply(200, { payload: { webhook: { id: 3, name: null, url: 'https://a.example.com/hook', account_id: 1, subscriptions: [] } } });
		const items = await run({ operation: 'update', webhookId: 3, updateFields: { inboxId: 0 } }, {}, mocked);
		expect(items[0].json.id).toBe(3);
	});
});
