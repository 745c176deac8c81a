import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';

/**
 * What an agent bot receives (`AgentBotListener`, `AgentBots::WebhookJob`): the events of its inboxes,
 * signed with the bot's secret; conversations that start pending; retries on 429 and 500 only; and the
 * handoff when a message delivery fails for good.
 */
let dispatcher: TestDispatcher;
let receiver: WebhookReceiver;
let bot: { id: number; secret: string };

beforeEach(async () => {
	dispatcher = await startTestDispatcher();
	receiver = await startWebhookReceiver();
	const created = await call<{ id: number; secret: string }>('POST', '/agent_bots', { name: 'Helper', outgoing_url: `${receiver.url}/bot` });
	bot = created;
	receiver.setSecret(bot.secret);
	await call('POST', '/inboxes/1/set_agent_bot', { agent_bot: bot.id });
});

afterEach(async () => {
	await dispatcher.close();
	await receiver.close();
});

async function call<T = Record<string, unknown>>(method: string, rest: string, body?: unknown): Promise<T> {
	const response = await dispatcher.api<T>(method, `/api/v1/accounts/${dispatcher.accountId}${rest}`, body);
	if (response.status !== 200) throw new Error(`${method} ${rest} answered ${response.status}: ${JSON.stringify(response.body)}`);
	return response.body;
}

async function openConversation(): Promise<{ id: number; status: string }> {
	const contact = await call<{ payload: { contact: { id: number } } }>('POST', '/contacts', { name: 'Jane', email: `jane-${Date.now()}@example.com`, inbox_id: 1 });
	return await call<{ id: number; status: string }>('POST', '/conversations', { contact_id: contact.payload.contact.id, inbox_id: 1 });
}

const eventOf = (request: ReceivedDelivery) => (JSON.parse(request.rawBody) as { event: string }).event;

async function botReceived(count: number): Promise<ReceivedDelivery[]> {
	return await waitFor(() => (receiver.at('/bot').length >= count ? receiver.at('/bot') : undefined), {
		message: () => `the bot received ${receiver.at('/bot').map(eventOf).join(', ') || 'nothing'}`,
	});
}

describe('agent bot deliveries', () => {
	it('starts conversations of its inbox as pending, and sends it no conversation_created', async () => {
		const conversation = await openConversation();
		expect(conversation.status).toBe('pending');
		await call('POST', `/conversations/${conversation.id}/messages`, { content: 'Hi', message_type: 'incoming' });
		const [first] = await botReceived(1);
		expect(eventOf(first)).toBe('message_created');
	});

	it("signs every delivery with the bot's secret, with its own delivery id, and a reset secret from then on", async () => {
		const conversation = await openConversation();
		await call('POST', `/conversations/${conversation.id}/messages`, { content: 'One', message_type: 'incoming' });
		const [first] = await botReceived(1);
		expect(first.signatureValid).toBe(true);
		expect(first.deliveryId).toMatch(/^[0-9a-f-]{36}$/);

		const reset = await call<{ secret: string }>('POST', `/agent_bots/${bot.id}/reset_secret`);
		receiver.setSecret(reset.secret);
		await call('POST', `/conversations/${conversation.id}/messages`, { content: 'Two', message_type: 'incoming' });
		const received = await waitFor(() => receiver.at('/bot').find((request) => request.rawBody.includes('"content":"Two"')));
		expect(received.signatureValid).toBe(true);
	});

	it('sends conversation_opened when a pending conversation is handed to humans, and conversation_resolved', async () => {
		const conversation = await openConversation();
		await call('POST', `/conversations/${conversation.id}/toggle_status`, { status: 'open' });
		await call('POST', `/conversations/${conversation.id}/toggle_status`, { status: 'resolved' });
		await waitFor(() => receiver.at('/bot').some((request) => eventOf(request) === 'conversation_resolved'));
		const events = receiver.at('/bot').map(eventOf);
		expect(events).toEqual(expect.arrayContaining(['conversation_status_changed', 'conversation_updated', 'conversation_opened', 'conversation_resolved']));
		const opened = receiver.at('/bot').find((request) => eventOf(request) === 'conversation_opened');
		const payload = JSON.parse(opened?.rawBody ?? '{}') as Record<string, unknown>;
		expect(payload).toMatchObject({ id: conversation.id, status: 'open', event: 'conversation_opened' });
		expect(payload).not.toHaveProperty('changed_attributes');
		expect(Object.keys(payload).at(-1)).toBe('event');
	});

	it('sends nothing for an inbox the bot is not connected to any more', async () => {
		await call('POST', '/inboxes/1/set_agent_bot', { agent_bot: null });
		// An account webhook as the witness that the message's events were fanned out.
		const witness = await dispatcher.createWebhook(`${receiver.url}/witness`, ['message_created']);
		const conversation = await openConversation();
		expect(conversation.status).toBe('open');
		await call('POST', `/conversations/${conversation.id}/messages`, { content: 'Hi', message_type: 'incoming' });
		await dispatcher.waitForDeliveries((all) => all.length === 1, { webhook_id: witness.id });
		const logged = await dispatcher.deliveries();
		expect(logged.map((delivery) => delivery.webhook_type)).toEqual(['account_webhook']);
	});

	it('retries on 500 and 429 only, three attempts in all, with the same delivery id', async () => {
		receiver.replyWith((_request, index) => (index < 2 ? { status: index === 0 ? 500 : 429, body: 'busy' } : { status: 200 }));
		const conversation = await openConversation();
		await call('POST', `/conversations/${conversation.id}/messages`, { content: 'Retry me', message_type: 'incoming' });
		const received = await botReceived(3);
		expect(new Set(received.map((request) => request.deliveryId)).size).toBe(1);
	});

	it('fails at once on another status, and hands the pending conversation to humans', async () => {
		receiver.replyWith(() => ({ status: 502, body: 'bad gateway' }));
		const conversation = await openConversation();
		await call('POST', `/conversations/${conversation.id}/messages`, { content: 'Anyone?', message_type: 'incoming' });
		await waitFor(async () => (await call<{ status: string }>('GET', `/conversations/${conversation.id}`)).status === 'open', {
			message: 'the conversation was never opened',
		});
		expect(receiver.at('/bot').filter((request) => eventOf(request) === 'message_created')).toHaveLength(1);
		const messages = await call<{ payload: Array<{ content: string; message_type: number }> }>('GET', `/conversations/${conversation.id}/messages`);
		expect(messages.payload).toContainEqual(
			expect.objectContaining({ content: 'Conversation was marked open by system due to an error with the agent bot.', message_type: 2 }),
		);
	});
});
