import { z } from 'zod';

import { attributesHash, railsBoolean, recordId } from './parse-params';
import { newMessageParams } from './message-params';

const status = z.enum(['open', 'resolved', 'pending', 'snoozed']);

/** `ConversationsController#create` and `ConversationBuilder`. */
export const newConversationParams = z.object({
	source_id: z.string().optional(),
	contact_id: recordId.optional(),
	inbox_id: recordId.optional(),
	status: status.optional(),
	assignee_id: recordId.nullable().optional(),
	additional_attributes: attributesHash.optional(),
	custom_attributes: attributesHash.optional(),
	/** The first message, written by the token's user (outgoing unless `message_type` says otherwise). */
	message: newMessageParams.optional(),
});

/** `toggle_status`: `snoozed_until` as unix seconds or an ISO time; without `status`, open ↔ resolved. */
export const toggleStatusParams = z.object({
	status: status.optional(),
	snoozed_until: z
		.union([
			z.number().int().nonnegative().transform((seconds) => seconds * 1000),
			z.string().datetime({ offset: true }).transform((iso) => Date.parse(iso)),
		])
		.nullable()
		.optional(),
});

/** `toggle_priority`: a priority, or null/absent for none. */
export const togglePriorityParams = z.object({
	priority: z.enum(['low', 'medium', 'high', 'urgent']).nullable().optional(),
});

/** `assignments#create`: an agent id, or null to unassign. */
export const assignmentParams = z.object({
	assignee_id: recordId.nullable().optional(),
});

/** `toggle_typing_status`. */
export const typingStatusParams = z.object({
	typing_status: z.enum(['on', 'off']),
	is_private: railsBoolean.optional(),
});
