import { customRetryPolicy } from '../../../src/dispatcher/delivery/retry-policy';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';
import { startPipeline, type Pipeline } from '../../support/delivery-pipeline';

// Documented rules with a schedule in milliseconds: retries, 410 disables, 5 failed deliveries in a row disable.
const fast = customRetryPolicy({ retryDelaysMs: [20, 20], timeoutMs: 2_000 });

describe('disabling a webhook that keeps failing', () => {
	let receiver: WebhookReceiver;
	let pipeline: Pipeline;

	beforeEach(async () => {
		receiver = await startWebhookReceiver();
	});
	afterEach(async () => {
		await pipeline?.stop();
		await receiver.close();
	});

	it('disables after 5 deliveries in a row failed every attempt, says why, and cancels what is left', async () => {
		pipeline = startPipeline(fast, { start: false });
		const webhook = pipeline.directory.add(`${receiver.url}/broken`);
		receiver.replyWith(() => ({ status: 502 }));
		const failing = Array.from({ length: 5 }, () => pipeline.emit()[0]);
		pipeline.worker.start();
		for (const id of failing) await pipeline.waitForDelivery(id, (delivery) => delivery.status === 'failed');
		const disabled = await waitFor(() => pipeline.directory.find(webhook.id)!.disabledReason);
		expect(disabled).toBe(
			'Disabled by the dispatcher: 5 deliveries in a row failed every attempt; the last one: 502 Bad Gateway',
		);
		expect(pipeline.log.some((line) => line.startsWith(`Webhook ${webhook.id} disabled`))).toBe(true);
		// A disabled webhook is no longer subscribed: a new event creates no delivery for it.
		expect(pipeline.emit()).toEqual([]);
	});

	it('counts failed deliveries in a row: a success starts the count again', async () => {
		pipeline = startPipeline(fast);
		const webhook = pipeline.directory.add(`${receiver.url}/flaky`);
		receiver.replyWith((request) => (JSON.parse(request.rawBody).ok ? { status: 200 } : { status: 500 }));
		const settle = async (count: number, ok: boolean, status: string) => {
			const ids = Array.from({ length: count }, () => pipeline.emit('message_created', { ok, event: 'message_created' })[0]);
			for (const id of ids) await pipeline.waitForDelivery(id, (delivery) => delivery.status === status);
		};
		await settle(4, false, 'failed');
		await settle(1, true, 'delivered');
		await settle(4, false, 'failed');
		expect(pipeline.directory.find(webhook.id)!.disabledReason).toBeNull();
		await settle(1, false, 'failed');
		expect(pipeline.directory.find(webhook.id)!.disabledReason).toMatch(/^Disabled by the dispatcher: 5 deliveries in a row failed/);
	});

	it('disables at once on 410 Gone and cancels the pending deliveries with the reason', async () => {
		pipeline = startPipeline(customRetryPolicy({ retryDelaysMs: [60_000], timeoutMs: 2_000 }), { start: false });
		const webhook = pipeline.directory.add(`${receiver.url}/gone`);
		receiver.replyWith((request) => (JSON.parse(request.rawBody).id === 1 ? { status: 410 } : { status: 500 }));
		const [gone] = pipeline.emit();
		const [waiting] = pipeline.emit();
		pipeline.worker.start();
		const failed = await pipeline.waitForDelivery(gone, (delivery) => delivery.status === 'failed');
		expect(failed.attempts).toHaveLength(1);
		expect(failed.statusReason).toBe('410 Gone: the endpoint is gone');
		expect(pipeline.directory.find(webhook.id)!.disabledReason).toBe(
			`Disabled by the dispatcher: the endpoint answered 410 Gone (delivery ${gone})`,
		);
		const cancelled = await pipeline.waitForDelivery(waiting, (delivery) => delivery.status === 'cancelled');
		expect(cancelled.statusReason).toBe(`Webhook ${webhook.id} is disabled: Disabled by the dispatcher: the endpoint answered 410 Gone (delivery ${gone})`);
		expect(cancelled.nextAttemptAt).toBeNull();
	});

	it('cancels the pending deliveries of a webhook that was deleted, saying so', async () => {
		pipeline = startPipeline(customRetryPolicy({ retryDelaysMs: [60_000], timeoutMs: 2_000 }));
		const webhook = pipeline.directory.add(`${receiver.url}/deleted`);
		receiver.replyWith(() => ({ status: 500 }));
		const [id] = pipeline.emit();
		await pipeline.waitForDelivery(id, (delivery) => delivery.status === 'pending' && delivery.attempts.length === 1);
		pipeline.directory.webhooks.delete(webhook.id);
		const cancelled = await pipeline.waitForDelivery(id, (delivery) => delivery.status === 'cancelled');
		expect(cancelled.statusReason).toBe(`Webhook ${webhook.id} was deleted`);
	});

	it('cancels a due delivery whose webhook was disabled elsewhere before it was sent', async () => {
		pipeline = startPipeline(fast, { start: false });
		const webhook = pipeline.directory.add(`${receiver.url}/off`);
		const [id] = pipeline.emit();
		pipeline.directory.disable(webhook.id, 'switched off by hand');
		pipeline.worker.start();
		const cancelled = await pipeline.waitForDelivery(id, (delivery) => delivery.status === 'cancelled');
		expect(cancelled.statusReason).toBe(`Webhook ${webhook.id} is disabled: switched off by hand`);
		expect(receiver.received).toHaveLength(0);
	});
});
