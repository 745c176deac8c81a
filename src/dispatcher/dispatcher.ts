import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEFAULT_RETENTION, DeliveryLogRetention, type RetentionRule } from './delivery/delivery-log-retention';
import { DeliveryWorker } from './delivery/delivery-worker';
import { DEFAULT_RETRY_POLICY, retryPolicyNamed, type RetryPolicy } from './delivery/retry-policy';
import { WebhookSender } from './delivery/webhook-sender';
import { createChatwoot } from './domain/chatwoot';
import { createHttpApp } from './http/app';
import { botLoopRoutes } from './http/bot-loop-routes';
import { connectionRoutes } from './http/connection-routes';
import { deliveriesRoutes } from './http/deliveries-routes';
import { deliveryReplayRoutes } from './http/delivery-replay-routes';
import { healthRoutes } from './http/health-routes';
import { deliveryNotice } from './http/deliveries-json';
import { LiveFeed } from './http/live-feed';
import { loadPlaygroundAssets, playgroundAssetsDir } from './http/playground-assets';
import { playgroundListener, redirectingToPlayground } from './http/playground-server';
import { streamRoutes } from './http/stream-routes';
import { webhookHealthRoutes } from './http/webhook-health-routes';
import type { Outbox } from './outbox/outbox';
import { StoreOutbox } from './outbox/store-outbox';
import { openDatabase } from './store/database';
import { GroupCommit } from './store/group-commit';
import { SqliteDeliveryLogPruning } from './store/sqlite-delivery-log-pruning';
import { SqliteDeliveryStore } from './store/sqlite-delivery-store';
import { cachingStatements } from './store/statement-cache';

export interface DispatcherOptions {
	/** The SQLite file; `:memory:` for tests. */
	db: string;
	/** 3000 by default; 0 picks a free port (read it from `url`). */
	port?: number;
	host?: string;
	/** The administrator's api_access_token; stored in the db, so a restart without it keeps the old one. */
	token?: string;
	/** The seeded agent's api_access_token (an agent, not an administrator); generated when absent. */
	agentToken?: string;
	/** A policy, or the name of one of RETRY_POLICIES; Chatwoot's own (`chatwoot-v4`) by default. */
	retryPolicy?: RetryPolicy | string;
	/** Agent bots' policy: Chatwoot's `agent-bot` (3 attempts 3 s apart on 429 and 500) unless given. */
	agentBotRetryPolicy?: RetryPolicy;
	requireHttps?: boolean;
	/** One line per delivery attempt and lifecycle event; never a secret, token or signature. */
	logger?: (line: string) => void;
	/** How much of the delivery log to keep; DEFAULT_RETENTION (a week, 100,000 deliveries) when absent. */
	retention?: RetentionRule;
	/** How often retention sweeps the log (60 s by default). */
	retentionIntervalMs?: number;
	/**
	 * The web playground on a port of its own (0 picks a free one), on `host`; off when absent. With
	 * `orFreePort` a port in use is replaced by a free one (for a default port rather than one the user chose).
	 */
	playground?: { port: number; orFreePort?: boolean; assetsDir?: string };
}

export interface RunningDispatcher {
	/** The base URL to paste into n8n's Chatwoot credential, e.g. http://127.0.0.1:3000. */
	url: string;
	accountId: number;
	/** The administrator's api_access_token. */
	token: string;
	/** The playground's address (no token in it), when it runs. */
	playgroundUrl?: string;
	/** Stops accepting requests, lets in-flight attempts finish briefly (the rest stay pending), closes the db. */
	close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const onError = (error: Error) => reject(error);
		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			resolve();
		});
	});
}

/**
 * Holds each response until the writes before it are committed by the group commit: what the API
 * acknowledged is on disk. If the commit fails, the answer becomes a 503 instead of a false success.
 */
function answeringAfterCommit(group: GroupCommit, app: RequestListener): RequestListener {
	return (req, res) => {
		const end = res.end as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
		res.end = function (this: ServerResponse, ...args: unknown[]): ServerResponse {
			if (!group.pending) return end.apply(this, args);
			group.afterCommit((error) => {
				if (!error) {
					end.apply(res, args);
				} else if (res.headersSent) {
					res.destroy(error);
				} else {
					const body = JSON.stringify({ error: 'The change could not be saved; nothing was kept' });
					res.statusCode = 503;
					res.setHeader('content-type', 'application/json; charset=utf-8');
					res.setHeader('content-length', Buffer.byteLength(body));
					end.call(res, body);
				}
			});
			return this;
		} as ServerResponse['end'];
		app(req, res);
	};
}

function urlOf(server: Server, host: string): string {
	const address = server.address() as AddressInfo;
	const shownHost = address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : host;
	return `http://${shownHost}:${address.port}`;
}

/**
 * The composition root: one SQLite file shared by the domain and the delivery log, the domain fanning
 * events out into an outbox that writes deliveries in the domain's transaction, a worker that sends them,
 * and the HTTP API. route -> domain -> outbox -> worker -> sender -> protocol; nothing calls back up.
 */
export async function startDispatcher(options: DispatcherOptions): Promise<RunningDispatcher> {
	const policy =
		typeof options.retryPolicy === 'string' ? retryPolicyNamed(options.retryPolicy) : (options.retryPolicy ?? DEFAULT_RETRY_POLICY);
	const host = options.host ?? '127.0.0.1';
	const logger = options.logger;
	const file = openDatabase(options.db);
	const group = new GroupCommit(file);
	const db = cachingStatements(group.database());
	let worker: DeliveryWorker | undefined;
	let retention: DeliveryLogRetention | undefined;
	let server: Server | undefined;
	let sender: WebhookSender | undefined;
	let playgroundServer: Server | undefined;
	try {
		const store = new SqliteDeliveryStore(db);
		const feed = new LiveFeed((ids) =>
			ids.flatMap((id) => {
				const delivery = store.find(id);
				return delivery ? [deliveryNotice(delivery)] : [];
			}),
		);
		const outbox = new StoreOutbox(store);
		// The live feed hears of each delivery the domain creates; it sends its notices after the commit.
		const observedOutbox: Outbox = {
			add: (deliveries) => {
				outbox.add(deliveries);
				feed.deliveriesChanged(deliveries.map((delivery) => delivery.id));
			},
		};
		const chatwoot = createChatwoot(db, observedOutbox, {
			requireHttps: options.requireHttps ?? false,
			adminToken: options.token,
			agentToken: options.agentToken,
		});
		sender = new WebhookSender();
		worker = new DeliveryWorker({
			store,
			queue: store,
			directory: chatwoot.webhooks,
			channels: chatwoot.channels,
			sender,
			policy,
			channelPolicies: options.agentBotRetryPolicy ? { agent_bot_webhook: options.agentBotRetryPolicy } : {},
			logger,
			commits: group,
			onDeliveriesChanged: (ids) => feed.deliveriesChanged(ids),
		});
		const wakeable = worker;
		outbox.onAdded(() => wakeable.wake());
		retention = new DeliveryLogRetention({
			log: new SqliteDeliveryLogPruning(db),
			rule: options.retention ?? DEFAULT_RETENTION,
			intervalMs: options.retentionIntervalMs,
			logger,
		});
		const addresses = { baseUrl: '', playgroundUrl: null as string | null };
		const directory = chatwoot.webhooks;
		const app = createHttpApp({
			chatwoot,
			onConversationChanged: (notice) => feed.conversationChanged(notice),
			routers: [
				{ path: '/_dispatcher', router: healthRoutes({ store, policy }) },
				{ path: '/_dispatcher', router: deliveriesRoutes({ store, worker, directory, channels: chatwoot.channels, accountId: chatwoot.accountId }) },
				{
					path: '/_dispatcher',
					router: deliveryReplayRoutes({ store, outbox: observedOutbox, directory, sender, policy }),
				},
				{ path: '/_dispatcher', router: streamRoutes(feed) },
				{ path: '/_dispatcher', router: connectionRoutes({ chatwoot, policy, addresses: () => addresses }) },
				{ path: '/_dispatcher', router: webhookHealthRoutes({ chatwoot, store, policy }) },
				{ path: '/_dispatcher', router: botLoopRoutes(chatwoot) },
			],
		});
		const listener = answeringAfterCommit(group, app);
		server = createServer(redirectingToPlayground(() => addresses.playgroundUrl, listener));
		await listen(server, options.port ?? 3000, host);
		addresses.baseUrl = urlOf(server, host);
		if (options.playground) {
			const assets = loadPlaygroundAssets(options.playground.assetsDir ?? playgroundAssetsDir());
			playgroundServer = createServer(playgroundListener(assets, listener));
			await listen(playgroundServer, options.playground.port, host).catch((error: NodeJS.ErrnoException) => {
				if (error.code !== 'EADDRINUSE' || !options.playground?.orFreePort || !playgroundServer) throw error;
				return listen(playgroundServer, 0, host);
			});
			addresses.playgroundUrl = urlOf(playgroundServer, host);
		}
		worker.start();
		retention.start();
		const running = { server, worker, sender, retention, playgroundServer };
		let closing: Promise<void> | undefined;
		return {
			url: addresses.baseUrl,
			accountId: chatwoot.accountId,
			token: chatwoot.adminToken(),
			...(addresses.playgroundUrl ? { playgroundUrl: addresses.playgroundUrl } : {}),
			close: () => {
				closing ??= (async () => {
					// Stop taking requests first, so nothing new is accepted while deliveries wind down.
					feed.close();
					const playgroundClosed = new Promise<void>((resolve) => (running.playgroundServer ? running.playgroundServer.close(() => resolve()) : resolve()));
					running.playgroundServer?.closeAllConnections();
					const serverClosed = new Promise<void>((resolve) => running.server.close(() => resolve()));
					running.server.closeIdleConnections();
					await running.retention.stop();
					await running.worker.stop();
					running.server.closeAllConnections();
					await serverClosed;
					await playgroundClosed;
					await running.sender.close();
					group.flush();
					file.close();
				})();
				return closing;
			},
		};
	} catch (error) {
		await retention?.stop();
		await worker?.stop();
		server?.close();
		playgroundServer?.close();
		await sender?.close();
		group.flush();
		file.close();
		throw error;
	}
}

