import express, { type Router } from 'express';
import { z } from 'zod';

import { AGENT_BOT_ONLY_EVENT_NAMES, CHATWOOT_EVENT_NAMES, UNSIGNED_SENDER_EVENT_NAMES } from '../../protocol';
import { RedeliveryError, type DeliveryWorker } from '../delivery/delivery-worker';
import { RecordNotFound } from '../domain/models/record-errors';
import type { ChannelDirectory, WebhookDirectory } from '../outbox/webhook-directory';
import { DELIVERY_STATUSES, WEBHOOK_TYPES, type DeliveryStatus, type DeliveryStore, type WebhookType } from '../store/delivery-store';
import { deliveryJson, deliverySummaryJson, attemptJson } from './deliveries-json';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';

export interface DeliveriesRoutesOptions {
	readonly store: DeliveryStore;
	readonly worker: Pick<DeliveryWorker, 'redeliver'>;
	/** For the webhook's (or agent bot's) secret, with which a delivery's page shows each attempt's signature. */
	readonly directory: Pick<WebhookDirectory, 'find'>;
	readonly channels: Pick<ChannelDirectory, 'find'>;
	/** The account a conversation_id filter means when no account_id comes with it. */
	readonly accountId: number;
}

export const MAX_PAGE_SIZE = 500;

const listQuery = z.object({
	webhook_id: z.coerce.number().int().positive().optional(),
	webhook_type: z.enum(WEBHOOK_TYPES as [WebhookType, ...WebhookType[]]).optional(),
	event: z.enum([...CHATWOOT_EVENT_NAMES, ...AGENT_BOT_ONLY_EVENT_NAMES, ...UNSIGNED_SENDER_EVENT_NAMES]).optional(),
	status: z.enum(DELIVERY_STATUSES as [DeliveryStatus, ...DeliveryStatus[]]).optional(),
	status_code: z.coerce.number().int().min(100).max(599).optional(),
	conversation_id: z.coerce.number().int().positive().optional(),
	account_id: z.coerce.number().int().positive().optional(),
	id: z.string().regex(/^[0-9a-f-]{1,36}$/i, 'is not (the start of) a delivery id').optional(),
	page: z.coerce.number().int().min(1).default(1),
	limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

/**
 * The delivery log and replay, mounted under `/_dispatcher` behind the administrator's token:
 * `GET /deliveries` (newest first; filters webhook_id, webhook_type, event, status, status_code (of any
 * attempt), conversation_id (with account_id, default the seeded account), id (a prefix); page and limit),
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
			statusCode: query.status_code,
			conversation:
				query.conversation_id === undefined ? undefined : { accountId: query.account_id ?? options.accountId, id: query.conversation_id },
			idPrefix: query.id?.toLowerCase(),
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
		const target =
			delivery.webhookType === 'account_webhook'
				? options.directory.find(delivery.webhookId)
				: options.channels.find({ webhookType: delivery.webhookType, webhookId: delivery.webhookId });
		sendJson(res, 200, { payload: deliveryJson(delivery, target?.secret ?? null) });
	});

	router.post('/deliveries/:id/redeliver', async (req, res) => {
		try {
			const { delivery, attempt } = await options.worker.redeliver(req.params.id);
			const secret = options.directory.find(delivery.webhookId)?.secret ?? null;
			sendJson(res, 200, { payload: { delivery: deliveryJson(delivery, secret), attempt: attemptJson(attempt) } });
		} catch (error) {
			if (!(error instanceof RedeliveryError)) throw error;
			sendJson(res, error.status, { error: error.message });
		}
	});

	return router;
}
