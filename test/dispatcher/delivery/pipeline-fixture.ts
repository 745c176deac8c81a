import type { ChatwootEvent } from '../../../src/protocol';
import { DeliveryWorker } from '../../../src/dispatcher/delivery/delivery-worker';
import type { RetryPolicy } from '../../../src/dispatcher/delivery/retry-policy';
import { SqliteEventSink } from '../../../src/dispatcher/delivery/sqlite-event-sink';
import { WebhookSender } from '../../../src/dispatcher/delivery/webhook-sender';
import type { DeliveryTarget, WebhookDirectory } from '../../../src/dispatcher/domain/webhook-directory';
import { openDatabase, type Database } from '../../../src/dispatcher/store/database';
import type { DeliveryWithAttempts } from '../../../src/dispatcher/store/delivery-store';
import { SqliteDeliveryStore } from '../../../src/dispatcher/store/sqlite-delivery-store';
import { waitFor } from '../../support/wait-for';

/** The webhooks table as a test wants it: in memory, every field in reach. */
export class InTestDirectory implements WebhookDirectory {
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
	readonly sink: SqliteEventSink;
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
	const wakeable: { worker?: DeliveryWorker } = {};
	const sink = new SqliteEventSink({ store, directory: () => directory, onDeliveriesCreated: () => wakeable.worker?.wake() });
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
	wakeable.worker = worker;
	if (options.start !== false) worker.start();
	let counter = 0;
	const running = worker;
	return {
		db,
		store,
		directory,
		sink,
		worker: running,
		log,
		emit: (event = 'message_created', payload) =>
			db.transaction(() => sink.emit({ accountId: 1, event, payload: payload ?? { id: ++counter, content: 'Hi <there> & you', event } }))(),
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
