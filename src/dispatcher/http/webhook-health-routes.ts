import express, { type Router } from 'express';
import { z } from 'zod';

import type { RetryPolicy } from '../delivery/retry-policy';
import { webhookHealth } from '../delivery/webhook-health';
import type { Chatwoot } from '../domain/chatwoot';
import type { DeliveryStore } from '../store/delivery-store';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';

/** How many of a webhook's newest deliveries its health is measured over. */
export const HEALTH_WINDOW = 100;

const query = z.object({ account_id: z.coerce.number().int().positive().optional() });

/** n8n's webhook paths: `/webhook/…` for an active workflow, `/webhook-test/…` while the editor listens. */
function urlKind(url: string): 'n8n production' | 'n8n test' | 'other' {
	const path = URL.canParse(url) ? new URL(url).pathname : '';
	if (/\/webhook-test\//.test(path)) return 'n8n test';
	if (/\/webhook\//.test(path)) return 'n8n production';
	return 'other';
}

/**
 * `GET /_dispatcher/webhooks`: the account's webhooks as Chatwoot's API lists them, each with what the
 * dispatcher knows beside: whether it was disabled and why, which kind of n8n URL it is, how deliveries
 * to it are made (the retry policy), and how its newest deliveries fared.
 */
export function webhookHealthRoutes(options: { chatwoot: Chatwoot; store: DeliveryStore; policy: RetryPolicy }): Router {
	const router = express.Router();
	router.get('/webhooks', (req, res) => {
		const accountId = parseParams(query, req.query).account_id ?? options.chatwoot.accountId;
		const payload = options.chatwoot.webhooks.list(accountId).map((webhook) => {
			const target = options.chatwoot.webhooks.find(webhook.id);
			const recent = options.store.list({ webhookId: webhook.id, page: 1, limit: HEALTH_WINDOW }).deliveries;
			const health = webhookHealth(recent);
			return {
				webhook,
				disabled_reason: target?.disabledReason ?? null,
				url_kind: urlKind(webhook.url),
				behaviour: `${options.policy.name}: ${options.policy.description}`,
				stats: {
					deliveries: health.deliveries,
					delivered: health.delivered,
					failed: health.failed,
					success_rate: health.successRate,
					median_ms: health.medianMs,
					p95_ms: health.p95Ms,
					last_error: health.lastError,
				},
			};
		});
		sendJson(res, 200, { payload, meta: { account_id: accountId, window: HEALTH_WINDOW } });
	});
	return router;
}
