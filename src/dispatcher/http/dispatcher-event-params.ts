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
