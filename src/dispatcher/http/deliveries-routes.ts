import express, { type Router } from 'express';
import { z } from 'zod';

import { AGENT_BOT_ONLY_EVENT_NAMES, CHATWOOT_EVENT_NAMES, UNSIGNED_SENDER_EVENT_NAMES } from '../../protocol';
import { RedeliveryError, type DeliveryWorker } from '../delivery/delivery-worker';
import { RecordNotFound } from '../domain/models/record-errors';
import { DELIVERY_STATUSES, WEBHOOK_TYPES, type DeliveryStatus, type DeliveryStore, type WebhookType } from '../store/delivery-store';
import { deliveryJson, deliverySummaryJson, attemptJson } from './deliveries-json';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';

export interface DeliveriesRoutesOptions {
	readonly store: DeliveryStore;
	readonly worker: Pick<DeliveryWorker, 'redeliver'>;
}

export const MAX_PAGE_SIZE = 500;

const listQuery = z.object({
	webhook_id: z.coerce.number().int().positive().optional(),
	webhook_type: z.enum(WEBHOOK_TYPES as [WebhookType, ...WebhookType[]]).optional(),
	event: z.enum([...CHATWOOT_EVENT_NAMES, ...AGENT_BOT_ONLY_EVENT_NAMES, ...UNSIGNED_SENDER_EVENT_NAMES]).optional(),
	status: z.enum(DELIVERY_STATUSES as [DeliveryStatus, ...DeliveryStatus[]]).optional(),
	page: z.coerce.number().int().min(1).default(1),
	limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

/**
 * The delivery log and replay, mounted under `/_dispatcher` behind the administrator's token:
 * `GET /deliveries` (newest first; filters webhook_id, webhook_type, event, status; page and limit),
 * `GET /deliveries/:id`, and `POST /deliveries/:id/redeliver`, which re-sends the same bytes with the same
 * delivery id and a fresh timestamp and signature, as GitHub and Svix redeliver.
 */
export function deliveriesRoutes(options: DeliveriesRoutesOptions): Router {
	const router = express.Router();

	router.get('/deliveries', (req, res) => {
		const query = parseParams(listQuery, req.query);
		const { deliveries, total } = options.store.list({
			webhookId: query.webhook_id,
			// A webhook id alone means an account webhook, as it did before bots had deliveries of their own.
			webhookType: query.webhook_type ?? (query.webhook_id === undefined ? undefined : 'account_webhook'),
			event: query.event,
			status: query.status,
			page: query.page,
			limit: query.limit,
		});
		sendJson(res, 200, {
			meta: { count: total, current_page: query.page, limit: query.limit },
			payload: deliveries.map(deliverySummaryJson),
		});
	});

	router.get('/deliveries/:id', (req, res) => {
		const delivery = options.store.find(req.params.id);
		if (!delivery) throw new RecordNotFound('Delivery');
		sendJson(res, 200, { payload: deliveryJson(delivery) });
	});

	router.post('/deliveries/:id/redeliver', async (req, res) => {
		try {
			const { delivery, attempt } = await options.worker.redeliver(req.params.id);
			sendJson(res, 200, { payload: { delivery: deliveryJson(delivery), attempt: attemptJson(attempt) } });
		} catch (error) {
			if (!(error instanceof RedeliveryError)) throw error;
			sendJson(res, error.status, { error: error.message });
		}
	});

	return router;
}
