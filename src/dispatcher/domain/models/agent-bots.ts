import type { Database } from '../../store/database';
import type { AgentBotRow } from '../schema/records';
import type { Inboxes } from './inboxes';
import { RecordNotFound, Validation } from './record-errors';
import { generateSecureToken } from './secure-token';

/** What `params.permit(:name, :description, :outgoing_url, :bot_type, bot_config: {})` lets through. */
export interface AgentBotParams {
	name?: string | null;
	description?: string | null;
	outgoing_url?: string | null;
	bot_config?: Record<string, unknown>;
}

/** `Limits::URL_LENGTH_LIMIT`. */
const URL_LENGTH_LIMIT = 2048;

/**
 * Agent bots of an account (`app/models/agent_bot.rb`) and their connection to inboxes
 * (`agent_bot_inboxes`, one row per inbox): the REST API's CRUD, `reset_secret`, `reset_access_token`,
 * `set_agent_bot`, and what the rest of the domain asks (the inbox's active bot, a bot's token).
 */
export class AgentBots {
	constructor(
		private readonly db: Database,
		private readonly inboxes: Inboxes,
		private readonly now: () => Date,
	) {}

	/** `AgentBot.accessible_to(account)`: the account's bots (the dispatcher has no system bots). */
	list(accountId: number): AgentBotRow[] {
		return this.db.prepare('SELECT * FROM agent_bots WHERE account_id = ? ORDER BY id').all(accountId) as AgentBotRow[];
	}

	get(accountId: number, botId: number): AgentBotRow {
		const row = this.db.prepare('SELECT * FROM agent_bots WHERE id = ? AND account_id = ?').get(botId, accountId) as AgentBotRow | undefined;
		if (!row) throw new RecordNotFound('AgentBot');
		return row;
	}

	/** The bot with this id, whatever its account; undefined once deleted (the delivery side asks). */
	find(botId: number): AgentBotRow | undefined {
		return this.db.prepare('SELECT * FROM agent_bots WHERE id = ?').get(botId) as AgentBotRow | undefined;
	}

	create(accountId: number, params: AgentBotParams): AgentBotRow {
		return this.db.transaction(() => {
			this.validate(params.outgoing_url);
			const at = this.now().getTime();
			const result = this.db
				.prepare(
					`INSERT INTO agent_bots (account_id, name, description, outgoing_url, bot_type, bot_config, secret, access_token, created_at, updated_at)
					VALUES (?, ?, ?, ?, 'webhook', ?, ?, ?, ?, ?)`,
				)
				.run(
					accountId,
					params.name ?? null,
					params.description ?? null,
					params.outgoing_url ?? null,
					JSON.stringify(params.bot_config ?? {}),
					generateSecureToken(),
					generateSecureToken(),
					at,
					at,
				);
			return this.get(accountId, Number(result.lastInsertRowid));
		})();
	}

	update(accountId: number, botId: number, params: AgentBotParams): AgentBotRow {
		return this.db.transaction(() => {
			const bot = this.get(accountId, botId);
			this.validate(params.outgoing_url);
			this.db
				.prepare('UPDATE agent_bots SET name = ?, description = ?, outgoing_url = ?, bot_config = ?, updated_at = ? WHERE id = ?')
				.run(
					params.name === undefined ? bot.name : params.name,
					params.description === undefined ? bot.description : params.description,
					params.outgoing_url === undefined ? bot.outgoing_url : params.outgoing_url,
					params.bot_config === undefined ? bot.bot_config : JSON.stringify(params.bot_config),
					this.now().getTime(),
					botId,
				);
			return this.get(accountId, botId);
		})();
	}

	/** `has_many :agent_bot_inboxes, dependent: :destroy_async`: its inboxes lose the bot with it. */
	destroy(accountId: number, botId: number): void {
		this.db.transaction(() => {
			this.get(accountId, botId);
			this.db.prepare('DELETE FROM agent_bot_inboxes WHERE agent_bot_id = ?').run(botId);
			this.db.prepare('DELETE FROM agent_bots WHERE id = ?').run(botId);
		})();
	}

	/** `WebhookSecretable#reset_secret!`: deliveries are signed with the new secret from now on. */
	resetSecret(accountId: number, botId: number): AgentBotRow {
		return this.regenerate(accountId, botId, 'secret');
	}

	/** `access_token.regenerate_token`: the old token stops working at once. */
	resetAccessToken(accountId: number, botId: number): AgentBotRow {
		return this.regenerate(accountId, botId, 'access_token');
	}

	/** `InboxesController#set_agent_bot`: connects the bot (replacing the inbox's bot), or disconnects with null. */
	setInboxBot(accountId: number, inboxId: number, botId: number | null): void {
		this.db.transaction(() => {
			this.inboxes.get(accountId, inboxId);
			if (botId === null) {
				this.db.prepare('DELETE FROM agent_bot_inboxes WHERE inbox_id = ?').run(inboxId);
				return;
			}
			this.get(accountId, botId);
			const at = this.now().getTime();
			this.db
				.prepare(
					`INSERT INTO agent_bot_inboxes (inbox_id, agent_bot_id, account_id, status, created_at, updated_at)
					VALUES (?, ?, ?, 'active', ?, ?)
					ON CONFLICT (inbox_id) DO UPDATE SET agent_bot_id = excluded.agent_bot_id, status = 'active', updated_at = excluded.updated_at`,
				)
				.run(inboxId, botId, accountId, at, at);
		})();
	}

	/** `GET /inboxes/{id}/agent_bot`: the inbox's bot, if any (404 for an inbox outside the account). */
	inboxBot(accountId: number, inboxId: number): AgentBotRow | undefined {
		this.inboxes.get(accountId, inboxId);
		return this.activeBotOf(inboxId);
	}

	/** `Inbox#active_bot?`: the bot whose conversations start pending and which gets the inbox's events. */
	activeBotOf(inboxId: number): AgentBotRow | undefined {
		return this.db
			.prepare(
				`SELECT agent_bots.* FROM agent_bot_inboxes JOIN agent_bots ON agent_bots.id = agent_bot_inboxes.agent_bot_id
				WHERE agent_bot_inboxes.inbox_id = ? AND agent_bot_inboxes.status = 'active'`,
			)
			.get(inboxId) as AgentBotRow | undefined;
	}

	/** `AccessTokenAuthHelper`: the bot whose access token this is, if any. */
	authenticate(accessToken: string): AgentBotRow | undefined {
		return this.db.prepare('SELECT * FROM agent_bots WHERE access_token = ?').get(accessToken) as AgentBotRow | undefined;
	}

	private regenerate(accountId: number, botId: number, column: 'secret' | 'access_token'): AgentBotRow {
		return this.db.transaction(() => {
			this.get(accountId, botId);
			this.db.prepare(`UPDATE agent_bots SET ${column} = ?, updated_at = ? WHERE id = ?`).run(generateSecureToken(), this.now().getTime(), botId);
			return this.get(accountId, botId);
		})();
	}

	private validate(outgoingUrl: string | null | undefined): void {
		const validation = new Validation();
		if (outgoingUrl && outgoingUrl.length > URL_LENGTH_LIMIT) {
			validation.add('outgoing_url', `Outgoing url is too long (maximum is ${URL_LENGTH_LIMIT} characters)`);
		}
		validation.raiseIfFailed();
	}
}
