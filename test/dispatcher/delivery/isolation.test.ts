import { customRetryPolicy } from '../../../src/dispatcher/delivery/retry-policy';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';
import { startPipeline, type Pipeline } from '../../support/delivery-pipeline';

describe('isolation between webhooks', () => {
	let hanging: WebhookReceiver;
	let healthy: WebhookReceiver;
	let pipeline: Pipeline;

	beforeEach(async () => {
		hanging = await startWebhookReceiver();
		healthy = await startWebhookReceiver();
	});
	afterEach(async () => {
		await pipeline?.stop();
		await hanging.close();
		await healthy.close();
	});

	it('delivers to a healthy endpoint while another hangs with every slot it may use', async () => {
		// The hanging endpoint's timeout is far beyond the test: its attempts are still in flight at the end.
		pipeline = startPipeline(customRetryPolicy({ retryDelaysMs: [], timeoutMs: 120_000 }), {
			concurrency: 8,
			perWebhookConcurrency: 4,
			start: false,
		});
		hanging.replyWith(() => 'hang');
		const slow = pipeline.directory.add(`${hanging.url}/black-hole`);
		const fast = pipeline.directory.add(`${healthy.url}/hook`);
		healthy.setSecret(fast.secret!);
		// The hanging webhook's deliveries are emitted first, so they are the oldest in the queue.
		const events = Array.from({ length: 30 }, () => pipeline.emit());
		pipeline.worker.start();

		const healthyIds = events.map((ids) => ids[1]);
		for (const id of healthyIds) await pipeline.waitForDelivery(id, (delivery) => delivery.status === 'delivered');
		expect(healthy.at('/hook')).toHaveLength(30);
		expect(healthy.received.every((request) => request.signatureValid)).toBe(true);

		const stuck = pipeline.store.list({ webhookId: slow.id, page: 1, limit: 100 }).deliveries;
		expect(stuck.filter((delivery) => delivery.status === 'in_flight')).toHaveLength(4);
		expect(stuck.filter((delivery) => delivery.status === 'pending')).toHaveLength(26);
		await waitFor(() => hanging.received.length === 4);
	});
});
