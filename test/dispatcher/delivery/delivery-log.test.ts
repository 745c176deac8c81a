import { RESPONSE_BODY_LIMIT_BYTES } from '../../../src/dispatcher/store/delivery-store';
import { startTestDispatcher, TEST_TOKEN, type LoggedDelivery, type TestDispatcher } from '../../support/dispatcher';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';

describe('delivery log, redelivery and health over HTTP', () => {
	let receiver: WebhookReceiver;
	let dispatcher: TestDispatcher;
	const lines: string[] = [];

	beforeEach(async () => {
		lines.length = 0;
		receiver = await startWebhookReceiver();
		dispatcher = await startTestDispatcher({ logger: (line) => lines.push(line) });
	});
	afterEach(async () => {
		await dispatcher.close();
		await receiver.close();
	});

	it('delivers an emitted event to every subscribed webhook, signed with each webhook secret', async () => {
		const messages = await dispatcher.createWebhook(`${receiver.url}/messages`, ['message_created']);
		const everything = await dispatcher.createWebhook(`${receiver.url}/everything`);
		const contacts = await dispatcher.createWebhook(`${receiver.url}/contacts`, ['contact_created']);
		receiver.setSecret(messages.secret!, '/messages');
		receiver.setSecret(everything.secret!, '/everything');
		receiver.setSecret(contacts.secret!, '/contacts');

		const emitted = (await dispatcher.emit('message_created', { content: 'Hello from the test' })) as { deliveries: string[] };
		expect(emitted.deliveries).toHaveLength(2);
		await dispatcher.waitForDeliveries((deliveries) => deliveries.length === 2, { status: 'delivered' });

		expect(receiver.at('/contacts')).toHaveLength(0);
		for (const path of ['/messages', '/everything']) {
			const [request] = receiver.at(path);
			expect(request.signatureValid).toBe(true);
			expect(JSON.parse(request.rawBody)).toMatchObject({ content: 'Hello from the test', event: 'message_created' });
		}
		expect(new Set(receiver.received.map((request) => request.deliveryId))).toEqual(new Set(emitted.deliveries));
	});

	it('lists deliveries newest first with every attempt, filtered by webhook, event and status, a page at a time', async () => {
		const ok = await dispatcher.createWebhook(`${receiver.url}/ok`, ['message_created', 'contact_created']);
		const failing = await dispatcher.createWebhook(`${receiver.url}/failing`, ['message_created']);
		receiver.replyWith((request) => (request.path === '/failing' ? { status: 500, body: 'nope' } : { status: 200, body: 'ok' }));
		await dispatcher.emit('message_created');
		await dispatcher.emit('contact_created');
		await dispatcher.emit('message_created');
		await dispatcher.waitForDeliveries((deliveries) => deliveries.length === 5 && deliveries.every((delivery) => ['delivered', 'failed'].includes(delivery.status)));

		const byWebhook = await dispatcher.deliveries({ webhook_id: failing.id });
		expect(byWebhook).toHaveLength(2);
		expect(byWebhook.every((delivery) => delivery.status === 'failed')).toBe(true);
		// FAST_RETRY_POLICY: the first attempt and 3 retries.
		const attempts = byWebhook[0].attempts;
		expect(attempts.map((attempt) => attempt.number)).toEqual([1, 2, 3, 4]);
		expect(attempts[0]).toMatchObject({
			trigger: 'scheduled',
			url: `${receiver.url}/failing`,
			status_code: 500,
			error: '500 Internal Server Error',
			response_body: 'nope',
			response_body_truncated: false,
			redirects: [],
		});
		expect(typeof attempts[0].duration_ms).toBe('number');
		expect(Date.parse(attempts[0].started_at)).not.toBeNaN();
		expect(byWebhook[0].status_reason).toBe('500 Internal Server Error (gave up after 4 attempts)');

		expect(await dispatcher.deliveries({ event: 'contact_created' })).toHaveLength(1);
		const delivered = await dispatcher.deliveries({ status: 'delivered', webhook_id: ok.id });
		expect(delivered.map((delivery) => delivery.event)).toEqual(['message_created', 'contact_created', 'message_created']);

		const page = await dispatcher.api<{ meta: { count: number; current_page: number; limit: number }; payload: LoggedDelivery[] }>(
			'GET',
			'/_dispatcher/deliveries?limit=2&page=2',
		);
		expect(page.status).toBe(200);
		expect(page.body.meta).toEqual({ count: 5, current_page: 2, limit: 2 });
		expect(page.body.payload).toHaveLength(2);

		const invalid = await dispatcher.api('GET', '/_dispatcher/deliveries?status=lost');
		expect(invalid.status).toBe(422);
		expect(invalid.body).toMatchObject({ attributes: ['status'] });

		const one = await dispatcher.api<{ payload: LoggedDelivery }>('GET', `/_dispatcher/deliveries/${delivered[0].id}`);
		expect(one.status).toBe(200);
		expect(one.body.payload.body).toBe(receiver.at('/ok').find((request) => request.deliveryId === delivered[0].id)!.rawBody);
		const missing = await dispatcher.api('GET', '/_dispatcher/deliveries/nope');
		expect(missing).toEqual({ status: 404, body: { error: 'Resource could not be found' } });
	});

	it('keeps 20 KB of a response body', async () => {
		await dispatcher.createWebhook(`${receiver.url}/verbose`, ['message_created']);
		receiver.replyWith(() => ({ status: 200, body: 'é'.repeat(RESPONSE_BODY_LIMIT_BYTES) }));
		await dispatcher.emit('message_created');
		const [delivery] = await dispatcher.waitForDeliveries((deliveries) => deliveries[0]?.status === 'delivered');
		const attempt = delivery.attempts[0];
		expect(attempt.response_body_truncated).toBe(true);
		expect(Buffer.byteLength(attempt.response_body!.replace(/\uFFFD$/, ''), 'utf8')).toBeLessThanOrEqual(RESPONSE_BODY_LIMIT_BYTES);
		expect(attempt.response_body!.length).toBeGreaterThan(RESPONSE_BODY_LIMIT_BYTES / 2 - 2);
	});

	it('redelivers with the same delivery id as a manual attempt, and answers 404 for an unknown id', async () => {
		const webhook = await dispatcher.createWebhook(`${receiver.url}/hook`, ['conversation_created']);
		receiver.setSecret(webhook.secret!);
		const { deliveries: [id] } = (await dispatcher.emit('conversation_created')) as { deliveries: string[] };
		await dispatcher.waitForDeliveries((deliveries) => deliveries[0]?.status === 'delivered');

		const again = await dispatcher.api<{ payload: { delivery: LoggedDelivery; attempt: LoggedDelivery['attempts'][number] } }>(
			'POST',
			`/_dispatcher/deliveries/${id}/redeliver`,
		);
		expect(again.status).toBe(200);
		expect(again.body.payload.attempt).toMatchObject({ number: 2, trigger: 'manual', status_code: 200 });
		expect(again.body.payload.delivery.id).toBe(id);
		const requests = receiver.at('/hook');
		expect(requests.map((request) => request.deliveryId)).toEqual([id, id]);
		expect(requests.every((request) => request.signatureValid)).toBe(true);

		const unknown = await dispatcher.api('POST', '/_dispatcher/deliveries/6f1c3f0e-8a4b-4c2d-9e1f-0a1b2c3d4e5f/redeliver');
		expect(unknown).toEqual({ status: 404, body: { error: 'Resource could not be found' } });
	});

	it('never shows a secret, a signature or the token in the log, its API or its console lines', async () => {
		const webhook = await dispatcher.createWebhook(`${receiver.url}/hook`, ['message_created']);
		receiver.replyWith((_request, index) => (index === 0 ? { status: 500 } : { status: 200 }));
		await dispatcher.emit('message_created');
		await dispatcher.waitForDeliveries((deliveries) => deliveries[0]?.status === 'delivered');
		const signatures = receiver.received.map((request) => String(request.headers['x-chatwoot-signature']));
		const everything = [
			JSON.stringify(await dispatcher.api('GET', '/_dispatcher/deliveries?limit=500')),
			JSON.stringify(await dispatcher.api('GET', `/_dispatcher/deliveries/${receiver.received[0].deliveryId}`)),
			JSON.stringify(await dispatcher.api('GET', '/_dispatcher/health')),
			lines.join('\n'),
		].join('\n');
		expect(lines.length).toBeGreaterThanOrEqual(2);
		expect(everything).not.toContain(webhook.secret!);
		expect(everything).not.toContain(TEST_TOKEN);
		for (const signature of signatures) expect(everything).not.toContain(signature.slice('sha256='.length));
	});

	it('reports health without a token, and guards the log with the administrator token', async () => {
		const health = await fetch(`${dispatcher.url}/_dispatcher/health`);
		expect(health.status).toBe(200);
		expect(await health.json()).toEqual({
			status: 'ok',
			pending: 0,
			in_flight: 0,
			delivered: 0,
			failed: 0,
			cancelled: 0,
			retry_policy: 'custom',
		});
		const anonymous = await fetch(`${dispatcher.url}/_dispatcher/deliveries`);
		expect(anonymous.status).toBe(401);
		const agent = await fetch(`${dispatcher.url}/_dispatcher/deliveries`, { headers: { api_access_token: 'wrong' } });
		expect(agent.status).toBe(401);
		const redeliver = await fetch(`${dispatcher.url}/_dispatcher/deliveries/x/redeliver`, { method: 'POST' });
		expect(redeliver.status).toBe(401);
	});
});
