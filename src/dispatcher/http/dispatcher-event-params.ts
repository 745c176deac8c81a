import { z } from 'zod';

import { CHATWOOT_EVENT_NAMES } from '../../protocol';
import { attributesHash, recordId } from './parse-params';

/**
 * `POST /_dispatcher/events`: `{"event", "account_id", "data", "webhook_id"}`; the account defaults to the
 * seeded one; without `webhook_id` every subscribed webhook gets it.
 */
export const dispatcherEventParams = z.object({
	event: z.enum(CHATWOOT_EVENT_NAMES, { message: "is not one of Chatwoot's webhook events" }),
	account_id: recordId.optional(),
	data: attributesHash.optional(),
	webhook_id: recordId.optional(),
});

/** `GET /_dispatcher/events`: the account whose rows the fixtures start from. */
export const eventCatalogueParams = z.object({ account_id: z.coerce.number().int().positive().optional() });
/** The most events one batch may carry: one transaction holds the write lock for all of them. */
export const EVENT_BATCH_LIMIT = 1_000;

/**
 * `POST /_dispatcher/events` with `{"events": [...]}`: several events, each as above. A hash around the
 * list, because Rails' params are a hash (a bare JSON array would arrive as `_json`), and because the key
 * tells a batch from a single event without guessing.
 */
export const dispatcherEventBatchParams = z.object({
	events: z
		.array(dispatcherEventParams)
		.min(1, { message: "can't be blank" })
		.max(EVENT_BATCH_LIMIT, { message: `is too long (maximum is ${EVENT_BATCH_LIMIT} events)` }),
});
