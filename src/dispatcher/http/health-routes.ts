import express, { type Router } from 'express';

import type { RetryPolicy } from '../delivery/retry-policy';
import type { DeliveryStore } from '../store/delivery-store';
import { sendJson } from './json-response';

export interface HealthRoutesOptions {
	readonly store: DeliveryStore;
	readonly policy: RetryPolicy;
}

/**
 * `GET /_dispatcher/health`, open without a token for supervisors and readiness probes: so it tells only
 * counts and the policy's name, nothing about webhooks or payloads.
 */
export function healthRoutes(options: HealthRoutesOptions): Router {
	const router = express.Router();
	router.get('/health', (_req, res) => {
		const counts = options.store.countByStatus();
		sendJson(res, 200, {
			status: 'ok',
			pending: counts.pending,
			in_flight: counts.in_flight,
			delivered: counts.delivered,
			failed: counts.failed,
			cancelled: counts.cancelled,
			retry_policy: options.policy.name,
		});
	});
	return router;
}
