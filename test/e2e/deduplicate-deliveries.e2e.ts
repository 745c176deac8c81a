/**
 * examples/deduplicate-deliveries.json in one n8n process: the trigger's repeat memory lives in the
 * process and a restart forgets it; n8n's Remove Duplicates node keeps delivery ids in n8n's database, so a
 * delivery repeated after a restart starts an execution that stops before the CRM. (The queue lane checks
 * the same recipe across two webhook processors.)
 */
import { CrmReceiver } from './support/crm-receiver';
import { ACCOUNT_ID, Dispatcher } from './support/dispatcher';
import { postDelivery } from './support/deliveries';
import { e2eEnvironment } from '../../testkit/n8n/environment';
import { eventually } from '../../testkit/wait-for';
import { loadExample } from './support/examples';
import { N8n, type Execution, type Workflow } from '../../testkit/n8n/n8n';
import { TRIGGER_TYPE, triggerUrl, waitUntilListening } from './support/trigger-webhook';

const env = e2eEnvironment();
const n8n = new N8n(env);
const chatwoot = new Dispatcher(env);
const crm = new CrmReceiver();

let workflow: Workflow;
let url = '';

/** What reached the CRM from this example (its own path), per Chatwoot delivery id. */
function crmPostsFor(deliveryId: string): number {
	return crm.received.filter((request) => request.path === '/api/conversations' && request.body.chatwoot_delivery_id === deliveryId).length;
}

function newestExecution(count: number): Promise<Execution> {
	return n8n.newestFinishedExecution(workflow.id, count);
}

beforeAll(async () => {
	const crmUrl = await crm.start();
	const credential = await n8n.createCredential('Chatwoot (dedupe example)', 'chatwootApi', {
		baseUrl: env.dispatcherUrl,
		accountId: ACCOUNT_ID,
		apiAccessToken: env.dispatcherToken,
	});
	workflow = await n8n.createWorkflow(loadExample('deduplicate-deliveries.json', { chatwootUrl: env.dispatcherUrl, crmUrl, credential }));
	url = triggerUrl(workflow, env.n8nUrl);
});

afterAll(async () => {
	if (workflow) {
		await n8n.deactivate(workflow.id);
		await n8n.settledPublication(workflow.id);
	}
	await crm.stop();
});

describe('each delivery once, across a restart (examples/deduplicate-deliveries.json)', () => {
	let deliveryId = '';
	let body = '';
	let secret = '';

	test('the example activates with its trigger at version 1.1 and registers one webhook', async () => {
		expect(workflow.nodes.find((node) => node.type === TRIGGER_TYPE)?.typeVersion).toBe(1.1);
		await n8n.publishAndWait(workflow.id);
		const webhooks = await chatwoot.webhooksAt(url);
		expect(webhooks).toHaveLength(1);
		secret = webhooks[0].secret ?? '';
		expect(secret).toBeTruthy();
		await waitUntilListening(url);
	});

	test('a new conversation reaches the CRM once, with its delivery id', async () => {
		await chatwoot.startConversation({ name: 'Dee Dupe', email: `dee.${Date.now()}@example.com`, phone_number: '+15550001111' });
		const execution = await newestExecution(1);
		expect(execution.status).toBe('success');
		const [item] = N8n.nodeOutput(execution, 'Chatwoot Trigger');
		deliveryId = (item.chatwootDelivery as { id: string }).id;
		body = (await chatwoot.delivery(deliveryId)).body ?? '';
		expect(body).toContain('conversation_created');
		await eventually('the CRM to receive the conversation', async () => (crmPostsFor(deliveryId) === 1 ? true : undefined));
	});

	test("after a restart the trigger's memory is empty and the repeat starts an execution; Remove Duplicates stops it before the CRM", async () => {
		await n8n.restart();
		await waitUntilListening(url);
		const response = await postDelivery(url, { body, secret, deliveryId });
		expect(response.status).toBe(200);
		expect(response.text).not.toMatch(/Ignored/);

		const execution = await newestExecution(2);
		expect(execution.status).toBe('success');
		expect((N8n.nodeOutput(execution, 'Chatwoot Trigger')[0].chatwootDelivery as { id: string }).id).toBe(deliveryId);
		expect(N8n.nodeOutput(execution, 'Once per delivery')).toEqual([]);
		expect(execution.data?.resultData.runData['Send to CRM']).toBeUndefined();
		expect(crmPostsFor(deliveryId)).toBe(1);
	});
});
