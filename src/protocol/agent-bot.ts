/**
 * An agent bot as Chatwoot's `_agent_bot.json.jbuilder` renders it. `outgoing_url` is absent for system
 * bots, `access_token` when the bot has none, `secret` (Chatwoot 4.13+) for anyone but administrators.
 */
export interface ChatwootAgentBot {
	id: number;
	name: string;
	description?: string | null;
	outgoing_url?: string | null;
	bot_type?: string;
	account_id: number | null;
	access_token?: string;
	secret?: string | null;
	system_bot?: boolean;
}

/** The body `POST /agent_bots` permits at the top level: `params.permit(:name, :description, :outgoing_url, …)`. */
export interface ChatwootAgentBotInput {
	name?: string;
	description?: string;
	outgoing_url?: string;
}
