import { customRetryPolicy } from '../../../src/dispatcher/delivery/retry-policy';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';
import { startPipeline, type Pipeline } from '../../support/delivery-pipeline';

describe('retries under a shortened schedule', () => {
	let receiver: WebhookReceiver;
	let pipeline: Pipeline;

	beforeEach(async () => {
		receiver = await startWebhookReceiver();
	});
	afterEach(async () => {
		await pipeline?.stop();
		await receiver.close();
	});

	it('retries a failing receiver with the same delivery id, fresh signed timestamps and every attempt logged', async () => {
		pipeline = startPipeline(customRetryPolicy({ retryDelaysMs: [200, 400, 800], timeoutMs: 2_000 }));
		const webhook = pipeline.directory.add(`${receiver.url}/hook`);
		receiver.setSecret(webhook.secret!);
		// Fails the first three attempts; the fourth (the last retry) succeeds.
		receiver.replyWith((_request, index) => (index < 3 ? { status: 500, body: 'boom' } : { status: 200, body: 'thanks' }));

		const [id] = pipeline.emit();
		const delivery = await pipeline.waitForDelivery(id, (candidate) => candidate.status === 'delivered');

		const received = receiver.at('/hook');
		expect(received).toHaveLength(4);
		expect(new Set(received.map((request) => request.deliveryId))).toEqual(new Set([id]));
		expect(received.every((request) => request.signatureValid === true)).toBe(true);
		expect(new Set(received.map((request) => request.rawBody)).size).toBe(1);
		const timestamps = received.map((request) => request.timestamp!);
		expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
		// A retry is signed anew: each attempt's signature header differs unless the second is the same.
		for (let i = 1; i < received.length; i++) {
			if (timestamps[i] !== timestamps[i - 1]) {
				expect(received[i].headers['x-chatwoot-signature']).not.toBe(received[i - 1].headers['x-chatwoot-signature']);
			}
		}

		expect(delivery.attemptCount).toBe(4);
		expect(delivery.attempts.map((attempt) => [attempt.number, attempt.trigger, attempt.statusCode])).toEqual([
			[1, 'scheduled', 500],
			[2, 'scheduled', 500],
			[3, 'scheduled', 500],
			[4, 'scheduled', 200],
		]);
		expect(delivery.attempts[0].error).toBe('500 Internal Server Error');
		expect(delivery.attempts[0].responseBody).toBe('boom');
		expect(delivery.attempts[3].error).toBeNull();
		// Each retry waited at least its scheduled delay after the previous attempt started.
		for (const [index, delay] of [200, 400, 800].entries()) {
			expect(delivery.attempts[index + 1].startedAt - delivery.attempts[index].startedAt).toBeGreaterThanOrEqual(delay);
		}
	});

	it('gives up after the last retry and says why', async () => {
		pipeline = startPipeline(customRetryPolicy({ retryDelaysMs: [50, 50], timeoutMs: 2_000 }));
		const webhook = pipeline.directory.add(`${receiver.url}/down`);
		receiver.setSecret(webhook.secret!);
		receiver.replyWith(() => ({ status: 503 }));

		const [id] = pipeline.emit();
		const delivery = await pipeline.waitForDelivery(id, (candidate) => candidate.status === 'failed');
		expect(delivery.attempts).toHaveLength(3);
		expect(delivery.statusReason).toBe('503 Service Unavailable (gave up after 3 attempts)');
		expect(delivery.nextAttemptAt).toBeNull();
		expect(receiver.at('/down')).toHaveLength(3);
	});

	it('counts a refused connection as a failure and retries it', async () => {
		pipeline = startPipeline(customRetryPolicy({ retryDelaysMs: [50], timeoutMs: 2_000 }));
		const closed = await startWebhookReceiver();
		const url = `${closed.url}/gone-away`;
		await closed.close();
		pipeline.directory.add(url);

		const [id] = pipeline.emit();
		const delivery = await pipeline.waitForDelivery(id, (candidate) => candidate.status === 'failed');
		expect(delivery.attempts).toHaveLength(2);
		expect(delivery.attempts[0].statusCode).toBeNull();
		expect(delivery.attempts[0].error).toMatch(/ECONNREFUSED/);
	});

	it('honours Retry-After on 429, clamped between the scheduled delay and twice it', async () => {
		pipeline = startPipeline(customRetryPolicy({ retryDelaysMs: [300], timeoutMs: 2_000 }));
		pipeline.directory.add(`${receiver.url}/limited`);
		receiver.replyWith((_request, index) =>
			index === 0 ? { status: 429, headers: { 'retry-after': '3600' } } : { status: 200 },
		);
		const [id] = pipeline.emit();
		const pending = await pipeline.waitForDelivery(id, (candidate) => candidate.attempts.length === 1 && candidate.status === 'pending');
		// Retry-After of an hour is cut to twice the scheduled 300 ms.
		expect(pending.nextAttemptAt! - pending.attempts[0].startedAt).toBeGreaterThanOrEqual(600);
		expect(pending.nextAttemptAt! - pending.attempts[0].startedAt).toBeLessThan(60_000);
		await pipeline.waitForDelivery(id, (candidate) => candidate.status === 'delivered');
	});

	it('sends an unsigned delivery, with only the delivery id, to a webhook without a secret', async () => {
		pipeline = startPipeline(customRetryPolicy({ retryDelaysMs: [], timeoutMs: 2_000 }));
		pipeline.directory.add(`${receiver.url}/legacy`, { secret: null });
		const [id] = pipeline.emit();
		await pipeline.waitForDelivery(id, (candidate) => candidate.status === 'delivered');
		const [request] = receiver.at('/legacy');
		expect(request.headers['x-chatwoot-delivery']).toBe(id);
		expect(request.headers['x-chatwoot-signature']).toBeUndefined();
		expect(request.headers['x-chatwoot-timestamp']).toBeUndefined();
	});

	it('sends Chatwoot headers and the bytes it signed', async () => {
		pipeline = startPipeline(customRetryPolicy({ retryDelaysMs: [], timeoutMs: 2_000 }));
		const webhook = pipeline.directory.add(`${receiver.url}/headers`);
		receiver.setSecret(webhook.secret!);
		const [id] = pipeline.emit('message_created', { content: 'a < b & c > d', event: 'message_created' });
		await waitFor(() => receiver.at('/headers').length === 1);
		const [request] = receiver.at('/headers');
		expect(request.method).toBe('POST');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers.accept).toBe('application/json');
		expect(request.headers['user-agent']).toMatch(/^chatwoot-dispatcher\/\d+\.\d+\.\d+/);
		expect(request.deliveryId).toBe(id);
		expect(request.deliveryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(request.rawBody).toBe('{"content":"a \\u003c b \\u0026 c \\u003e d","event":"message_created"}');
		expect(request.signatureValid).toBe(true);
		expect(Math.abs(request.timestamp! - Date.now() / 1000)).toBeLessThan(300);
	});
});
