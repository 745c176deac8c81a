import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DeliveryWorker } from './delivery/delivery-worker';
import { DOCUMENTED, retryPolicyNamed, type RetryPolicy } from './delivery/retry-policy';
import { WebhookSender } from './delivery/webhook-sender';
import { createChatwoot } from './domain/chatwoot';
import { createHttpApp } from './http/app';
import { deliveriesRoutes } from './http/deliveries-routes';
import { healthRoutes } from './http/health-routes';
import { StoreOutbox } from './outbox/store-outbox';
import { openDatabase } from './store/database';
import { GroupCommit } from './store/group-commit';
import { SqliteDeliveryStore } from './store/sqlite-delivery-store';

export interface DispatcherOptions {
	/** The SQLite file; `:memory:` for tests. */
	db: string;
	/** 3000 by default; 0 picks a free port (read it from `url`). */
	port?: number;
	host?: string;
	/** The administrator's api_access_token; stored in the db, so a restart without it keeps the old one. */
	token?: string;
	/** A policy, or the name of one of RETRY_POLICIES; `documented` by default. */
	retryPolicy?: RetryPolicy | string;
	requireHttps?: boolean;
	/** One line per delivery attempt and lifecycle event; never a secret, token or signature. */
	logger?: (line: string) => void;
}

export interface RunningDispatcher {
	/** The base URL to paste into n8n's Chatwoot credential, e.g. http://127.0.0.1:3000. */
	url: string;
	accountId: number;
	/** The administrator's api_access_token. */
	token: string;
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
		typeof options.retryPolicy === 'string' ? retryPolicyNamed(options.retryPolicy) : (options.retryPolicy ?? DOCUMENTED);
	const host = options.host ?? '127.0.0.1';
	const logger = options.logger;
	const file = openDatabase(options.db);
	const group = new GroupCommit(file);
	const db = group.database();
	let worker: DeliveryWorker | undefined;
	let server: Server | undefined;
	let sender: WebhookSender | undefined;
	try {
		const store = new SqliteDeliveryStore(db);
		const outbox = new StoreOutbox(store);
		const chatwoot = createChatwoot(db, outbox, { requireHttps: options.requireHttps ?? false, adminToken: options.token });
		sender = new WebhookSender();
		worker = new DeliveryWorker({ store, queue: store, directory: chatwoot.webhooks, sender, policy, logger, commits: group });
		const wakeable = worker;
		outbox.onAdded(() => wakeable.wake());
		const app = createHttpApp({
			chatwoot,
			routers: [
				{ path: '/_dispatcher', router: healthRoutes({ store, policy }) },
				{ path: '/_dispatcher', router: deliveriesRoutes({ store, worker }) },
			],
		});
		server = createServer(answeringAfterCommit(group, app));
		await listen(server, options.port ?? 3000, host);
		worker.start();
		const running = { server, worker, sender };
		let closing: Promise<void> | undefined;
		return {
			url: urlOf(server, host),
			accountId: chatwoot.accountId,
			token: chatwoot.adminToken(),
			close: () => {
				closing ??= (async () => {
					// Stop taking requests first, so nothing new is accepted while deliveries wind down.
					const serverClosed = new Promise<void>((resolve) => running.server.close(() => resolve()));
					running.server.closeIdleConnections();
					await running.worker.stop();
					running.server.closeAllConnections();
					await serverClosed;
					await running.sender.close();
					group.flush();
					file.close();
				})();
				return closing;
			},
		};
	} catch (error) {
		await worker?.stop();
		server?.close();
		await sender?.close();
		group.flush();
		file.close();
		throw error;
	}
}
