import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

import BetterSqlite3 from 'better-sqlite3';

import { DeliveryLogRetention } from '../../../src/dispatcher/delivery/delivery-log-retention';
import { customRetryPolicy } from '../../../src/dispatcher/delivery/retry-policy';
import { openDatabase } from '../../../src/dispatcher/store/database';
import type { DeliveryLogPruning, PruneRequest } from '../../../src/dispatcher/store/delivery-log-pruning';
import { SqliteDeliveryLogPruning } from '../../../src/dispatcher/store/sqlite-delivery-log-pruning';
import { SqliteDeliveryStore } from '../../../src/dispatcher/store/sqlite-delivery-store';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';

const DAY_MS = 86_400_000;

describe('delivery log retention', () => {
	let receiver: WebhookReceiver;
	let dispatcher: TestDispatcher | undefined;
	let folder: string;

	beforeEach(async () => {
		receiver = await startWebhookReceiver();
		folder = mkdtempSync(join(tmpdir(), 'chatwoot-retention-'));
	});
	afterEach(async () => {
		await dispatcher?.close();
		dispatcher = undefined;
		await receiver.close();
		rmSync(folder, { recursive: true, force: true });
	});

	async function emitted(event: 'message_created' | 'contact_created'): Promise<string[]> {
		return ((await dispatcher!.emit(event)) as { deliveries: string[] }).deliveries;
	}

	it('keeps the newest deliveries up to the count and deletes older settled ones while running; a pending delivery stays whatever its age', async () => {
		dispatcher = await startTestDispatcher({
			retention: { maxAgeMs: null, maxDeliveries: 5 },
			retentionIntervalMs: 50,
			// A failed attempt waits an hour for its retry: the delivery stays pending through the test.
			retryPolicy: customRetryPolicy({ retryDelaysMs: [3_600_000], timeoutMs: 2_000 }),
		});
		await dispatcher.createWebhook(`${receiver.url}/down`, ['contact_created']);
		await dispatcher.createWebhook(`${receiver.url}/up`, ['message_created']);
		receiver.replyWith((request) => (request.path === '/down' ? { status: 503 } : { status: 200, body: 'ok' }));

		const [stuck] = await emitted('contact_created');
		const messages: string[] = [];
		for (let i = 0; i < 12; i++) messages.push(...(await emitted('message_created')));

		const log = await dispatcher.waitForDeliveries(
			(deliveries) => deliveries.length === 6 && deliveries.filter((delivery) => delivery.status === 'delivered').length === 5,
		);
		expect(log.map((delivery) => delivery.id).sort()).toEqual([stuck, ...messages.slice(-5)].sort());
		expect(log.find((delivery) => delivery.id === stuck)?.status).toBe('pending');
		for (const id of messages.slice(0, 7)) expect((await dispatcher.api('GET', `/_dispatcher/deliveries/${id}`)).status).toBe(404);
		expect((await dispatcher.api('GET', `/_dispatcher/deliveries/${messages[11]}`)).status).toBe(200);
		expect(receiver.at('/up')).toHaveLength(12);
	});

	it('by default deletes settled deliveries older than a week, with their attempts and bodies, and keeps recent ones', async () => {
		const db = join(folder, 'dispatcher.db');
		dispatcher = await startTestDispatcher({ db });
		await dispatcher.createWebhook(`${receiver.url}/up`, ['message_created']);
		const old: string[] = [];
		for (let i = 0; i < 3; i++) old.push(...(await emitted('message_created')));
		await dispatcher.waitForDeliveries((deliveries) => deliveries.length === 3 && deliveries.every((delivery) => delivery.status === 'delivered'));
		await dispatcher.close();
		dispatcher = undefined;

		// Eight days pass for those three.
		const file = new BetterSqlite3(db);
		file.prepare(`UPDATE deliveries SET created_at = created_at - ? WHERE id IN (SELECT value FROM json_each(?))`).run(8 * DAY_MS, JSON.stringify(old));
		file.close();

		dispatcher = await startTestDispatcher({ db });
		const recent = [...(await emitted('message_created')), ...(await emitted('message_created'))];
		const log = await dispatcher.waitForDeliveries(
			(deliveries) => deliveries.length === 2 && deliveries.every((delivery) => delivery.status === 'delivered'),
		);
		expect(log.map((delivery) => delivery.id).sort()).toEqual([...recent].sort());
		for (const id of old) expect((await dispatcher.api('GET', `/_dispatcher/deliveries/${id}`)).status).toBe(404);
		await dispatcher.close();
		dispatcher = undefined;

		const after = new BetterSqlite3(db, { readonly: true });
		const count = (table: string) => after.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
		expect([count('deliveries'), count('delivery_attempts'), count('delivery_bodies')]).toEqual([2, 2, 2]);
		after.close();
	});

	it('sweeps in small transactions and lets the event loop run between them', async () => {
		const db = openDatabase(':memory:');
		const store = new SqliteDeliveryStore(db);
		const pruning = new SqliteDeliveryLogPruning(db);
		const now = Date.now();
		store.create(
			Array.from({ length: 1_000 }, (_, i) => ({
				id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
				webhookId: 1,
				accountId: 1,
				event: 'message_created' as const,
				body: `{"n":${i}}`,
			})),
			now - 30 * DAY_MS,
		);
		db.exec(`UPDATE deliveries SET status = 'delivered'`);
		const requests: PruneRequest[] = [];
		const counting: DeliveryLogPruning = {
			prune: (request) => {
				requests.push(request);
				return pruning.prune(request);
			},
		};
		let turns = 0;
		let sweeping = true;
		const countTurns = async () => {
			while (sweeping) {
				turns++;
				await nextTurn();
			}
		};
		const counter = countTurns();
		const retention = new DeliveryLogRetention({ log: counting, rule: { maxAgeMs: DAY_MS, maxDeliveries: null }, batchSize: 100 });
		expect(await retention.sweep()).toBe(1_000);
		sweeping = false;
		await counter;
		expect(requests.length).toBe(11);
		expect(requests.every((request) => request.limit === 100)).toBe(true);
		expect(turns).toBeGreaterThanOrEqual(10);
		expect(db.prepare('SELECT count(*) FROM deliveries').pluck().get()).toBe(0);
		expect(db.prepare('SELECT count(*) FROM delivery_bodies').pluck().get()).toBe(0);
		db.close();
	});
});
