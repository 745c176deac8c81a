import { z } from 'zod';

import { CHATWOOT_EVENT_NAMES } from '../../protocol';
import { attributesHash, recordId } from './parse-params';

/** `POST /_dispatcher/events`: `{"event", "account_id", "data"}`; the account defaults to the seeded one. */
export const dispatcherEventParams = z.object({
	event: z.enum(CHATWOOT_EVENT_NAMES, { message: "is not one of Chatwoot's webhook events" }),
	account_id: recordId.optional(),
	data: attributesHash.optional(),
});
