import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';

/**
 * The API the playground page stands on, over real HTTP: each thing the page can do, done without it.
 */
let dispatcher: TestDispatcher;
let receiver: WebhookReceiver;
let webhookId: number;
let secret: string;

interface DeliveryDetail {
	id: string;
	body: string;
	conversation_id: number | null;
	attempts: Array<{ status_code: number | null; reading: { outcome: string; summary: string }; request: { headers: Record<string, string>; signed_string: string | null } }>;
}

async function firstDelivery(event: string): Promise<DeliveryDetail> {
	const [summary] = await dispatcher.waitForDeliveries((list) => list.some((delivery) => delivery.status === 'delivered'), { event, status: 'delivered' });
	const detail = await dispatcher.api<{ payload: DeliveryDetail }>('GET', `/_dispatcher/deliveries/${summary.id}`);
	return detail.body.payload;
}

beforeAll(async () => {
	receiver = await startWebhookReceiver();
	receiver.replyWith(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"message":"Workflow was started"}' }));
	dispatcher = await startTestDispatcher();
	const webhook = await dispatcher.createWebhook(`${receiver.url}/webhook/abc/webhook`, ['conversation_created', 'message_created']);
	webhookId = webhook.id;
	secret = webhook.secret as string;
	receiver.setSecret(secret);
});

afterAll(async () => {
	await dispatcher.close();
	await receiver.close();
});

describe('without the token', () => {
	test.each([
		['GET', '/_dispatcher/connection'],
		['GET', '/_dispatcher/stream'],
		['GET', '/_dispatcher/events'],
		['GET', '/_dispatcher/webhooks'],
		['GET', '/_dispatcher/bot_loop?conversation_id=1'],
		['POST', '/_dispatcher/deliveries/00000000-0000-4000-8000-000000000000/resend'],
		['POST', '/_dispatcher/deliveries/00000000-0000-4000-8000-000000000000/variants'],
		['GET', '/_dispatcher/deliveries/00000000-0000-4000-8000-000000000000/curl'],
	])('%s %s answers 401', async (method, path) => {
		const response = await fetch(dispatcher.url + path, { method });
		expect(response.status).toBe(401);
		await response.body?.cancel();
	});
});

test('the connection tells what n8n\'s credential needs', async () => {
	const answer = await dispatcher.api<{ payload: Record<string, unknown> }>('GET', '/_dispatcher/connection');
	expect(answer.body.payload).toMatchObject({ base_url: dispatcher.url, account_id: dispatcher.accountId, account_name: 'Acme' });
	expect(JSON.stringify(answer.body)).not.toContain(dispatcher.token);
});

test('a delivery shows the headers it was sent with and the exact string that was signed', async () => {
	await dispatcher.emit('conversation_created');
	const delivery = await firstDelivery('conversation_created');
	const received = receiver.received.find((request) => request.deliveryId === delivery.id);
	expect(received?.signatureValid).toBe(true);
	const [attempt] = delivery.attempts;
	expect(attempt.request.signed_string).toBe(`${received?.timestamp}.${received?.rawBody}`);
	// The signature is shown shortened: enough to compare with what the receiver got, not enough to replay.
	const signature = String(received?.headers['x-chatwoot-signature']);
	expect(attempt.request.headers['X-Chatwoot-Signature']).toBe(`${signature.slice(0, 15)}… (shortened)`);
	expect(attempt.request.headers['User-Agent']).toBe(received?.headers['user-agent']);
	expect(attempt.reading).toEqual({ outcome: 'started', summary: 'Workflow started' });
});

test('send again as new: a new delivery id, the same bytes', async () => {
	const original = await firstDelivery('conversation_created');
	const answer = await dispatcher.api<{ payload: { id: string; body: string } }>('POST', `/_dispatcher/deliveries/${original.id}/resend`);
	expect(answer.status).toBe(200);
	expect(answer.body.payload.id).not.toBe(original.id);
	const copy = await waitFor(() => receiver.received.find((request) => request.deliveryId === answer.body.payload.id));
	expect(copy.rawBody).toBe(original.body);
	expect(copy.signatureValid).toBe(true);
});

test('bad variants reach the receiver wrong in the way they say, and stay out of the log', async () => {
	const original = await firstDelivery('conversation_created');
	const before = (await dispatcher.api<{ payload: DeliveryDetail }>('GET', `/_dispatcher/deliveries/${original.id}`)).body.payload.attempts.length;
	for (const variant of ['wrong_secret', 'stale_timestamp', 'body_only_signature', 'missing_headers']) {
		const count = receiver.received.length;
		const answer = await dispatcher.api<{ payload: { status_code: number; request: { headers: Record<string, string> } } }>(
			'POST',
			`/_dispatcher/deliveries/${original.id}/variants`,
			{ variant },
		);
		expect(answer.status).toBe(200);
		expect(answer.body.payload.status_code).toBe(200);
		const sent = receiver.received[count];
		expect(sent.rawBody).toBe(original.body);
		if (variant === 'missing_headers') expect(sent.headers['x-chatwoot-signature']).toBeUndefined();
		else if (variant === 'stale_timestamp') expect(Date.now() / 1000 - Number(sent.timestamp)).toBeGreaterThan(3000);
		else expect(sent.signatureValid).toBe(false);
	}
	const after = (await dispatcher.api<{ payload: DeliveryDetail }>('GET', `/_dispatcher/deliveries/${original.id}`)).body.payload.attempts.length;
	expect(after).toBe(before);
	const refused = await dispatcher.api('POST', `/_dispatcher/deliveries/${original.id}/variants`, { variant: 'nonsense' });
	expect(refused.status).toBe(422);
});

test('the signed curl command, run, is accepted by a receiver that checks the signature', async () => {
	const original = await firstDelivery('conversation_created');
	const command = await dispatcher.api<string>('GET', `/_dispatcher/deliveries/${original.id}/curl`);
	expect(command.status).toBe(200);
	const count = receiver.received.length;
	await promisify(execFile)('sh', ['-c', command.body]);
	const sent = receiver.received[count];
	expect(sent.deliveryId).toBe(original.id);
	expect(sent.rawBody).toBe(original.body);
	expect(sent.signatureValid).toBe(true);
});

test('the event catalogue has the 12 events with fixtures and n8n pinned data; an event goes to one webhook when asked', async () => {
	const catalogue = await dispatcher.api<{ payload: Array<{ name: string; fixture: Record<string, unknown>; pinned_data: Array<Record<string, unknown>> }> }>('GET', '/_dispatcher/events');
	expect(catalogue.body.payload.map((event) => event.name)).toHaveLength(12);
	const typing = catalogue.body.payload.find((event) => event.name === 'conversation_typing_on');
	expect(typing?.fixture.event).toBe('conversation_typing_on');
	expect(typing?.pinned_data[0]).toMatchObject({ event: 'conversation_typing_on', chatwootDelivery: { event: 'conversation_typing_on', verified: true } });

	const other = await dispatcher.createWebhook(`${receiver.url}/webhook/other/webhook`, ['conversation_typing_on']);
	const toOne = await dispatcher.api<{ deliveries: string[] }>('POST', '/_dispatcher/events', { event: 'conversation_typing_on', webhook_id: webhookId });
	expect(toOne.body.deliveries).toHaveLength(1);
	const [delivery] = await dispatcher.waitForDeliveries((list) => list.length === 1, { event: 'conversation_typing_on' });
	expect(delivery.webhook_id).toBe(webhookId);
	const toAll = await dispatcher.api<{ deliveries: string[] }>('POST', '/_dispatcher/events', { event: 'conversation_typing_on' });
	expect(toAll.body.deliveries).toHaveLength(1);
	expect((await dispatcher.deliveries({ event: 'conversation_typing_on', webhook_id: other.id }))).toHaveLength(1);
});

test('the webhooks list tells where each webhook points and how its deliveries fare', async () => {
	const answer = await dispatcher.api<{ payload: Array<{ webhook: { id: number; secret: string }; url_kind: string; stats: Record<string, unknown> }> }>('GET', '/_dispatcher/webhooks');
	const mine = answer.body.payload.find((item) => item.webhook.id === webhookId);
	expect(mine?.url_kind).toBe('n8n production');
	expect(mine?.webhook.secret).toBe(secret);
	expect(mine?.stats).toMatchObject({ failed: 0, success_rate: 1, last_error: null });
	expect(mine?.stats.delivered).toBeGreaterThan(0);
});
