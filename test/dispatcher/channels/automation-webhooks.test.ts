import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';

/**
 * An automation rule's or macro's "Send webhook" (`POST /_dispatcher/automation_webhooks`): the
 * conversation's `webhook_data` and the event, unsigned and without a delivery id, once, logged in the
 * delivery log as `automation_webhook`.
 */
let dispatcher: TestDispatcher;
let receiver: WebhookReceiver;

beforeEach(async () => {
	dispatcher = await startTestDispatcher();
	receiver = await startWebhookReceiver();
});

afterEach(async () => {
	await dispatcher.close();
	await receiver.close();
});

async function ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await dispatcher.api<T>(method, path, body);
	if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
	return response.body;
}

async function openConversation(): Promise<number> {
	const base = `/api/v1/accounts/${dispatcher.accountId}`;
	const contact = await ok<{ payload: { contact: { id: number } } }>('POST', `${base}/contacts`, { name: 'Jane', email: `jane-${Date.now()}@example.com`, inbox_id: 1 });
	return (await ok<{ id: number }>('POST', `${base}/conversations`, { contact_id: contact.payload.contact.id, inbox_id: 1 })).id;
}

describe('automation and macro webhooks', () => {
	it('posts the conversation with the event, unsigned and without X-Chatwoot-Delivery', async () => {
		const conversation = await openConversation();
		const sent = await ok<{ id: string; event: string }>('POST', '/_dispatcher/automation_webhooks', {
			url: `${receiver.url}/rule`,
			conversation_id: conversation,
			event: 'automation_event.conversation_created',
		});
		expect(sent.event).toBe('automation_event.conversation_created');

		const [request] = await waitFor(() => (receiver.at('/rule').length ? receiver.at('/rule') : undefined), { message: () => 'nothing arrived' });
		expect(request.headers).not.toHaveProperty('x-chatwoot-signature');
		expect(request.headers).not.toHaveProperty('x-chatwoot-timestamp');
		expect(request.headers).not.toHaveProperty('x-chatwoot-delivery');
		const payload = JSON.parse(request.rawBody) as Record<string, unknown>;
		expect(payload).toMatchObject({ id: conversation, inbox_id: 1, event: 'automation_event.conversation_created' });
		expect(payload).not.toHaveProperty('changed_attributes');
		expect(Object.keys(payload).at(-1)).toBe('event');

		const [logged] = await dispatcher.waitForDeliveries((deliveries) => deliveries.some((delivery) => delivery.status === 'delivered'), {
			event: 'automation_event.conversation_created',
		});
		expect(logged).toMatchObject({ id: sent.id, webhook_type: 'automation_webhook', status: 'delivered' });
	});

	it('tries a failing URL once, as Chatwoot does', async () => {
		receiver.replyWith(() => ({ status: 500 }));
		const conversation = await openConversation();
		await ok('POST', '/_dispatcher/automation_webhooks', { url: `${receiver.url}/macro`, conversation_id: conversation, event: 'macro.executed' });
		const [logged] = await dispatcher.waitForDeliveries((deliveries) => deliveries.some((delivery) => delivery.status === 'failed'), { event: 'macro.executed' });
		expect(logged.attempts).toHaveLength(1);
		expect(receiver.at('/macro')).toHaveLength(1);
	});

	it('refuses an unknown event, a URL Chatwoot would refuse, and a conversation that does not exist', async () => {
		const conversation = await openConversation();
		const unknownEvent = await dispatcher.api('POST', '/_dispatcher/automation_webhooks', { url: `${receiver.url}/x`, conversation_id: conversation, event: 'message_created' });
		expect(unknownEvent.status).toBe(422);
		const badUrl = await dispatcher.api('POST', '/_dispatcher/automation_webhooks', { url: 'ftp://example.com', conversation_id: conversation, event: 'macro.executed' });
		expect(badUrl).toMatchObject({ status: 422, body: { message: 'Url is invalid' } });
		const missing = await dispatcher.api('POST', '/_dispatcher/automation_webhooks', { url: `${receiver.url}/x`, conversation_id: 999, event: 'macro.executed' });
		expect(missing.status).toBe(404);
		expect(receiver.received).toEqual([]);
	});
});
