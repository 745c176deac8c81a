/**
 * The trigger's two pasted sources in a real n8n, with the dispatcher as Chatwoot: an API inbox's callback
 * URL (signed with the inbox's channel secret, pasted into a Chatwoot Webhook Secret credential) and a
 * Manual trigger taking an automation rule's unsigned "Send webhook" (Check Signature off). Nothing is
 * registered in Chatwoot for either: the URL is set on the Chatwoot side by hand, here through the API.
 */
import { randomUUID } from 'node:crypto';

import { ACCOUNT_ID, Dispatcher } from './support/dispatcher';
import { postDelivery } from './support/deliveries';
import { e2eEnvironment } from '../../testkit/n8n/environment';
import { eventually } from '../../testkit/wait-for';
import { N8n, type Workflow } from '../../testkit/n8n/n8n';

const TRIGGER_TYPE = 'n8n-nodes-chatwoot-webhooks.chatwootTrigger';
const INBOX_ID = 1;

const env = e2eEnvironment();
const n8n = new N8n(env);
const chatwoot = new Dispatcher(env);

interface ApiInbox {
	id: number;
	webhook_url: string | null;
	secret: string | null;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await chatwoot.raw<T>(method, path, body);
	if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 400)}`);
	return response.body;
}

function triggerWorkflow(name: string, parameters: Record<string, unknown>, credential?: { id: string; name: string }) {
	const webhookId = randomUUID();
	return {
		webhookId,
		definition: {
			name,
			nodes: [
				{
					id: randomUUID(),
					name: 'Chatwoot Trigger',
					type: TRIGGER_TYPE,
					typeVersion: 1.1,
					position: [0, 0] as [number, number],
					webhookId,
					parameters,
					...(credential ? { credentials: { chatwootWebhookSecretApi: credential } } : {}),
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
	};
}

async function triggerOutput(workflowId: string, count: number): Promise<Record<string, unknown>> {
	return N8n.nodeOutput(await n8n.newestFinishedExecution(workflowId, count), 'Chatwoot Trigger')[0];
}

describe('API inbox callback: the inbox secret pasted into a credential', () => {
	let workflow: Workflow;
	let url: string;

	beforeAll(async () => {
		const inbox = await call<ApiInbox>('GET', `/api/v1/accounts/${ACCOUNT_ID}/inboxes/${INBOX_ID}`);
		if (!inbox.secret) throw new Error('the API inbox shows no channel secret to an administrator');
		const credential = await n8n.createCredential('API inbox 1 secret', 'chatwootWebhookSecretApi', { secret: inbox.secret });
		const made = triggerWorkflow('API inbox callback', { source: 'apiInbox', events: ['message_created'] }, credential);
		workflow = await n8n.createWorkflow(made.definition);
		url = `${env.n8nUrl}/webhook/${made.webhookId}/webhook`;
		await n8n.publishAndWait(workflow.id);
		// What a person does in Chatwoot: the inbox's settings, Webhook URL.
		await call('PATCH', `/api/v1/accounts/${ACCOUNT_ID}/inboxes/${INBOX_ID}`, { channel: { webhook_url: url } });
	});

	afterAll(async () => {
		await call('PATCH', `/api/v1/accounts/${ACCOUNT_ID}/inboxes/${INBOX_ID}`, { channel: { webhook_url: null } }).catch(() => undefined);
		if (workflow?.id) await n8n.deactivate(workflow.id);
	});

	test('activation registers nothing in Chatwoot', async () => {
		expect(await chatwoot.webhooksAt(url)).toEqual([]);
	});

	test("a customer's message reaches the workflow through the inbox callback, verified with the channel secret", async () => {
		const before = (await n8n.executions(workflow.id)).length;
		const { conversationId } = await chatwoot.startConversation(
			{ name: 'Callback customer', email: `callback-${Date.now()}@example.com`, phone_number: '+15550199' },
			INBOX_ID,
		);
		await chatwoot.raw('POST', `/api/v1/accounts/${ACCOUNT_ID}/conversations/${conversationId}/messages`, {
			content: 'Sent through the API inbox callback',
			message_type: 'incoming',
		});
		const output = await eventually('the callback execution', async () => {
			if ((await n8n.executions(workflow.id)).length <= before) return undefined;
			const json = await triggerOutput(workflow.id, before + 1);
			return json.content === 'Sent through the API inbox callback' ? json : undefined;
		});
		expect(output.event).toBe('message_created');
		expect(output.chatwootDelivery).toMatchObject({ event: 'message_created', verified: true });
	});

	test('a delivery signed with another secret is refused with 401 and starts nothing', async () => {
		const known = new Set((await n8n.executions(workflow.id)).map((execution) => execution.id));
		const marker = `forged-${Date.now()}`;
		const response = await postDelivery(url, {
			body: JSON.stringify({ content: marker, message_type: 'incoming', inbox: { id: INBOX_ID }, event: 'message_created' }),
			secret: 'not-the-channel-secret',
		});
		expect(response.status).toBe(401);
		expect(await n8n.executionsMentioning(workflow.id, known, marker)).toEqual([]);
	});
});

describe('Manual source: an automation rule\'s unsigned "Send webhook", with Check Signature off', () => {
	let workflow: Workflow;
	let url: string;

	beforeAll(async () => {
		const made = triggerWorkflow('Automation rule webhook', {
			source: 'manual',
			events: ['automation_event.conversation_created'],
			options: { checkSignature: false },
		});
		workflow = await n8n.createWorkflow(made.definition);
		url = `${env.n8nUrl}/webhook/${made.webhookId}/webhook`;
		await n8n.publishAndWait(workflow.id);
	});

	afterAll(async () => {
		if (workflow?.id) await n8n.deactivate(workflow.id);
	});

	test('the conversation the rule sends starts the workflow, marked unverified', async () => {
		const { conversationId } = await chatwoot.startConversation(
			{ name: 'Automation customer', email: `automation-${Date.now()}@example.com`, phone_number: '+15550198' },
			INBOX_ID,
		);
		const before = (await n8n.executions(workflow.id)).length;
		await call('POST', '/_dispatcher/automation_webhooks', { url, conversation_id: conversationId, event: 'automation_event.conversation_created' });
		const output = await eventually('the automation webhook execution', async () =>
			(await n8n.executions(workflow.id)).length > before ? triggerOutput(workflow.id, before + 1) : undefined,
		);
		expect(output.event).toBe('automation_event.conversation_created');
		expect(output.id).toBe(conversationId);
		expect(output.chatwootDelivery).toMatchObject({ verified: false });
	});
});
