import type { AgentBotRow } from '../../domain/schema/records';

/**
 * `api/v1/models/_agent_bot.json.jbuilder` for an account's own bot, as an administrator sees it (the
 * `secret` key is for administrators only; agents get the bot without it).
 */
export function agentBotView(bot: AgentBotRow, options: { administrator: boolean }): Record<string, unknown> {
	const view: Record<string, unknown> = {
		id: bot.id,
		name: bot.name,
		description: bot.description,
		thumbnail: '',
		outgoing_url: bot.outgoing_url,
		bot_type: bot.bot_type,
		bot_config: JSON.parse(bot.bot_config) as unknown,
		account_id: bot.account_id,
		access_token: bot.access_token,
	};
	if (options.administrator) view.secret = bot.secret;
	view.system_bot = false;
	return view;
}
