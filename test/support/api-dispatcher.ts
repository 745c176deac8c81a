import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Router } from 'express';

import { createChatwoot, type Chatwoot, type ChatwootOptions } from '../../src/dispatcher/domain/chatwoot';
import { createHttpApp } from '../../src/dispatcher/http/app';
import { openDatabase, type Database } from '../../src/dispatcher/store/database';
import { CapturingOutbox } from './capturing-outbox';

/** Tests read Chatwoot's JSON by the shapes they assert on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface JsonResponse extends Omit<Response, 'json'> {
	json(): Promise<Json>;
}

/**
 * The domain and HTTP layers alone on 127.0.0.1, on a free port, with an in-memory store by default and
 * a capturing outbox in place of the delivery side: for the REST API's tests, which assert on what the
 * domain emitted. Tests of the whole product start it with `startTestDispatcher` (./dispatcher.ts); tests
 * of the delivery side alone with `startPipeline` (./delivery-pipeline.ts).
 */
export interface ApiDispatcher {
	readonly url: string;
	readonly db: Database;
	/** What the domain fanned out; empty unless started with `captureEvents`. */
	readonly outbox: CapturingOutbox;
	readonly chatwoot: Chatwoot;
	/** fetch relative to the server, with the admin token unless `token` says otherwise (null: none). */
	request(method: string, path: string, init?: { body?: unknown; token?: string | null; raw?: string; contentType?: string }): Promise<JsonResponse>;
	close(): Promise<void>;
}

export async function startApiDispatcher(
	options: Partial<ChatwootOptions> & {
		file?: string;
		routers?: Array<{ path: string; router: Router }>;
		bodyLimit?: string;
		/** Subscribes accounts 1 and 2 to every event, so each emitted event lands in `outbox` once. */
		captureEvents?: boolean;
	} = {},
): Promise<ApiDispatcher> {
	const db = openDatabase(options.file ?? ':memory:');
	const outbox = new CapturingOutbox();
	const chatwoot = createChatwoot(db, outbox, { requireHttps: false, ...options });
	if (options.captureEvents) outbox.subscribeEverywhere(chatwoot);
	const app = createHttpApp({ chatwoot, routers: options.routers, bodyLimit: options.bodyLimit });
	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		db,
		outbox,
		chatwoot,
		request(method, path, init = {}) {
			const headers: Record<string, string> = {};
			const token = init.token === undefined ? chatwoot.adminToken() : init.token;
			if (token !== null) headers.api_access_token = token;
			let body: string | undefined;
			if (init.raw !== undefined) body = init.raw;
			else if (init.body !== undefined) body = JSON.stringify(init.body);
			if (body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
			return fetch(`${url}${path}`, { method, headers, body });
		},
		async close() {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			db.close();
		},
	};
}
