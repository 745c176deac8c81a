import { z } from 'zod';

import { attributesHash, railsBoolean, recordId } from './parse-params';
import { newMessageParams } from './message-params';
import type { AssignmentParams } from '../domain/models/conversations';

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

/** An id Rails would look up with `find_by(id:)`: anything that is not a whole number finds nothing. */
const lookupId = z.unknown().transform((value) => {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	return /^\d+$/.test(text) ? Number(text) : null;
});

/**
 * `assignments#create` decides by which keys the body has, not by their values: `assignee_id` present
 * (even null or "") is the agent branch, `team_id` alone the team branch.
 */
export function assignmentParams(body: unknown): AssignmentParams {
	const params = (body ?? {}) as Record<string, unknown>;
	if (params.assignee_type === 'AgentBot') return { agentBot: true };
	if ('assignee_id' in params) return { assignee: { id: lookupId.parse(params.assignee_id) } };
	if ('team_id' in params) return { team: { id: lookupId.parse(params.team_id) } };
	return {};
}

/** `PATCH /conversations/:id` writes `priority` only; every other key is ignored, as Chatwoot permits only it. */
export const conversationUpdateParams = z.object({
	priority: z.enum(['low', 'medium', 'high', 'urgent']).nullable().optional(),
});

/** `labels#create`: the new list; absent means none. */
export const conversationLabelsParams = z.object({
	labels: z.array(z.string()).optional(),
});

/** `custom_attributes#create`: the whole new hash. */
export const conversationCustomAttributesParams = z.object({
	custom_attributes: attributesHash,
});

const oneOrMany = z.union([z.string(), z.array(z.string())]).transform((value) => (Array.isArray(value) ? value : [value]));

/** `ConversationFinder`'s query params. */
export const conversationListParams = z.object({
	status: z.enum(['open', 'resolved', 'pending', 'snoozed', 'all']).optional().catch(undefined),
	assignee_type: z.enum(['me', 'unassigned', 'assigned', 'all']).optional().catch(undefined),
	inbox_id: recordId.optional(),
	team_id: recordId.optional(),
	labels: oneOrMany.optional(),
	q: z.string().optional(),
	page: recordId.optional().catch(undefined),
});

/** `toggle_typing_status`. */
export const typingStatusParams = z.object({
	typing_status: z.enum(['on', 'off']),
	is_private: railsBoolean.optional(),
});
