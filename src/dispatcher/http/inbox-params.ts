import { z } from 'zod';

import type { InboxParams } from '../domain/models/inboxes';
import { parseParams } from './parse-params';

/**
 * `inboxes#update`'s `channel: Channel::Api::EDITABLE_ATTRS` as far as the dispatcher keeps them: the
 * callback URL. Other inbox and channel keys are dropped, as Rails drops unpermitted params.
 */
const inboxUpdateParams = z.object({
	channel: z
		.object({
			webhook_url: z.string().nullable().optional(),
		})
		.optional(),
});

export function parseInboxParams(body: unknown): InboxParams {
	const params = parseParams(inboxUpdateParams, body);
	return { webhook_url: params.channel?.webhook_url };
}
