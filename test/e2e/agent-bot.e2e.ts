/**
 * The trigger as a Chatwoot agent bot, in a real n8n with the dispatcher as Chatwoot: the shipped
 * examples/agent-bot.json answers a customer in a pending conversation and hands off to a human; a bot
 * secret reset in Chatwoot heals without reactivation; a forged delivery is refused. Started by
 * test/e2e/run.sh like the other checks; the checks build on each other and run in file order.
 */
import { ACCOUNT_ID, Dispatcher, type Message } from './support/dispatcher';
import { postDelivery } from './support/deliveries';
import { e2eEnvironment } from '../../testkit/n8n/environment';
import { eventually } from '../../testkit/wait-for';
import { loadExample } from './support/examples';
import { N8n, type Workflow } from '../../testkit/n8n/n8n';

const TRIGGER_TYPE = 'n8n-nodes-chatwoot-webhooks.chatwootTrigger';
const INBOX_ID = 1;

const env = e2eEnvironment();
const n8n = new N8n(env);
const chatwoot = new Dispatcher(env);

interface AgentBot {
	id: number;
	name: string;
	outgoing_url: string;
	secret: string;
}

let workflow: Workflow;

function productionUrl(): string {
	const trigger = workflow.nodes.find((node) => node.type === TRIGGER_TYPE);
	if (!trigger?.webhookId) throw new Error(`workflow ${workflow.id} has no trigger with a webhookId`);
	return `${env.n8nUrl}/webhook/${trigger.webhookId}/webhook`;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await chatwoot.raw<T>(method, `/api/v1/accounts/${ACCOUNT_ID}${path}`, body);
	if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 400)}`);
	return response.body;
}

async function botsAtOurUrl(): Promise<AgentBot[]> {
	return (await call<AgentBot[]>('GET', '/agent_bots')).filter((bot) => bot.outgoing_url === productionUrl());
}

async function conversationStatus(conversationId: number): Promise<string> {
	return (await call<{ status: string }>('GET', `/conversations/${conversationId}`)).status;
}

/** Waits for an outgoing message (REST enum 1) whose content contains `text`. */
async function reply(conversationId: number, text: string): Promise<Message> {
	return eventually(`a reply containing "${text}" in conversation ${conversationId}`, async () =>
		(await chatwoot.messages(conversationId)).find(
			(message) => (message.message_type === 1 || message.message_type === 'outgoing') && message.content.includes(text),
		),
	);
}

let customer = 0;
async function customerWritesIn(): Promise<number> {
	customer += 1;
	const { conversationId } = await chatwoot.startConversation(
		{ name: `Bot customer ${customer}`, email: `bot-customer-${customer}-${Date.now()}@example.com`, phone_number: `+1555010${customer}` },
		INBOX_ID,
	);
	return conversationId;
}

beforeAll(async () => {
	const credential = await n8n.createCredential('Chatwoot (agent bot)', 'chatwootApi', {
		baseUrl: env.dispatcherUrl,
		accountId: ACCOUNT_ID,
		apiAccessToken: env.dispatcherToken,
	});
	workflow = await n8n.createWorkflow(loadExample('agent-bot.json', { chatwootUrl: env.dispatcherUrl, crmUrl: '', credential }));
});

afterAll(async () => {
	if (workflow?.id) await n8n.deactivate(workflow.id);
});

describe('the agent-bot example in a real n8n', () => {
	test('activation creates its agent bot at the production URL and connects it to the inbox', async () => {
		await n8n.publishAndWait(workflow.id);
		const [bot] = await botsAtOurUrl();
		expect(bot).toMatchObject({ name: `n8n: ${workflow.name}`, outgoing_url: productionUrl() });
		const connected = await call<{ agent_bot?: AgentBot }>('GET', `/inboxes/${INBOX_ID}/agent_bot`);
		expect(connected.agent_bot?.id).toBe(bot.id);
	});

	test('answers an incoming message in a pending conversation', async () => {
		const conversationId = await customerWritesIn();
		expect(await conversationStatus(conversationId)).toBe('pending');
		await chatwoot.addMessage(conversationId, 'What are your opening hours?', 'incoming');
		await reply(conversationId, 'You wrote: What are your opening hours?');
		expect(await conversationStatus(conversationId)).toBe('pending');
	});

	test('hands off to a human: the conversation opens', async () => {
		const conversationId = await customerWritesIn();
		await chatwoot.addMessage(conversationId, 'Can I talk to a human please?', 'incoming');
		await reply(conversationId, 'Connecting you to a member of our team.');
		expect(await conversationStatus(conversationId)).toBe('open');
	});

	test('a bot secret reset in Chatwoot heals on the next delivery, without reactivation', async () => {
		const [bot] = await botsAtOurUrl();
		const reset = await call<AgentBot>('POST', `/agent_bots/${bot.id}/reset_secret`);
		expect(reset.secret).not.toBe(bot.secret);

		const conversationId = await customerWritesIn();
		await chatwoot.addMessage(conversationId, 'Hello after the reset', 'incoming');
		await reply(conversationId, 'You wrote: Hello after the reset');
	});

	test('a forged delivery is refused with 401 and starts nothing', async () => {
		const known = new Set((await n8n.executions(workflow.id)).map((execution) => execution.id));
		const marker = `forged-${Date.now()}`;
		const body = JSON.stringify({ id: 1, content: marker, message_type: 'incoming', event: 'message_created' });
		const response = await postDelivery(productionUrl(), { body, secret: 'NotTheBotSecret000000000' });
		expect(response.status).toBe(401);
		expect(await n8n.executionsMentioning(workflow.id, known, marker)).toEqual([]);
	});

	test('deactivation disconnects the inbox and deletes the bot it created', async () => {
		await n8n.deactivate(workflow.id);
		await eventually('the agent bot to be deleted', async () => ((await botsAtOurUrl()).length === 0 ? true : undefined));
		expect(await call<Record<string, unknown>>('GET', `/inboxes/${INBOX_ID}/agent_bot`)).toEqual({});
	});
});
