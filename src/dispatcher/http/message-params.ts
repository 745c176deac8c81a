import { z } from 'zod';

import { attributesHash, railsBoolean } from './parse-params';

/** Chatwoot's `enum content_type`. */
const CONTENT_TYPES = [
	'text',
	'input_text',
	'input_textarea',
	'input_email',
	'input_select',
	'cards',
	'form',
	'article',
	'incoming_email',
	'input_csat',
	'integrations',
	'sticker',
] as const;

/** `MessagesController#create` via `Messages::MessageBuilder`. */
export const newMessageParams = z.object({
	content: z.string().nullable().optional(),
	message_type: z.enum(['incoming', 'outgoing', 'template']).optional(),
	private: railsBoolean.optional(),
	content_type: z.enum(CONTENT_TYPES).optional(),
	content_attributes: attributesHash.optional(),
	source_id: z.string().nullable().optional(),
});

/**
 * `MessagesController#update` → `Messages::StatusUpdateService`: only the delivery status an API channel
 * reports (and its error). Other keys, `content` among them, are ignored; so is an unknown status.
 */
export const messageUpdateParams = z.object({
	status: z.enum(['sent', 'delivered', 'read', 'failed']).optional().catch(undefined),
	external_error: z.string().nullable().optional().catch(undefined),
});
