import { z } from 'zod';

import { CHATWOOT_EVENT_NAMES } from '../../protocol';
import { attributesHash, recordId } from './parse-params';

/** `POST /_dispatcher/events`: `{"event", "account_id", "data"}`; the account defaults to the seeded one. */
export const dispatcherEventParams = z.object({
	event: z.enum(CHATWOOT_EVENT_NAMES, { message: "is not one of Chatwoot's webhook events" }),
	account_id: recordId.optional(),
	data: attributesHash.optional(),
});

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
