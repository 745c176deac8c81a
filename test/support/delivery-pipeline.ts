import type { ChatwootEvent } from '../../src/protocol';
import { DeliveryWorker } from '../../src/dispatcher/delivery/delivery-worker';
import type { RetryPolicy } from '../../src/dispatcher/delivery/retry-policy';
import { WebhookSender } from '../../src/dispatcher/delivery/webhook-sender';
import { EventEmission, type Subscriptions } from '../../src/dispatcher/domain/listeners/event-emission';
import { StoreOutbox } from '../../src/dispatcher/outbox/store-outbox';
import type { DeliveryTarget, WebhookDirectory } from '../../src/dispatcher/outbox/webhook-directory';
import { openDatabase, type Database } from '../../src/dispatcher/store/database';
import type { DeliveryWithAttempts } from '../../src/dispatcher/store/delivery-store';
import { SqliteDeliveryStore } from '../../src/dispatcher/store/sqlite-delivery-store';
import { waitFor } from '../../testkit/wait-for';

/** The webhooks table as a test wants it: in memory, every field in reach. */
export class InTestDirectory implements WebhookDirectory, Subscriptions {
	readonly webhooks = new Map<number, DeliveryTarget & { subscriptions: ChatwootEvent[]; disabledReason: string | null }>();
	private nextId = 1;

	add(url: string, options: { secret?: string | null; subscriptions?: ChatwootEvent[]; accountId?: number } = {}) {
		const webhook = {
			id: this.nextId++,
			accountId: options.accountId ?? 1,
			url,
			secret: options.secret === undefined ? `secret-${this.nextId}-${Math.random().toString(36).slice(2)}` : options.secret,
			subscriptions: options.subscriptions ?? ['message_created'],
			disabledReason: null,
		};
		this.webhooks.set(webhook.id, webhook);
		return webhook;
	}

	subscribedTo(accountId: number, event: ChatwootEvent): DeliveryTarget[] {
		return [...this.webhooks.values()].filter(
			(webhook) => webhook.accountId === accountId && webhook.disabledReason === null && webhook.subscriptions.includes(event),
		);
	}

	find(webhookId: number) {
		return this.webhooks.get(webhookId);
	}

	disable(webhookId: number, reason: string): void {
		const webhook = this.webhooks.get(webhookId);
		if (webhook) webhook.disabledReason = reason;
	}
}

export interface Pipeline {
	readonly db: Database;
	readonly store: SqliteDeliveryStore;
	readonly directory: InTestDirectory;
	readonly outbox: StoreOutbox;
	readonly worker: DeliveryWorker;
	readonly log: string[];
	/** Emits an event inside a transaction, as the domain does. */
	emit(event?: ChatwootEvent, payload?: Record<string, unknown>): string[];
	waitForDelivery(id: string, done: (delivery: DeliveryWithAttempts) => boolean, timeoutMs?: number): Promise<DeliveryWithAttempts>;
	stop(): Promise<void>;
}

export function startPipeline(
	policy: RetryPolicy,
	options: { db?: string; directory?: InTestDirectory; concurrency?: number; perWebhookConcurrency?: number; start?: boolean } = {},
): Pipeline {
	const db = openDatabase(options.db ?? ':memory:');
	const store = new SqliteDeliveryStore(db);
	const directory = options.directory ?? new InTestDirectory();
	const log: string[] = [];
	const sender = new WebhookSender();
	const outbox = new StoreOutbox(store);
	// The domain's own fan-out, over the in-memory webhooks.
	const emission = new EventEmission(db, directory, outbox);
	const worker = new DeliveryWorker({
		store,
		queue: store,
		directory,
		sender,
		policy,
		concurrency: options.concurrency,
		perWebhookConcurrency: options.perWebhookConcurrency,
		pollIntervalMs: 100,
		shutdownGraceMs: 200,
		logger: (line) => log.push(line),
	});
	outbox.onAdded(() => worker.wake());
	if (options.start !== false) worker.start();
	let counter = 0;
	const running = worker;
	return {
		db,
		store,
		directory,
		outbox,
		worker: running,
		log,
		emit: (event = 'message_created', payload) =>
			emission.transaction(() => emission.emit(1, event, payload ?? { id: ++counter, content: 'Hi <there> & you', event })),
		waitForDelivery: (id, done, timeoutMs) => {
			let last: DeliveryWithAttempts | undefined;
			return waitFor(
				() => {
					last = store.find(id);
					return last && done(last) ? last : undefined;
				},
				{ timeoutMs, message: () => `delivery ${id} is ${JSON.stringify(last, null, 1)?.slice(0, 3000)}\nlog:\n${log.join('\n')}` },
			);
		},
		stop: async () => {
			await running.stop();
			await sender.close();
			db.close();
		},
	};
}
