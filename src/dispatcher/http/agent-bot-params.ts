import { z } from 'zod';

import { attributesHash, recordId } from './parse-params';

/** `params.permit(:name, :description, :outgoing_url, :avatar, :avatar_url, :bot_type, bot_config: {})`, top level. */
export const agentBotParams = z.object({
	name: z.string().nullable().optional(),
	description: z.string().nullable().optional(),
	outgoing_url: z.string().nullable().optional(),
	bot_config: attributesHash.optional(),
});

/** `set_agent_bot`: `params[:agent_bot]`, an id, or null / absent to disconnect. */
export const setAgentBotParams = z.object({
	agent_bot: recordId.nullable().optional(),
});
