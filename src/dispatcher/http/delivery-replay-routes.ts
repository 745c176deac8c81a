import { randomUUID } from 'node:crypto';

import express, { type Router } from 'express';
import { z } from 'zod';

import { attemptHeaders, shownHeaders } from '../delivery/attempt-headers';
import { BAD_VARIANT_NAMES, badVariantHeaders } from '../delivery/bad-variants';
import { curlCommand } from '../delivery/curl-command';
import { readReceiverAnswer } from '../delivery/receiver-answer';
import type { RetryPolicy } from '../delivery/retry-policy';
import type { AttemptSender } from '../delivery/webhook-sender';
import { RecordNotFound } from '../domain/models/record-errors';
import type { Outbox } from '../outbox/outbox';
import type { WebhookDirectory } from '../outbox/webhook-directory';
import type { DeliveryStore, DeliveryWithAttempts } from '../store/delivery-store';
import { deliveryJson } from './deliveries-json';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';

export interface DeliveryReplayRoutesOptions {
	readonly store: DeliveryStore;
	/** Where a resend goes, as the domain's deliveries do: the worker takes it from there. */
	readonly outbox: Outbox;
	readonly directory: Pick<WebhookDirectory, 'find'>;
	readonly sender: Pick<AttemptSender, 'send'>;
	readonly policy: RetryPolicy;
	readonly now?: () => number;
}

const variantParams = z.object({ variant: z.enum(BAD_VARIANT_NAMES, { message: `is not one of ${BAD_VARIANT_NAMES.join(', ')}` }) });

/**
 * Replaying a delivery beyond a redelivery, mounted under `/_dispatcher` behind the administrator's token:
 *
 * - `POST /deliveries/:id/resend`: the same bytes as a new delivery with a new id, queued like any other
 *   (what Chatwoot does when an event happens twice, e.g. chatwoot#11901), to test a flow's deduplication.
 * - `POST /deliveries/:id/variants` `{"variant"}`: one deliberately bad request to the webhook (see
 *   bad-variants.ts), answered with what was sent and what came back; not kept in the log.
 * - `GET /deliveries/:id/curl`: a curl command that sends the delivery now, signed with a fresh timestamp.
 */
export function deliveryReplayRoutes(options: DeliveryReplayRoutesOptions): Router {
	const router = express.Router();
	const now = options.now ?? Date.now;

	const deliveryOf = (id: string): DeliveryWithAttempts => {
		const delivery = options.store.find(id);
		if (!delivery) throw new RecordNotFound('Delivery');
		return delivery;
	};
	const targetOf = (delivery: DeliveryWithAttempts) => {
		const target = options.directory.find(delivery.webhookId);
		if (!target) throw new RecordNotFound('Webhook');
		return target;
	};

	router.post('/deliveries/:id/resend', (req, res) => {
		const original = deliveryOf(req.params.id);
		const copy = { id: randomUUID(), webhookId: original.webhookId, accountId: original.accountId, event: original.event, body: original.body };
		options.store.transaction(() => options.outbox.add([copy]));
		sendJson(res, 200, { payload: deliveryJson(deliveryOf(copy.id)) });
	});

	router.post('/deliveries/:id/variants', async (req, res) => {
		const delivery = deliveryOf(req.params.id);
		const { variant } = parseParams(variantParams, req.body);
		const target = targetOf(delivery);
		if (!target.secret) {
			return sendJson(res, 409, { error: `Webhook ${target.id} has no secret: its deliveries are unsigned, so there is no signature to get wrong` });
		}
		const at = now();
		const deliveryId = randomUUID();
		const bad = badVariantHeaders(variant, { body: delivery.body, deliveryId, secret: target.secret, now: at });
		const result = await options.sender.send({
			url: target.url,
			body: delivery.body,
			deliveryId,
			secret: target.secret,
			chatwootHeaders: bad.headers,
			timeoutMs: options.policy.timeoutMs,
		});
		const headers = { ...attemptHeaders({ body: delivery.body, deliveryId, secret: null, timestamp: Math.floor(at / 1000) }), ...bad.headers };
		sendJson(res, 200, {
			payload: {
				variant,
				description: bad.description,
				request: { headers: shownHeaders(headers), signed_string: bad.signedString },
				status_code: result.statusCode,
				duration_ms: result.durationMs,
				error: result.error,
				response_body: result.responseBody,
				reading: readReceiverAnswer(result.statusCode, result.responseBody, result.error),
			},
		});
	});

	router.get('/deliveries/:id/curl', (req, res) => {
		const delivery = deliveryOf(req.params.id);
		const target = targetOf(delivery);
		const headers = attemptHeaders({ body: delivery.body, deliveryId: delivery.id, secret: target.secret, timestamp: Math.floor(now() / 1000) });
		res.status(200).type('text/plain; charset=utf-8').send(`${curlCommand(target.url, headers, delivery.body)}\n`);
	});

	return router;
}
