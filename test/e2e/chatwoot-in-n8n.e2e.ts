/**
 * The package in a real n8n, with the dispatcher as Chatwoot. Started by test/e2e/run.sh; every check
 * goes through n8n's public API, the dispatcher's API or plain HTTP, as a user's tools would.
 *
 * The checks build on each other (one n8n, one dispatcher) and run in file order.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { CrmReceiver } from './support/crm-receiver';
import { ACCOUNT_ID, Dispatcher, type Delivery, type DispatcherWebhook } from './support/dispatcher';
import { postDelivery } from './support/deliveries';
import { e2eEnvironment } from '../../testkit/n8n/environment';
import { eventually } from '../../testkit/wait-for';
import { loadExample } from './support/examples';
import { N8n, type Workflow, type WorkflowDefinition } from '../../testkit/n8n/n8n';

const PACKAGE = 'n8n-nodes-chatwoot-webhooks';
const TRIGGER_TYPE = `${PACKAGE}.chatwootTrigger`;
const WEBHOOK_NODE_TYPE = `${PACKAGE}.chatwootWebhook`;
const TRIGGER_NAME = 'Chatwoot Trigger';
/** How long a delivery that should start nothing is given to (wrongly) start something. */
const SETTLE_MS = 3_000;
/**
 * n8n 2.41 brings published workflows back after a start from a reconciler that runs at startup and then
 * every 10 s (N8N_WORKFLOW_PUBLICATION_RECONCILE_INTERVAL_SECONDS); a duplicate would appear within that.
 */
const RECONCILE_MS = 12_000;

const env = e2eEnvironment();
const n8n = new N8n(env);
const chatwoot = new Dispatcher(env);
const crm = new CrmReceiver();

let crmUrl = '';
let credential = { id: '', name: 'Chatwoot (dispatcher)' };
let crmSync: Workflow;
let bot: Workflow;

/** n8n's production URL for a trigger: N8N_WEBHOOK_URL + webhook/<node webhookId>/<description path>. */
function productionUrl(workflow: Workflow): string {
	const trigger = workflow.nodes.find((node) => node.type === TRIGGER_TYPE);
	if (!trigger?.webhookId) throw new Error(`workflow ${workflow.id} has no trigger with a webhookId`);
	return `${env.n8nUrl}/webhook/${trigger.webhookId}/webhook`;
}

async function theWebhookOf(workflow: Workflow): Promise<DispatcherWebhook> {
	const webhooks = await chatwoot.webhooksAt(productionUrl(workflow));
	expect(webhooks).toHaveLength(1);
	return webhooks[0];
}

async function executionCount(workflow: Workflow): Promise<number> {
	return (await n8n.executions(workflow.id)).length;
}

/** Runs `action` and checks that it starts no execution of `workflow`. */
async function expectNoNewExecution(workflow: Workflow, action: () => Promise<void>): Promise<void> {
	const before = await executionCount(workflow);
	await action();
	await sleep(SETTLE_MS);
	expect(await executionCount(workflow)).toBe(before);
}

/** The trigger's webhook is live in n8n (404 until n8n has registered it, after activation or a start). */
async function waitUntilListening(workflow: Workflow): Promise<void> {
	await eventually(`n8n to serve ${productionUrl(workflow)}`, async () => {
		const response = await postDelivery(productionUrl(workflow), { body: '{}', secret: 'not-the-secret' });
		return response.status === 404 ? undefined : true;
	});
}

function withTriggerEvents(workflow: Workflow, events: string[]): WorkflowDefinition {
	return {
		name: workflow.name,
		settings: workflow.settings,
		connections: workflow.connections,
		nodes: workflow.nodes.map((node) =>
			node.type === TRIGGER_TYPE ? { ...node, parameters: { ...node.parameters, events } } : node,
		),
	};
}

beforeAll(async () => {
	crmUrl = await crm.start();
});

afterAll(async () => {
	await crm.stop();
});

describe('setup through the public APIs', () => {
	test('n8n loaded the package from its community nodes folder (the chatwootApi credential type is known)', async () => {
		const schema = await n8n.credentialSchema('chatwootApi');
		expect(schema.status).toBe(200);
		expect(Object.keys(schema.body.properties ?? {})).toEqual(expect.arrayContaining(['baseUrl', 'accountId', 'apiAccessToken']));
	});

	test('the chatwootApi credential is created, pointing at the dispatcher', async () => {
		credential = await n8n.createCredential(credential.name, 'chatwootApi', {
			baseUrl: env.dispatcherUrl,
			accountId: ACCOUNT_ID,
			apiAccessToken: env.dispatcherToken,
		});
		expect(credential.id).toBeTruthy();
	});

	test('both examples import unchanged apart from addresses and credential', async () => {
		const targets = { chatwootUrl: env.dispatcherUrl, crmUrl, credential };
		crmSync = await n8n.createWorkflow(loadExample('crm-sync.json', targets));
		bot = await n8n.createWorkflow(loadExample('bot-auto-reply.json', targets));
		for (const workflow of [crmSync, bot]) {
			expect(workflow.nodes.find((node) => node.type === TRIGGER_TYPE)?.webhookId).toBeTruthy();
		}
		expect(await chatwoot.webhooks()).toEqual([]);
	});
});

describe('activation', () => {
	test('registers exactly one webhook per trigger, at n8n\'s production URL, with the selected events', async () => {
		await n8n.publishAndWait(crmSync.id);
		await n8n.publishAndWait(bot.id);

		const webhooks = await chatwoot.webhooks();
		expect(webhooks).toHaveLength(2);
		expect((await theWebhookOf(crmSync)).subscriptions).toEqual(['conversation_created']);
		expect((await theWebhookOf(bot)).subscriptions).toEqual(['message_created']);

		// What the trigger remembers is the webhook the dispatcher holds.
		for (const workflow of [crmSync, bot]) {
			const stored = (await n8n.getWorkflow(workflow.id)).staticData?.[`node:${TRIGGER_NAME}`] as
				| { webhookId?: number; webhookSecret?: string }
				| undefined;
			const webhook = await theWebhookOf(workflow);
			expect(stored?.webhookId).toBe(webhook.id);
			expect(stored?.webhookSecret).toBe(webhook.secret);
		}
		await waitUntilListening(crmSync);
		await waitUntilListening(bot);
	});

	test("a start that calls the triggers (n8n's classic start-up activation) keeps a webhook Chatwoot still has and re-creates only a missing one", async () => {
		const crmBefore = await theWebhookOf(crmSync);
		const botBefore = await theWebhookOf(bot);
		// Someone deletes the CRM trigger's webhook in Chatwoot's settings.
		await chatwoot.raw('DELETE', `/api/v1/accounts/${ACCOUNT_ID}/webhooks/${crmBefore.id}`);
		// n8n before its publication service, or with it turned off, activates every published workflow at
		// start-up and calls each trigger's checkExists (and create when that says false).
		await n8n.restart({ N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' });
		const crmAfter = await eventually('the CRM trigger to register again', async () => {
			const found = await chatwoot.webhooksAt(productionUrl(crmSync));
			return found.length ? found : undefined;
		});
		await waitUntilListening(bot);
		await sleep(SETTLE_MS);
		expect(crmAfter).toHaveLength(1);
		expect(crmAfter[0].id).not.toBe(crmBefore.id);
		expect((await theWebhookOf(bot)).id).toBe(botBefore.id);
		expect(await chatwoot.webhooks()).toHaveLength(2);
		const stored = (await n8n.getWorkflow(crmSync.id)).staticData?.[`node:${TRIGGER_NAME}`] as { webhookId?: number } | undefined;
		expect(stored?.webhookId).toBe(crmAfter[0].id);
	});

	test('restarting n8n (2.41 with its publication service, the default) adds no second webhook', async () => {
		const before = await chatwoot.webhooks();
		await n8n.restart();
		await waitUntilListening(crmSync);
		await waitUntilListening(bot);
		await sleep(RECONCILE_MS);
		const after = await chatwoot.webhooks();
		expect(after.map((webhook) => webhook.id).sort()).toEqual(before.map((webhook) => webhook.id).sort());
		expect(after).toHaveLength(2);
	});
});

let crmDelivery: Delivery;

describe('CRM sync example', () => {
	test('conversation_created from the dispatcher runs the workflow and the CRM gets the contact', async () => {
		const contact = { name: 'Jane Doe', email: `jane.${Date.now()}@example.com`, phone_number: '+15551234567' };
		const { conversationId } = await chatwoot.startConversation(contact);

		const [execution] = await n8n.finishedExecutions(crmSync.id, 1);
		expect(execution.status).toBe('success');

		const posted = await eventually('the CRM to receive the contact', async () =>
			crm.received.find((request) => request.body.email === contact.email),
		);
		expect(posted.path).toBe('/api/contacts');
		expect(posted.body).toMatchObject({
			name: contact.name,
			email: contact.email,
			phone: contact.phone_number,
			conversation_url: `${env.dispatcherUrl}/app/accounts/${ACCOUNT_ID}/conversations/${conversationId}`,
		});

		// The item is Chatwoot's payload plus the delivery metadata, verified by signature.
		const details = await n8n.execution(execution.id);
		const [item] = N8n.nodeOutput(details, TRIGGER_NAME);
		expect(item).toMatchObject({ event: 'conversation_created', id: conversationId });
		expect(item.chatwootDelivery).toMatchObject({ event: 'conversation_created', verified: true, verification: 'signature' });

		crmDelivery = await chatwoot.deliveredEvent((await theWebhookOf(crmSync)).id, 'conversation_created');
		expect(crmDelivery.status).toBe('delivered');
		expect((item.chatwootDelivery as { id: string }).id).toBe(crmDelivery.id);
	});
});

describe('bot auto-reply example', () => {
	test('an incoming message gets the reply chosen by its text, stored as an outgoing message', async () => {
		const { conversationId } = await chatwoot.startConversation({
			name: 'Sam Buyer',
			email: `sam.${Date.now()}@example.com`,
			phone_number: '+15557654321',
		});
		await chatwoot.addMessage(conversationId, 'Hi, what is the PRICE of the pro plan?', 'incoming');

		const [execution] = await n8n.finishedExecutions(bot.id, 1);
		expect(execution.status).toBe('success');

		// The CRM example's private note about the same new conversation is outgoing too; the reply is not private.
		const reply = await eventually('the bot reply in the conversation', async () =>
			(await chatwoot.messages(conversationId)).find(
				(message) => (message.message_type === 1 || message.message_type === 'outgoing') && !message.private,
			),
		);
		expect(reply.content).toMatch(/^Our plans start at/);
	});

	test("the reply's own message_created reaches n8n and starts no execution (the bot-loop guard)", async () => {
		const webhook = await theWebhookOf(bot);
		const replyDelivery = await eventually('the delivery of the reply', async () => {
			for (const delivery of await chatwoot.deliveries({ webhookId: webhook.id, event: 'message_created' })) {
				const full = await chatwoot.delivery(delivery.id);
				if (full.body?.includes('"message_type":"outgoing"') && full.attempts.length) return full;
			}
			return undefined;
		});
		expect(replyDelivery.status).toBe('delivered');
		expect(replyDelivery.attempts.at(-1)?.response_body ?? '').toMatch(/Ignored/);
		await sleep(SETTLE_MS);
		expect(await executionCount(bot)).toBe(1);
	});
});

describe('deliveries that must start nothing', () => {
	async function secretOf(workflow: Workflow): Promise<string> {
		const secret = (await theWebhookOf(workflow)).secret;
		if (!secret) throw new Error('the dispatcher returned no webhook secret');
		return secret;
	}

	test('a wrong signature is answered 401', async () => {
		await expectNoNewExecution(crmSync, async () => {
			const response = await postDelivery(productionUrl(crmSync), {
				body: crmDelivery.body ?? (await chatwoot.delivery(crmDelivery.id)).body ?? '',
				secret: await secretOf(crmSync),
				signWith: 'not-the-webhook-secret',
			});
			expect(response.status).toBe(401);
		});
	});

	test('a stale timestamp (10 minutes old, correctly signed) is refused', async () => {
		const { body } = await chatwoot.delivery(crmDelivery.id);
		await expectNoNewExecution(crmSync, async () => {
			const response = await postDelivery(productionUrl(crmSync), {
				body: body ?? '',
				secret: await secretOf(crmSync),
				timestamp: Math.floor(Date.now() / 1000) - 600,
			});
			expect(response.status).toBe(401);
		});
	});

	test('a repeated delivery id (fresh timestamp and signature) is ignored', async () => {
		const { body } = await chatwoot.delivery(crmDelivery.id);
		await expectNoNewExecution(crmSync, async () => {
			const response = await postDelivery(productionUrl(crmSync), {
				body: body ?? '',
				secret: await secretOf(crmSync),
				deliveryId: crmDelivery.id,
			});
			expect(response.status).toBe(200);
			expect(response.text).toMatch(/Ignored/);
		});
	});

	test("the dispatcher's redelivery (same id, as Chatwoot's retries) is ignored too", async () => {
		await expectNoNewExecution(crmSync, async () => {
			const { attempt } = await chatwoot.redeliver(crmDelivery.id);
			expect(attempt.status_code).toBe(200);
		});
	});

	test('a correctly signed new delivery still runs (the refusals above were about the delivery)', async () => {
		const { body } = await chatwoot.delivery(crmDelivery.id);
		const before = await executionCount(crmSync);
		const response = await postDelivery(productionUrl(crmSync), { body: body ?? '', secret: await secretOf(crmSync) });
		expect(response.status).toBe(200);
		await n8n.finishedExecutions(crmSync.id, before + 1);
	});
});

describe('reconfiguration and deactivation', () => {
	test("changing the trigger's events and re-activating updates its webhook: same URL, new events, nothing left over", async () => {
		const before = await theWebhookOf(crmSync);
		// A PUT on a published workflow re-publishes it (n8n 2.x).
		await n8n.updateWorkflow(crmSync.id, withTriggerEvents(crmSync, ['conversation_created', 'conversation_status_changed']));
		const publication = await n8n.settledPublication(crmSync.id);
		expect(publication.status).toBe('published');

		const after = await theWebhookOf(crmSync);
		expect(after.url).toBe(before.url);
		expect([...after.subscriptions].sort()).toEqual(['conversation_created', 'conversation_status_changed']);
		expect(await chatwoot.webhooks()).toHaveLength(2);
		// n8n 2.41 re-registers a changed trigger by calling its `delete` and then `create` (the same calls,
		// with the same activation mode, as a deactivation followed by an activation), so Chatwoot's id for
		// the webhook may change; what matters to the user is that exactly one webhook serves the trigger.
		if (after.id !== before.id) expect((await chatwoot.webhooks()).some((webhook) => webhook.id === before.id)).toBe(false);
		const stored = (await n8n.getWorkflow(crmSync.id)).staticData?.[`node:${TRIGGER_NAME}`] as { webhookId?: number } | undefined;
		expect(stored?.webhookId).toBe(after.id);
	});

	test('deactivation deletes the webhooks; the dispatcher holds none afterwards', async () => {
		await n8n.deactivate(crmSync.id);
		await n8n.settledPublication(crmSync.id);
		expect(await chatwoot.webhooksAt(productionUrl(crmSync))).toEqual([]);
		await n8n.deactivate(bot.id);
		await n8n.settledPublication(bot.id);
		expect(await chatwoot.webhooks()).toEqual([]);
		const stored = (await n8n.getWorkflow(crmSync.id)).staticData?.[`node:${TRIGGER_NAME}`] as { webhookId?: number } | undefined;
		expect(stored?.webhookId).toBeUndefined();
	});
});

describe('Chatwoot Webhook node in a manual workflow', () => {
	test('creates, lists, updates, gets and deletes a webhook', async () => {
		const target = `${crmUrl}/crud-check/${randomUUID()}`;
		const manual = 'When clicking ‘Execute workflow’';
		const node = (name: string, x: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
			id: randomUUID(),
			name,
			type: WEBHOOK_NODE_TYPE,
			typeVersion: 1,
			position: [x, 0] as [number, number],
			parameters: { resource: 'webhook', ...parameters },
			credentials: { chatwootApi: credential },
			...extra,
		});
		const createdId = "={{ $('Create webhook').first().json.id }}";
		const definition: WorkflowDefinition = {
			name: 'Chatwoot Webhook node CRUD',
			settings: { executionOrder: 'v1' },
			nodes: [
				{ id: randomUUID(), name: manual, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				node('Create webhook', 200, {
					operation: 'create',
					url: target,
					events: ['conversation_created', 'message_created'],
					additionalFields: { name: 'CRUD check' },
				}),
				node('List webhooks', 400, { operation: 'getAll', returnAll: true }),
				node(
					'Update webhook',
					600,
					{ operation: 'update', webhookId: createdId, updateFields: { events: ['contact_created'], name: 'CRUD check, renamed' } },
					{ executeOnce: true },
				),
				node('Get webhook', 800, { operation: 'get', webhookId: createdId }, { executeOnce: true }),
				node('Delete webhook', 1000, { operation: 'delete', webhookId: createdId }, { executeOnce: true }),
			],
			connections: {},
		};
		const chain = [manual, 'Create webhook', 'List webhooks', 'Update webhook', 'Get webhook', 'Delete webhook'];
		for (let i = 0; i + 1 < chain.length; i++) {
			definition.connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
		}
		const workflow = await n8n.createWorkflow(definition);
		const execution = await n8n.runManually(workflow.id, manual);
		expect(execution.data?.resultData.error?.message).toBeUndefined();
		expect(execution.status).toBe('success');

		const [created] = N8n.nodeOutput(execution, 'Create webhook');
		expect(created).toMatchObject({ url: target, name: 'CRUD check', subscriptions: ['conversation_created', 'message_created'] });
		expect(typeof created.secret).toBe('string');

		const listed = N8n.nodeOutput(execution, 'List webhooks');
		expect(listed.map((webhook) => webhook.id)).toContain(created.id);

		const [updated] = N8n.nodeOutput(execution, 'Update webhook');
		expect(updated).toMatchObject({ id: created.id, url: target, name: 'CRUD check, renamed', subscriptions: ['contact_created'] });

		const [got] = N8n.nodeOutput(execution, 'Get webhook');
		expect(got).toMatchObject({ id: created.id, subscriptions: ['contact_created'] });

		expect(N8n.nodeOutput(execution, 'Delete webhook')).toEqual([{ id: created.id, deleted: true }]);
		expect(await chatwoot.webhooksAt(target)).toEqual([]);
		expect(await chatwoot.webhooks()).toEqual([]);
	});
});
