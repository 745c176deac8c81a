import express, { type Router } from 'express';

import type { RetryPolicy } from '../delivery/retry-policy';
import type { Chatwoot } from '../domain/chatwoot';
import { sendJson } from './json-response';

export interface ConnectionRoutesOptions {
	readonly chatwoot: Chatwoot;
	readonly policy: RetryPolicy;
	/** Read per request: the addresses are known only once the servers listen. */
	readonly addresses: () => { baseUrl: string; playgroundUrl: string | null };
}

/**
 * `GET /_dispatcher/connection`: what n8n's Chatwoot API credential needs (Base URL, Account ID; the token
 * is the one the caller already holds, so it is not repeated), and where the playground is.
 */
export function connectionRoutes(options: ConnectionRoutesOptions): Router {
	const router = express.Router();
	router.get('/connection', (_req, res) => {
		const { baseUrl, playgroundUrl } = options.addresses();
		const account = options.chatwoot.accounts.find(options.chatwoot.accountId);
		sendJson(res, 200, {
			payload: {
				base_url: baseUrl,
				account_id: options.chatwoot.accountId,
				account_name: account?.name ?? null,
				playground_url: playgroundUrl,
				retry_policy: { name: options.policy.name, description: options.policy.description },
			},
		});
	});
	return router;
}
