import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';

/**
 * An agent bot calling Chatwoot's API with its own access token: its replies are the bot's (sender
 * `agent_bot`), it may show, update, label, assign and hand off any conversation of its account, and what
 * Chatwoot keeps from bots (`BOT_ACCESSIBLE_ENDPOINTS` lacks it) answers 401.
 */
let dispatcher: TestDispatcher;
let receiver: WebhookReceiver;
let bot: { id: number; name: string; access_token: string };
let conversationId: number;

beforeAll(async () => {
	dispatcher = await startTestDispatcher();
	// A bot that answers: a failing one would have its pending conversation handed to humans.
	receiver = await startWebhookReceiver();
	bot = await asAdmin('POST', '/agent_bots', { name: 'Helper', outgoing_url: `${receiver.url}/bot` });
	await asAdmin('POST', '/inboxes/1/set_agent_bot', { agent_bot: bot.id });
	const contact = await asAdmin<{ payload: { contact: { id: number } } }>('POST', '/contacts', { name: 'Jane', inbox_id: 1 });
	conversationId = (await asAdmin<{ id: number }>('POST', '/conversations', { contact_id: contact.payload.contact.id, inbox_id: 1 })).id;
});

afterAll(async () => {
	await dispatcher.close();
	await receiver.close();
});

async function asAdmin<T = Record<string, never>>(method: string, rest: string, body?: unknown): Promise<T> {
	const response = await dispatcher.api<T>(method, `/api/v1/accounts/${dispatcher.accountId}${rest}`, body);
	if (response.status !== 200) throw new Error(`${method} ${rest} answered ${response.status}: ${JSON.stringify(response.body)}`);
	return response.body;
}

async function asBot(method: string, rest: string, body?: unknown, token = bot.access_token): Promise<{ status: number; body: unknown }> {
	const response = await fetch(`${dispatcher.url}/api/v1/accounts/${dispatcher.accountId}${rest}`, {
		method,
		headers: { api_access_token: token, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe("an agent bot's access token", () => {
	it('posts a reply that is the bot\'s, in the API and in the webhook payload', async () => {
		const witness = await dispatcher.createWebhook(`${receiver.url}/witness`, ['message_created']);
		const reply = await asBot('POST', `/conversations/${conversationId}/messages`, { content: 'I am the bot', message_type: 'outgoing' });
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({
			content: 'I am the bot',
			message_type: 1,
			sender_type: 'AgentBot',
			sender_id: bot.id,
			sender: { id: bot.id, name: 'Helper', type: 'agent_bot' },
		});
		const toWitness = (all: Awaited<ReturnType<TestDispatcher['deliveries']>>) =>
			all.filter((delivery) => delivery.webhook_type === 'account_webhook' && delivery.webhook_id === witness.id);
		const [delivery] = toWitness(await dispatcher.waitForDeliveries((all) => toWitness(all).length === 1));
		const sent = await dispatcher.api<{ payload: { body: string } }>('GET', `/_dispatcher/deliveries/${delivery.id}`);
		const payload = JSON.parse(sent.body.payload.body) as Record<string, unknown>;
		expect(payload).toMatchObject({ message_type: 'outgoing', sender: { id: bot.id, name: 'Helper', type: 'agent_bot' } });
		expect((payload.conversation as { first_reply_created_at: unknown }).first_reply_created_at).toBeNull();
	});

	it('shows the conversation, labels it, sets its priority, and hands it off to humans with toggle_status', async () => {
		const shown = await asBot('GET', `/conversations/${conversationId}`);
		expect(shown).toMatchObject({ status: 200, body: { id: conversationId, inbox_id: 1, status: 'pending' } });

		expect(await asBot('POST', `/conversations/${conversationId}/labels`, { labels: ['billing'] })).toEqual({ status: 200, body: { payload: ['billing'] } });
		expect(await asBot('GET', `/conversations/${conversationId}/labels`)).toEqual({ status: 200, body: { payload: ['billing'] } });
		expect((await asBot('POST', `/conversations/${conversationId}/toggle_priority`, { priority: 'high' })).status).toBe(200);

		const handoff = await asBot('POST', `/conversations/${conversationId}/toggle_status`, { status: 'open' });
		expect(handoff).toMatchObject({ status: 200, body: { payload: { success: true, conversation_id: conversationId, current_status: 'open' } } });
		const state = await asAdmin<{ status: string; priority: string; labels: string[] }>('GET', `/conversations/${conversationId}`);
		expect(state).toMatchObject({ status: 'open', priority: 'high', labels: ['billing'] });
		// Chatwoot's `bot_handoff!` tells the bot too.
		const opened = await dispatcher.waitForDeliveries((all) => all.length > 0, { event: 'conversation_opened' });
		expect(opened.map((delivery) => delivery.webhook_type)).toEqual(['agent_bot_webhook']);
	});

	it('updates the priority and custom attributes, and assigns the conversation to a team and an agent', async () => {
		expect((await asBot('PATCH', `/conversations/${conversationId}`, { priority: 'low' })).body).toMatchObject({ priority: 'low' });
		expect(await asBot('POST', `/conversations/${conversationId}/custom_attributes`, { custom_attributes: { plan: 'gold' } })).toEqual({
			status: 200,
			body: { custom_attributes: { plan: 'gold' } },
		});
		expect(await asBot('POST', `/conversations/${conversationId}/assignments`, { team_id: 1 })).toMatchObject({ status: 200, body: { id: 1, name: 'enterprise' } });
		expect(await asBot('POST', `/conversations/${conversationId}/assignments`, { assignee_id: 2 })).toMatchObject({ status: 200, body: { id: 2 } });
		const state = await asAdmin<Record<string, unknown>>('GET', `/conversations/${conversationId}`);
		expect(state).toMatchObject({ priority: 'low', custom_attributes: { plan: 'gold' }, meta: { assignee: { id: 2 }, team: { id: 1 } } });
	});

	it('answers 404 for a conversation of its account that does not exist', async () => {
		expect((await asBot('GET', '/conversations/999999')).status).toBe(404);
	});

	it.each([
		['GET', '/conversations'],
		['GET', '/conversations/CONVERSATION/messages'],
		['GET', '/webhooks'],
		['GET', '/agent_bots'],
		['POST', '/contacts'],
	])('is refused on %s %s', async (method, rest) => {
		expect(await asBot(method, rest.replace('CONVERSATION', String(conversationId)), method === 'GET' ? undefined : {})).toEqual({
			status: 401,
			body: { error: 'Access to this endpoint is not authorized for bots' },
		});
	});

	it('stops working once reset', async () => {
		const old = bot.access_token;
		const reset = await asAdmin<{ access_token: string }>('POST', `/agent_bots/${bot.id}/reset_access_token`);
		const reply = { content: 'Still me', message_type: 'outgoing' };
		expect(await asBot('POST', `/conversations/${conversationId}/messages`, reply, old)).toEqual({ status: 401, body: { error: 'Invalid Access Token' } });
		expect((await asBot('POST', `/conversations/${conversationId}/messages`, reply, reset.access_token)).status).toBe(200);
	});
});
