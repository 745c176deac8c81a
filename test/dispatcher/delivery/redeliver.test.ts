import { RedeliveryError } from '../../../src/dispatcher/delivery/delivery-worker';
import { customRetryPolicy } from '../../../src/dispatcher/delivery/retry-policy';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { startPipeline, type Pipeline } from '../../support/delivery-pipeline';

describe('redelivery', () => {
	let receiver: WebhookReceiver;
	let pipeline: Pipeline;

	beforeEach(async () => {
		receiver = await startWebhookReceiver();
		pipeline = startPipeline(customRetryPolicy({ retryDelaysMs: [], timeoutMs: 2_000 }));
	});
	afterEach(async () => {
		await pipeline.stop();
		await receiver.close();
	});

	it('re-sends the same bytes with the same delivery id and a fresh signature, as a manual attempt', async () => {
		const webhook = pipeline.directory.add(`${receiver.url}/hook`);
		receiver.setSecret(webhook.secret!);
		const [id] = pipeline.emit();
		await pipeline.waitForDelivery(id, (delivery) => delivery.status === 'delivered');

		const { delivery, attempt } = await pipeline.worker.redeliver(id);
		expect(attempt).toMatchObject({ number: 2, trigger: 'manual', statusCode: 200, error: null });
		expect(delivery.status).toBe('delivered');
		expect(delivery.attempts.map((each) => each.trigger)).toEqual(['scheduled', 'manual']);

		const [first, second] = receiver.at('/hook');
		expect(second.deliveryId).toBe(id);
		expect(second.rawBody).toBe(first.rawBody);
		expect(second.signatureValid).toBe(true);
		expect(second.timestamp!).toBeGreaterThanOrEqual(first.timestamp!);
	});

	it('delivers a failed delivery when the redelivery succeeds, and never retries a failed redelivery', async () => {
		pipeline.directory.add(`${receiver.url}/hook`);
		receiver.replyWith(() => ({ status: 500, body: 'still broken' }));
		const [id] = pipeline.emit();
		await pipeline.waitForDelivery(id, (delivery) => delivery.status === 'failed');

		const again = await pipeline.worker.redeliver(id);
		expect(again.attempt).toMatchObject({ trigger: 'manual', statusCode: 500, error: '500 Internal Server Error', responseBody: 'still broken' });
		expect(again.delivery.status).toBe('failed');
		expect(again.delivery.nextAttemptAt).toBeNull();

		receiver.replyWith(() => ({ status: 202 }));
		const fixed = await pipeline.worker.redeliver(id);
		expect(fixed.delivery.status).toBe('delivered');
		expect(fixed.delivery.statusReason).toBeNull();
		expect(fixed.delivery.attempts.map((attempt) => attempt.number)).toEqual([1, 2, 3]);
	});

	it('refuses an unknown delivery (404), a deleted webhook and a disabled one (409)', async () => {
		await expect(pipeline.worker.redeliver('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
			status: 404,
			message: 'Resource could not be found',
		});
		const webhook = pipeline.directory.add(`${receiver.url}/hook`);
		const [id] = pipeline.emit();
		await pipeline.waitForDelivery(id, (delivery) => delivery.status === 'delivered');

		pipeline.directory.disable(webhook.id, 'paused');
		await expect(pipeline.worker.redeliver(id)).rejects.toThrow(RedeliveryError);
		await expect(pipeline.worker.redeliver(id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('is disabled (paused)') });

		pipeline.directory.webhooks.delete(webhook.id);
		await expect(pipeline.worker.redeliver(id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('was deleted') });
	});
});
