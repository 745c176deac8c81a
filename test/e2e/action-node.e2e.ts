/**
 * The Chatwoot action node in a real n8n, with the dispatcher as Chatwoot: n8n offers it as an AI Agent
 * tool, and the team-routing example routes new conversations to the Enterprise or the Standard team and
 * labels them, which the dispatcher shows in the conversation and in its conversation_updated deliveries.
 * Started by test/e2e/run.sh; it shares that run's n8n and dispatcher and removes what it created.
 */
import { CrmReceiver } from './support/crm-receiver';
import { ACCOUNT_ID, Dispatcher, type Delivery } from './support/dispatcher';
import { e2eEnvironment } from '../../testkit/n8n/environment';
import { eventually } from '../../testkit/wait-for';
import { loadExample } from './support/examples';
import { N8n, type Workflow } from '../../testkit/n8n/n8n';

const PACKAGE = 'n8n-nodes-chatwoot-webhooks';

const env = e2eEnvironment();
const n8n = new N8n(env);
const chatwoot = new Dispatcher(env);

const crm = new CrmReceiver();
let credential = { id: '', name: 'Chatwoot (dispatcher, action node)' };
let routing: Workflow;
let crmSync: Workflow;
/** A webhook that only records conversation_updated in the dispatcher's delivery log (nobody listens). */
let observerId: number;

interface Conversation {
	id: number;
	labels: string[];
	meta: { team?: { id: number; name: string }; assignee?: unknown };
}

async function conversation(id: number): Promise<Conversation> {
	const response = await chatwoot.raw<Conversation>('GET', `/api/v1/accounts/${ACCOUNT_ID}/conversations/${id}`);
	expect(response.status).toBe(200);
	return response.body;
}

/** The bodies of the observer's conversation_updated deliveries for one conversation. */
async function updatesOf(conversationId: number): Promise<Array<Record<string, unknown>>> {
	const bodies: Array<Record<string, unknown>> = [];
	for (const summary of await chatwoot.deliveries({ webhookId: observerId, event: 'conversation_updated' })) {
		const delivery: Delivery = await chatwoot.delivery(summary.id);
		const body = JSON.parse(delivery.body ?? '{}') as Record<string, unknown>;
		if (body.id === conversationId) bodies.push(body);
	}
	return bodies;
}

function changedKeys(body: Record<string, unknown>): string[] {
	return (body.changed_attributes as Array<Record<string, unknown>>).map((change) => Object.keys(change)[0]);
}

async function nodeTypeNames(): Promise<string[]> {
	const login = await fetch(`${env.n8nUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: env.ownerEmail, password: env.ownerPassword }),
	});
	const cookie = login.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='))?.split(';')[0];
	if (!cookie) throw new Error(`n8n login failed: ${login.status}`);
	const response = await fetch(`${env.n8nUrl}/types/nodes.json`, { headers: { cookie } });
	expect(response.status).toBe(200);
	return ((await response.json()) as Array<{ name: string }>).map((type) => type.name);
}

beforeAll(async () => {
	credential = await n8n.createCredential(credential.name, 'chatwootApi', {
		baseUrl: env.dispatcherUrl,
		accountId: ACCOUNT_ID,
		apiAccessToken: env.dispatcherToken,
	});
	const observer = await chatwoot.raw<{ payload: { webhook: { id: number } } }>('POST', `/api/v1/accounts/${ACCOUNT_ID}/webhooks`, {
		webhook: { url: 'http://127.0.0.1:9/observer', subscriptions: ['conversation_updated'] },
	});
	expect(observer.status).toBe(200);
	observerId = observer.body.payload.webhook.id;
});

afterAll(async () => {
	for (const workflow of [routing, crmSync]) {
		if (!workflow) continue;
		await n8n.deactivate(workflow.id);
		await n8n.settledPublication(workflow.id);
	}
	await chatwoot.raw('DELETE', `/api/v1/accounts/${ACCOUNT_ID}/webhooks/${observerId}`);
	await crm.stop();
});

test('n8n offers the Chatwoot node and its AI Agent tool variant', async () => {
	const names = await nodeTypeNames();
	expect(names).toEqual(expect.arrayContaining([`${PACKAGE}.chatwoot`, `${PACKAGE}.chatwootTool`]));
});

test('the team-routing example imports as shipped and activates', async () => {
	routing = await n8n.createWorkflow(loadExample('team-routing.json', { chatwootUrl: env.dispatcherUrl, crmUrl: 'http://127.0.0.1:9', credential }));
	await n8n.publishAndWait(routing.id);
	expect((await n8n.settledPublication(routing.id)).status).toBe('published');
});

test('an enterprise customer’s new conversation goes to the Enterprise team and is labelled', async () => {
	const { conversationId } = await chatwoot.startConversation({
		name: 'Erin Enterprise',
		email: `erin.${Date.now()}@bigcorp.example`,
		phone_number: '+15550101010',
	});
	const routed = await eventually('the conversation to be routed and labelled', async () => {
		const current = await conversation(conversationId);
		return current.meta.team && current.labels.length > 0 ? current : undefined;
	});
	expect(routed.meta.team).toMatchObject({ id: 1, name: 'enterprise' });
	expect(routed.labels).toEqual(['enterprise']);

	const updates = await eventually('both conversation_updated deliveries', async () => {
		const found = await updatesOf(conversationId);
		return found.length >= 2 ? found : undefined;
	});
	expect(updates).toHaveLength(2);
	const teamSet = updates.find((body) => changedKeys(body).includes('team_id'));
	const labelled = updates.find((body) => changedKeys(body).includes('label_list'));
	expect(teamSet && changedKeys(teamSet)).toEqual(['updated_at', 'team_id']);
	expect(labelled && changedKeys(labelled)).toEqual(['updated_at', 'cached_label_list', 'label_list']);
	// Labelled after routing: the payload carries the team.
	expect(labelled?.meta).toMatchObject({ team: { id: 1, name: 'enterprise' } });
	expect(labelled?.labels).toEqual(['enterprise']);
});

test('anyone else’s goes to the Standard team', async () => {
	const { conversationId } = await chatwoot.startConversation({
		name: 'Sam Small',
		email: `sam.${Date.now()}@example.com`,
		phone_number: '+15550202020',
	});
	const routed = await eventually('the conversation to be routed and labelled', async () => {
		const current = await conversation(conversationId);
		return current.meta.team && current.labels.length > 0 ? current : undefined;
	});
	expect(routed.meta.team).toMatchObject({ id: 2, name: 'standard' });
	expect(routed.labels).toEqual(['standard']);
	const executions = await n8n.finishedExecutions(routing.id, 2);
	expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
});

test('the CRM example leaves the agents a private note with the CRM record, through the Chatwoot node', async () => {
	const crmUrl = await crm.start();
	crmSync = await n8n.createWorkflow(loadExample('crm-sync.json', { chatwootUrl: env.dispatcherUrl, crmUrl, credential }));
	await n8n.publishAndWait(crmSync.id);
	const email = `nora.${Date.now()}@example.com`;
	const { conversationId } = await chatwoot.startConversation({ name: 'Nora Note', email, phone_number: '+15550303030' });
	const record = await eventually('the CRM to receive the contact', async () => {
		const index = crm.received.findIndex((request) => request.body.email === email);
		return index === -1 ? undefined : index + 1;
	});
	const note = await eventually('the private note in the conversation', async () =>
		(await chatwoot.messages(conversationId)).find((message) => message.private === true),
	);
	expect(note.content).toBe(`Contact synced to the CRM (record ${record}).`);
});
