import type { ChatwootWebhook } from '../../../src/protocol';
import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { chatwootTrigger } from '../../support/n8n/chatwoot-nodes';
import { N8nInstance, TriggerWorkflow } from '../../support/n8n/n8n-instance';

/**
 * The trigger's webhook lifecycle against the dispatcher's Chatwoot webhook API over loopback, driven in
 * the order n8n calls checkExists / create / delete on activation, restart, re-publish, "Listen for test
 * event" and deactivation.
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

function access() {
	return { baseUrl: dispatcher.url, accessToken: dispatcher.token, accountId: dispatcher.accountId };
}

async function remoteWebhooks(): Promise<ChatwootWebhook[]> {
	const response = await dispatcher.api<{ payload: { webhooks: ChatwootWebhook[] } }>(
		'GET',
		`/api/v1/accounts/${dispatcher.accountId}/webhooks`,
	);
	expect(response.status).toBe(200);
	return response.body.payload.webhooks;
}

function triggerWorkflow(events: string[] = ['message_created'], options: Parameters<typeof chatwootTrigger>[2] = {}): TriggerWorkflow {
	return n8n.workflow(chatwootTrigger(access(), { events }, options));
}

describe('activation', () => {
	it('creates a webhook at the node URL, named after the workflow, and keeps its id and secret', async () => {
		const flow = triggerWorkflow(['message_created', 'conversation_created']);

		await expect(flow.activate()).resolves.toBe(true);

		const [webhook, ...others] = await remoteWebhooks();
		expect(others).toEqual([]);
		expect(webhook).toMatchObject({
			url: flow.productionUrl(),
			name: 'n8n: Support bot',
			subscriptions: expect.arrayContaining(['message_created', 'conversation_created']),
		});
		expect(webhook.subscriptions).toHaveLength(2);
		expect(flow.staticData).toEqual({ webhookId: webhook.id, webhookSecret: webhook.secret, webhookUrl: flow.productionUrl() });
		expect(webhook.secret).toEqual(expect.any(String));
	});

	it('finds its webhook in place on the next n8n start and does not create another', async () => {
		const flow = triggerWorkflow();
		await flow.activate();
		const before = await remoteWebhooks();

		await expect(flow.activate('init')).resolves.toBe(false);
		expect(await remoteWebhooks()).toEqual(before);
	});

	it('adopts the webhook at its URL instead of duplicating it when its static data was lost', async () => {
		const flow = triggerWorkflow();
		await flow.activate();
		const [original] = await remoteWebhooks();
		flow.staticData = {};

		await flow.activate('init');
		expect(await remoteWebhooks()).toEqual([original]);
		expect(flow.staticData).toEqual({ webhookId: original.id, webhookSecret: original.secret, webhookUrl: original.url });
	});

	it('adopts a webhook someone created by hand at its URL, fixing its events', async () => {
		const flow = triggerWorkflow(['message_created']);
		const byHand = await dispatcher.createWebhook(flow.productionUrl(), ['contact_created']);

		await flow.activate();
		const webhooks = await remoteWebhooks();
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({ id: byHand.id, subscriptions: ['message_created'], name: 'n8n: Support bot' });
	});

	it('updates the subscriptions of the same webhook when the selected events change', async () => {
		const flow = triggerWorkflow(['message_created']);
		await flow.activate();
		const [original] = await remoteWebhooks();

		flow.subject.setParameters({ events: ['message_created', 'message_updated', 'conversation_status_changed'] });
		await expect(flow.activate('update')).resolves.toBe(true);

		const webhooks = await remoteWebhooks();
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0].id).toBe(original.id);
		expect([...webhooks[0].subscriptions].sort()).toEqual(['conversation_status_changed', 'message_created', 'message_updated']);
		expect(flow.staticData.webhookId).toBe(original.id);
	});

	it('renames the webhook when the workflow is renamed', async () => {
		const flow = triggerWorkflow();
		await flow.activate();
		flow.subject.workflow.name = 'CRM sync';

		await flow.activate('update');
		const webhooks = await remoteWebhooks();
		expect(webhooks.map((webhook) => webhook.name)).toEqual(['n8n: CRM sync']);
	});

	it('registers again when the webhook was deleted in Chatwoot, clearing the stale id', async () => {
		const flow = triggerWorkflow();
		await flow.activate();
		const [original] = await remoteWebhooks();
		const removed = await dispatcher.api('DELETE', `/api/v1/accounts/${dispatcher.accountId}/webhooks/${original.id}`);
		expect(removed.status).toBe(200);

		await expect(flow.activate('init')).resolves.toBe(true);
		const [replacement, ...others] = await remoteWebhooks();
		expect(others).toEqual([]);
		expect(replacement.url).toBe(flow.productionUrl());
		expect(flow.staticData).toEqual({ webhookId: replacement.id, webhookSecret: replacement.secret, webhookUrl: replacement.url });
		expect(flow.subject.logger.messages('info').join('\n')).toContain(`webhook ${original.id} no longer exists`);
	});

	it("moves its webhook when n8n's public URL changes, rather than leaving the old one behind", async () => {
		const flow = triggerWorkflow();
		await flow.activate();
		const [original] = await remoteWebhooks();

		const movedN8n = await N8nInstance.start('localhost');
		try {
			const moved = new TriggerWorkflow(flow.subject, movedN8n.baseUrl);
			moved.staticData = flow.staticData;
			await moved.activate('init');
			const webhooks = await remoteWebhooks();
			expect(webhooks).toHaveLength(1);
			expect(webhooks[0]).toMatchObject({ id: original.id, url: moved.productionUrl() });
		} finally {
			await movedN8n.close();
		}
	});
});

describe('deactivation', () => {
	it('deletes the webhook and forgets it', async () => {
		const flow = triggerWorkflow();
		await flow.activate();

		await flow.deactivate();
		expect(await remoteWebhooks()).toEqual([]);
		expect(flow.staticData).toEqual({});
	});

	it('counts a webhook already deleted in Chatwoot as deleted', async () => {
		const flow = triggerWorkflow();
		await flow.activate();
		const [webhook] = await remoteWebhooks();
		await dispatcher.api('DELETE', `/api/v1/accounts/${dispatcher.accountId}/webhooks/${webhook.id}`);

		await expect(flow.deactivate()).resolves.toBeUndefined();
		expect(flow.staticData).toEqual({});
	});

	it('also removes a webhook at its URL whose id never reached the static data', async () => {
		const flow = triggerWorkflow();
		await dispatcher.createWebhook(flow.productionUrl(), ['message_created']);

		await flow.deactivate();
		expect(await remoteWebhooks()).toEqual([]);
	});

	it("leaves other workflows' and other tools' webhooks alone", async () => {
		const mine = triggerWorkflow();
		const theirs = triggerWorkflow(['contact_created'], { workflowName: 'CRM sync' });
		const foreign = await dispatcher.createWebhook('https://crm.example.com/chatwoot', ['contact_created']);
		await mine.activate();
		await theirs.activate();

		await mine.deactivate();
		const left = await remoteWebhooks();
		expect(left.map((webhook) => webhook.url).sort()).toEqual([foreign.url, theirs.productionUrl()].sort());
	});
});

describe('"Listen for test event"', () => {
	it('registers its own webhook at the test URL and removes it when listening stops', async () => {
		const flow = triggerWorkflow();
		await flow.activate();
		const production = await remoteWebhooks();

		await flow.listenForTestEvent();
		const during = await remoteWebhooks();
		expect(during).toHaveLength(2);
		const test = during.find((webhook) => webhook.url === flow.testUrl());
		expect(test).toMatchObject({ name: 'n8n test: Support bot', subscriptions: ['message_created'] });
		expect(flow.testStaticData).toEqual({ webhookId: test?.id, webhookSecret: test?.secret, webhookUrl: flow.testUrl() });

		await flow.stopListening();
		expect(await remoteWebhooks()).toEqual(production);
		expect(flow.staticData).toEqual({ webhookId: production[0].id, webhookSecret: production[0].secret, webhookUrl: production[0].url });
	});

	it('removes the test webhook after the first event started the workflow', async () => {
		const flow = triggerWorkflow();
		await flow.listenForTestEvent();

		await dispatcher.emit('message_created');
		const [handled] = await flow.waitForRequests(1);
		expect(handled).toMatchObject({ mode: 'manual', status: 200 });
		expect(handled.workflowData?.[0]).toHaveLength(1);
		expect(await remoteWebhooks()).toEqual([]);
	});
});

describe('no orphan webhook', () => {
	it('survives rename of a node without a webhook id (its URL changes with the name)', async () => {
		const flow = triggerWorkflow(['message_created'], { webhookId: null, name: 'Chatwoot Trigger' });
		await flow.activate();
		const oldUrl = flow.productionUrl();

		// Saving an active workflow: n8n removes the old version's webhooks, then adds the new version's.
		await flow.deactivate();
		flow.subject.rename('Incoming messages');
		flow.staticData = {}; // static data is keyed by node name
		await flow.activate('update');

		const webhooks = await remoteWebhooks();
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0].url).not.toBe(oldUrl);
		expect(webhooks[0].url).toBe(flow.productionUrl());
	});

	it('holds for a seeded random sequence of activate, edit, restart, rename, test listening and deactivate', async () => {
		const flow = triggerWorkflow(['message_created']);
		let seed = 20_261_121;
		const random = (n: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed % n;
		};
		const eventChoices = [['message_created'], ['conversation_created', 'message_created'], ['contact_created']];
		const steps: string[] = [];

		for (let step = 0; step < 40; step++) {
			const action = ['activate', 'edit', 'restart', 'renameNode', 'renameWorkflow', 'test', 'deactivate'][random(7)];
			steps.push(action);
			switch (action) {
				case 'activate':
					if (!flow.active) await flow.activate();
					break;
				case 'edit':
					flow.subject.setParameters({ events: eventChoices[random(eventChoices.length)] });
					if (flow.active) {
						await flow.deactivate();
						await flow.activate('update');
					}
					break;
				case 'restart':
					if (flow.active) await flow.activate('init');
					break;
				case 'renameNode':
					if (flow.active) await flow.deactivate();
					flow.subject.rename(`Trigger ${step}`);
					flow.staticData = {};
					if (steps.includes('activate')) await flow.activate('update');
					break;
				case 'renameWorkflow':
					flow.subject.workflow.name = `Flow ${step}`;
					if (flow.active) await flow.activate('update');
					break;
				case 'test':
					await flow.listenForTestEvent();
					await flow.stopListening();
					break;
				case 'deactivate':
					if (flow.active) await flow.deactivate();
					break;
			}
			const webhooks = await remoteWebhooks();
			const expected = flow.active ? [flow.productionUrl()] : [];
			expect({ steps, urls: webhooks.map((webhook) => webhook.url) }).toEqual({ steps, urls: expected });
			if (flow.active) {
				expect([...webhooks[0].subscriptions].sort()).toEqual([...(flow.subject.node.parameters.events as string[])].sort());
			}
		}

		if (flow.active) await flow.deactivate();
		expect(await remoteWebhooks()).toEqual([]);
	});
});
