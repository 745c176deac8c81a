import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { customRetryPolicy } from '../../../src/dispatcher/delivery/retry-policy';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';
import { InTestDirectory, startPipeline, type Pipeline } from '../../support/delivery-pipeline';

const policy = customRetryPolicy({ retryDelaysMs: [100], timeoutMs: 60_000 });

describe('shutdown and restart of the delivery worker', () => {
	let folder: string;
	let receiver: WebhookReceiver;
	const pipelines: Pipeline[] = [];

	beforeEach(async () => {
		folder = mkdtempSync(join(tmpdir(), 'delivery-recovery-'));
		receiver = await startWebhookReceiver();
	});
	afterEach(async () => {
		for (const pipeline of pipelines.splice(0)) await pipeline.stop();
		await receiver.close();
		rmSync(folder, { recursive: true, force: true });
	});

	it('puts attempts still in flight at shutdown back as pending, counting no attempt', async () => {
		const pipeline = startPipeline(policy, { db: join(folder, 'd.db') });
		pipelines.push(pipeline);
		pipeline.directory.add(`${receiver.url}/hang`);
		receiver.replyWith(() => 'hang');
		const [id] = pipeline.emit();
		await waitFor(() => receiver.received.length === 1);
		expect(pipeline.store.find(id)!.status).toBe('in_flight');

		await pipeline.worker.stop();
		const released = pipeline.store.find(id)!;
		expect(released.status).toBe('pending');
		expect(released.attempts).toHaveLength(0);
		expect(() => pipeline.worker.start()).toThrow('A stopped delivery worker cannot start again');
	});

	it('resumes deliveries left in flight by a process that died, with their delivery ids', async () => {
		const file = join(folder, 'd.db');
		const directory = new InTestDirectory();
		const webhook = directory.add(`${receiver.url}/hook`);
		receiver.setSecret(webhook.secret!);
		// The first process claims deliveries and dies before any outcome is written: nothing settles them.
		const crashed = startPipeline(policy, { db: file, directory, start: false });
		const ids = [crashed.emit()[0], crashed.emit()[0], crashed.emit()[0]];
		crashed.store.claimDue({ now: Date.now(), limit: 2, roomByWebhook: new Map(), defaultRoom: 10 });
		expect(ids.map((id) => crashed.store.find(id)!.status).sort()).toEqual(['in_flight', 'in_flight', 'pending']);
		crashed.db.close();

		const restarted = startPipeline(policy, { db: file, directory });
		pipelines.push(restarted);
		for (const id of ids) await restarted.waitForDelivery(id, (delivery) => delivery.status === 'delivered');
		expect(receiver.at('/hook').map((request) => request.deliveryId).sort()).toEqual([...ids].sort());
		expect(receiver.received.every((request) => request.signatureValid)).toBe(true);
		expect(restarted.log[0]).toBe('Resuming 2 delivery attempt(s) interrupted by the last shutdown or crash');
	});
});
