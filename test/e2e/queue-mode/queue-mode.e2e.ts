/**
 * The package in n8n's queue mode (run.sh --lane=queue): Postgres as n8n's database, Redis as its queue,
 * a main that activates workflows (production webhooks off), a worker that runs executions, and two
 * webhook processors that receive deliveries. Chatwoot (the dispatcher) is given processor A's address.
 *
 * Which process did what is read from each process's own log (debug level) and from n8n's execution data.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { CrmReceiver } from '../support/crm-receiver';
import { ACCOUNT_ID, Dispatcher } from '../support/dispatcher';
import { postDelivery } from '../support/deliveries';
import { e2eEnvironment } from '../../../testkit/n8n/environment';
import { eventually } from '../../../testkit/wait-for';
import { loadExample } from '../support/examples';
import { N8n, type Execution, type Workflow } from '../../../testkit/n8n/n8n';
import { N8nProcesses } from '../support/n8n-processes';
import { triggerUrl, waitUntilListening } from '../support/trigger-webhook';

/** How long a delivery that should start nothing is given to (wrongly) start something. */
const SETTLE_MS = 3_000;

const env = e2eEnvironment();
const n8n = new N8n(env);
const chatwoot = new Dispatcher(env);
const processes = new N8nProcesses(env);
const crm = new CrmReceiver();

let bot: Workflow;
let dedupe: Workflow;

function newestExecution(workflow: Workflow, count: number): Promise<Execution> {
	return n8n.newestFinishedExecution(workflow.id, count);
}

async function secretOf(workflow: Workflow): Promise<string> {
	const [webhook] = await chatwoot.webhooksAt(triggerUrl(workflow, processes.webhookA));
	if (!webhook?.secret) throw new Error(`no webhook with a secret for workflow ${workflow.id}`);
	return webhook.secret;
}

beforeAll(async () => {
	const crmUrl = await crm.start();
	const credential = await n8n.createCredential('Chatwoot (queue mode)', 'chatwootApi', {
		baseUrl: env.dispatcherUrl,
		accountId: ACCOUNT_ID,
		apiAccessToken: env.dispatcherToken,
	});
	const targets = { chatwootUrl: env.dispatcherUrl, crmUrl, credential };
	bot = await n8n.createWorkflow(loadExample('bot-auto-reply.json', targets));
	dedupe = await n8n.createWorkflow(loadExample('deduplicate-deliveries.json', targets));
});

afterAll(async () => {
	await crm.stop();
});

describe('activation', () => {
	test("the main registers exactly one webhook per trigger, at webhook processor A's address; no other process registers anything", async () => {
		await n8n.publishAndWait(bot.id);
		await n8n.publishAndWait(dedupe.id);
		for (const workflow of [bot, dedupe]) {
			expect(await chatwoot.webhooksAt(triggerUrl(workflow, processes.webhookA))).toHaveLength(1);
			// n8n 2.41's publication service logs `Added webhook "<node>" for workflow "<name>"`.
			expect(processes.logging('Added webhook', `for workflow "${workflow.name}"`)).toEqual(['main']);
		}
		expect((await chatwoot.webhooks()).filter((webhook) => webhook.url.startsWith(processes.webhookA))).toHaveLength(2);
		for (const workflow of [bot, dedupe]) {
			await waitUntilListening(triggerUrl(workflow, processes.webhookA));
			await waitUntilListening(triggerUrl(workflow, processes.webhookB));
		}
	});

	test('the main itself serves no production webhooks (N8N_DISABLE_PRODUCTION_MAIN_PROCESS)', async () => {
		const response = await postDelivery(triggerUrl(bot, env.n8nUrl), { body: '{}', secret: await secretOf(bot) });
		expect(response.status).toBe(404);
	});
});

describe('a delivery', () => {
	test('the bot example replies: processor A receives and verifies the delivery, the worker runs the workflow', async () => {
		const { conversationId } = await chatwoot.startConversation({
			name: 'Quinn Queue',
			email: `quinn.${Date.now()}@example.com`,
			phone_number: '+15550002222',
		});
		await chatwoot.addMessage(conversationId, 'What are your opening HOURS?', 'incoming');

		const execution = await newestExecution(bot, 1);
		expect(execution.status).toBe('success');
		const [item] = N8n.nodeOutput(execution, 'Chatwoot Trigger');
		expect(item.chatwootDelivery).toMatchObject({ event: 'message_created', verified: true, verification: 'signature' });
		const reply = await eventually('the bot reply in the conversation', async () =>
			(await chatwoot.messages(conversationId)).find((message) => message.message_type === 1 || message.message_type === 'outgoing'),
		);
		expect(reply.content).toBeTruthy();

		expect(processes.logging(`Enqueued execution ${execution.id} (`)).toEqual(['webhook-a']);
		expect(processes.logging(`Worker started execution ${execution.id} (`)).toEqual(['worker']);
		expect(processes.logging(`Worker finished execution ${execution.id} (`)).toEqual(['worker']);
	});

	test('a wrong signature is refused (401) by either processor: each loads the secret from the database', async () => {
		const known = new Set((await n8n.executions(bot.id)).map((execution) => execution.id));
		const marker = `forged-${Date.now()}`;
		const secret = await secretOf(bot);
		for (const base of [processes.webhookA, processes.webhookB]) {
			const body = JSON.stringify({ content: marker, event: 'message_created' });
			const response = await postDelivery(triggerUrl(bot, base), { body, secret, signWith: 'not-the-secret' });
			expect(response.status).toBe(401);
		}
		// A refused delivery is never queued; the wait gives a wrongly queued one the time to show up.
		await sleep(SETTLE_MS);
		expect(await n8n.executionsMentioning(bot.id, known, marker)).toEqual([]);
	});
});

describe('repeated deliveries with two webhook processors', () => {
	let deliveryId = '';
	let body = '';
	let secret = '';
	// The bot check's conversation started this workflow too: count from here.
	let before = 0;

	function crmPosts(): number {
		return crm.received.filter((request) => request.path === '/api/conversations' && request.body.chatwoot_delivery_id === deliveryId).length;
	}

	test('a new conversation reaches the CRM once (examples/deduplicate-deliveries.json)', async () => {
		before = (await n8n.executions(dedupe.id)).length;
		await chatwoot.startConversation({ name: 'Rita Repeat', email: `rita.${Date.now()}@example.com`, phone_number: '+15550003333' });
		const execution = await newestExecution(dedupe, before + 1);
		expect(execution.status).toBe('success');
		deliveryId = (N8n.nodeOutput(execution, 'Chatwoot Trigger')[0].chatwootDelivery as { id: string }).id;
		body = (await chatwoot.delivery(deliveryId)).body ?? '';
		secret = await secretOf(dedupe);
		await eventually('the CRM to receive the conversation', async () => (crmPosts() === 1 ? true : undefined));
		expect(processes.logging(`Enqueued execution ${execution.id} (`)).toEqual(['webhook-a']);
	});

	test("the same delivery id again at processor A is ignored by the trigger's memory (Chatwoot's redelivery too)", async () => {
		const response = await postDelivery(triggerUrl(dedupe, processes.webhookA), { body, secret, deliveryId });
		expect(response.status).toBe(200);
		expect(response.text).toMatch(/Ignored/);
		const { attempt } = await chatwoot.redeliver(deliveryId);
		expect(attempt.response_body ?? '').toMatch(/Ignored/);
		await sleep(SETTLE_MS);
		expect((await n8n.executions(dedupe.id)).length).toBe(before + 1);
	});

	test("at processor B it starts a second execution (the memory is per process); Remove Duplicates, in n8n's database, stops it before the CRM", async () => {
		const response = await postDelivery(triggerUrl(dedupe, processes.webhookB), { body, secret, deliveryId });
		expect(response.status).toBe(200);
		expect(response.text).not.toMatch(/Ignored/);

		const execution = await newestExecution(dedupe, before + 2);
		expect(execution.status).toBe('success');
		expect(processes.logging(`Enqueued execution ${execution.id} (`)).toEqual(['webhook-b']);
		expect(processes.logging(`Worker started execution ${execution.id} (`)).toEqual(['worker']);
		expect((N8n.nodeOutput(execution, 'Chatwoot Trigger')[0].chatwootDelivery as { id: string }).id).toBe(deliveryId);
		expect(N8n.nodeOutput(execution, 'Once per delivery')).toEqual([]);
		expect(execution.data?.resultData.runData['Send to CRM']).toBeUndefined();
		expect(crmPosts()).toBe(1);
	});
});

describe('deactivation', () => {
	test('on the main, deletes the webhooks in Chatwoot; the processors stop serving them', async () => {
		for (const workflow of [bot, dedupe]) {
			await n8n.deactivate(workflow.id);
			await n8n.settledPublication(workflow.id);
			expect(await chatwoot.webhooksAt(triggerUrl(workflow, processes.webhookA))).toEqual([]);
			expect(processes.logging('Deactivating webhook', `for workflow "${workflow.name}"`)).toEqual(['main']);
			for (const base of [processes.webhookA, processes.webhookB]) {
				await eventually(`${base} to stop serving workflow ${workflow.id}`, async () => {
					const response = await postDelivery(triggerUrl(workflow, base), { body: '{}', secret: 'any' });
					return response.status === 404 ? true : undefined;
				});
			}
		}
		expect(await chatwoot.webhooks()).toEqual([]);
	});
});
