import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';

/**
 * An API inbox's callback (`Channel::Api#webhook_url`, `WebhookListener#deliver_api_inbox_webhooks`): set
 * by an administrator with `PATCH /inboxes/{id}` `{channel: {webhook_url}}`, it receives the inbox's
 * conversation, message and typing events whatever the account's webhooks subscribe to, each signed with
 * the channel `secret` the inbox view shows administrators, and no contact events.
 */
const AGENT_TOKEN = 'test-agent-token-not-admin';
let dispatcher: TestDispatcher;
let receiver: WebhookReceiver;

beforeEach(async () => {
	dispatcher = await startTestDispatcher({ agentToken: AGENT_TOKEN });
	receiver = await startWebhookReceiver();
});

afterEach(async () => {
	await dispatcher.close();
	await receiver.close();
});

async function call<T = Record<string, unknown>>(method: string, rest: string, body?: unknown, token = dispatcher.token): Promise<{ status: number; body: T }> {
	const response = await fetch(`${dispatcher.url}/api/v1/accounts/${dispatcher.accountId}${rest}`, {
		method,
		headers: { api_access_token: token, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function ok<T = Record<string, unknown>>(method: string, rest: string, body?: unknown): Promise<T> {
	const response = await call<T>(method, rest, body);
	if (response.status !== 200) throw new Error(`${method} ${rest} answered ${response.status}: ${JSON.stringify(response.body)}`);
	return response.body;
}

async function setCallback(url: string | null): Promise<{ webhook_url: string | null; secret: string }> {
	return await ok('PATCH', '/inboxes/1', { channel: { webhook_url: url } });
}

async function openConversation(): Promise<number> {
	const contact = await ok<{ payload: { contact: { id: number } } }>('POST', '/contacts', { name: 'Jane', email: `jane-${Date.now()}@example.com`, inbox_id: 1 });
	return (await ok<{ id: number }>('POST', '/conversations', { contact_id: contact.payload.contact.id, inbox_id: 1 })).id;
}

const eventOf = (request: ReceivedDelivery) => (JSON.parse(request.rawBody) as { event: string }).event;

async function callbackReceived(count: number): Promise<ReceivedDelivery[]> {
	return await waitFor(() => (receiver.at('/callback').length >= count ? receiver.at('/callback') : undefined), {
		message: () => `the callback received ${receiver.at('/callback').map(eventOf).join(', ') || 'nothing'}`,
	});
}

describe('setting an API inbox callback', () => {
	it('answers the inbox view with the new webhook_url and the channel secret, and show agrees', async () => {
		const updated = await setCallback(`${receiver.url}/callback`);
		expect(updated).toMatchObject({ id: 1, channel_type: 'Channel::Api', webhook_url: `${receiver.url}/callback` });
		expect(updated.secret).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
		expect(await ok('GET', '/inboxes/1')).toMatchObject({ webhook_url: `${receiver.url}/callback`, secret: updated.secret });
	});

	it('shows the secret to administrators only, and lets only administrators change the callback', async () => {
		const agentView = await call<Record<string, unknown>>('GET', '/inboxes/1', undefined, AGENT_TOKEN);
		expect(agentView.status).toBe(200);
		expect(agentView.body).not.toHaveProperty('secret');
		const refused = await call('PATCH', '/inboxes/1', { channel: { webhook_url: `${receiver.url}/callback` } }, AGENT_TOKEN);
		expect(refused).toEqual({ status: 401, body: { error: 'You are not authorized to do this action' } });
		expect((await ok<{ webhook_url: string | null }>('GET', '/inboxes/1')).webhook_url).toBeNull();
	});

	it('answers 404 for an inbox of no account of the caller', async () => {
		expect((await call('PATCH', '/inboxes/999', { channel: { webhook_url: 'https://example.com' } })).status).toBe(404);
		expect((await call('POST', '/inboxes/999/reset_secret')).status).toBe(404);
	});
});

describe('API inbox callback deliveries', () => {
	it("sends the inbox's conversation and message events, signed with the channel secret, and no contact events", async () => {
		const { secret } = await setCallback(`${receiver.url}/callback`);
		receiver.setSecret(secret, '/callback');
		const conversation = await openConversation();
		await ok('POST', `/conversations/${conversation}/messages`, { content: 'Hello', message_type: 'incoming' });

		const received = await callbackReceived(2);
		expect(received.map(eventOf)).toEqual(expect.arrayContaining(['conversation_created', 'message_created']));
		expect(received.map(eventOf)).not.toContain('contact_created');
		for (const delivery of received) {
			expect(delivery.signatureValid).toBe(true);
			expect(delivery.deliveryId).toMatch(/^[0-9a-f-]{36}$/);
		}
		const message = received.find((delivery) => eventOf(delivery) === 'message_created');
		expect(JSON.parse(message?.rawBody ?? '{}')).toMatchObject({ content: 'Hello', message_type: 'incoming', inbox: { id: 1 } });
	});

	it('signs with the reset secret from then on, and stops when the URL is removed', async () => {
		await setCallback(`${receiver.url}/callback`);
		const reset = await ok<{ secret: string }>('POST', '/inboxes/1/reset_secret');
		receiver.setSecret(reset.secret, '/callback');
		const conversation = await openConversation();
		const [first] = await callbackReceived(1);
		expect(first.signatureValid).toBe(true);

		await setCallback('');
		const before = receiver.at('/callback').length;
		// An account webhook on the same account proves events are still emitted while the callback gets none.
		await ok('POST', '/webhooks', { url: `${receiver.url}/account`, subscriptions: ['message_created'] });
		await ok('POST', `/conversations/${conversation}/messages`, { content: 'Still there?', message_type: 'incoming' });
		await waitFor(() => receiver.at('/account').length >= 1, { message: () => 'the account webhook received nothing' });
		expect(receiver.at('/callback')).toHaveLength(before);
	});
});
