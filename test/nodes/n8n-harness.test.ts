import { ExecuteContext, HookContext, LoadOptionsContext } from 'n8n-core';

import type { ChatwootWebhook } from '../../src/protocol';
import { startTestDispatcher, type TestDispatcher } from '../support/dispatcher';
import { chatwootTrigger, chatwootWebhookNode } from '../support/n8n/chatwoot-nodes';
import { executeContext } from '../support/n8n/execute-context';
import { hookContext } from '../support/n8n/hook-context';
import { listSearch, loadOptions, loadOptionsContext } from '../support/n8n/load-options-context';
import { loadedPackage } from '../support/n8n/loaded-package';
import { N8nInstance } from '../support/n8n/n8n-instance';
import { NodeUnderTest } from '../support/n8n/node-under-test';

/**
 * The harness itself: what the node tests run is what n8n runs — the built package as n8n-core's loader
 * loads it, inside n8n-core's own contexts — and the load-options path the editor takes works end to end.
 */
let dispatcher: TestDispatcher;

beforeAll(async () => {
	dispatcher = await startTestDispatcher();
});

afterAll(async () => {
	await dispatcher.close();
});

function access() {
	return { baseUrl: dispatcher.url, accessToken: dispatcher.token, accountId: dispatcher.accountId };
}

describe('the package under test', () => {
	it('is the built dist/ as n8n-core’s PackageDirectoryLoader loads it', () => {
		const { loader, packageName } = loadedPackage();
		expect(packageName).toBe('n8n-nodes-chatwoot-webhooks');
		expect(Object.keys(loader.nodeTypes)).toEqual(expect.arrayContaining(['chatwootTrigger', 'chatwootWebhook']));
		expect(loader.nodeTypes.chatwootTrigger.sourcePath).toBe('dist/nodes/ChatwootTrigger/ChatwootTrigger.node.js');
		expect(loader.credentialTypes.chatwootApi.sourcePath).toBe('dist/credentials/ChatwootApi.credentials.js');

		const subject = chatwootTrigger(access());
		expect(subject.nodeType).toBe(loader.getNode('chatwootTrigger').type);
		expect(subject.node.type).toBe('n8n-nodes-chatwoot-webhooks.chatwootTrigger');
	});

	it('says when a node is not one n8n would load', () => {
		expect(() => new NodeUnderTest({ nodeType: 'chatwootContact', parameters: {}, credentials: {} })).toThrow(
			'n8n would not load the node "chatwootContact": no file in package.json\'s n8n.nodes defines it',
		);
	});
});

describe('contexts', () => {
	it("are n8n-core's own classes", async () => {
		const n8n = await N8nInstance.start();
		try {
			const flow = n8n.workflow(chatwootTrigger(access()));
			expect(flow.productionUrl()).toBe(`${n8n.baseUrl}webhook/${flow.subject.node.webhookId}/webhook`);
			expect(flow.testUrl()).toBe(`${n8n.baseUrl}webhook-test/${flow.subject.node.webhookId}/webhook`);
		} finally {
			await n8n.close();
		}
		const node = chatwootWebhookNode(access(), { resource: 'webhook', operation: 'getAll' });
		expect(executeContext(node)).toBeInstanceOf(ExecuteContext);
		expect(loadOptionsContext(node)).toBeInstanceOf(LoadOptionsContext);
		expect(hookContext(chatwootTrigger(access()), { staticData: {}, n8nBaseUrl: 'http://n8n.test/', mode: 'trigger', activation: 'activate' })).toBeInstanceOf(
			HookContext,
		);
	});

	it('give each node its own log', async () => {
		const first = chatwootWebhookNode(access(), { resource: 'webhook', operation: 'getAll' });
		const second = chatwootWebhookNode(access(), { resource: 'webhook', operation: 'getAll' });
		executeContext(first).logger.info('from the first');
		executeContext(second).logger.info('from the second');
		expect(first.logger.messages()).toEqual(['from the first']);
		expect(second.logger.messages()).toEqual(['from the second']);
	});
});

describe('the load-options path (resource locators, dropdowns)', () => {
	it("reaches Chatwoot with the node's credential and reads the editor's current parameters", async () => {
		const webhook = await dispatcher.createWebhook('https://a.example.com/hook', ['message_created']);
		const subject = chatwootWebhookNode(access(), { resource: 'webhook', operation: 'get', webhookId: webhook.id });
		const context = loadOptionsContext(subject, { path: 'parameters.webhookId' });

		expect(context.getNode()).toMatchObject({ name: 'Temp-Node', type: subject.node.type, credentials: subject.node.credentials });
		expect(context.getCurrentNodeParameter('operation')).toBe('get');
		const answer = (await context.helpers.httpRequestWithAuthentication.call(context, 'chatwootApi', {
			method: 'GET',
			url: `${dispatcher.url}/api/v1/accounts/${dispatcher.accountId}/webhooks`,
			json: true,
		})) as { payload: { webhooks: ChatwootWebhook[] } };
		expect(answer.payload.webhooks.map((each) => each.id)).toEqual([webhook.id]);
		expect(subject.requests).toEqual([expect.objectContaining({ method: 'GET' })]);
		expect(subject.requests[0].headers).toBeUndefined();
	});

	it('says which method a node lacks', async () => {
		const subject = chatwootWebhookNode(access(), { resource: 'webhook', operation: 'get' });
		await expect(listSearch(subject, 'searchWebhooks')).rejects.toThrow(
			'n8n-nodes-chatwoot-webhooks.chatwootWebhook has no methods.listSearch.searchWebhooks',
		);
		await expect(loadOptions(subject, 'getInboxes')).rejects.toThrow('has no methods.loadOptions.getInboxes');
	});
});
