import { NodeOperationError, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import type { ChatwootAgentBot } from '../../src/protocol/agent-bot';
import { asNodeError, chatwootStatus } from '../shared/chatwoot-api-error';
import {
	createAgentBot,
	deleteAgentBot,
	getAgentBot,
	getInboxAgentBot,
	listAgentBots,
	setInboxAgentBot,
	updateAgentBot,
} from '../shared/chatwoot-agent-bot-api';
import { readChatwootAccount, type ChatwootAccount } from '../shared/chatwoot-api-request';
import { parseIdList } from './id-list';
import { reachabilityHint } from './reachability-hint';
import { registrationName } from './registration-name';

/**
 * The trigger as a Chatwoot agent bot (`app/models/agent_bot.rb`): a bot whose `outgoing_url` is this
 * node's webhook URL, connected to the chosen inboxes with `set_agent_bot`. Chatwoot then keeps new
 * conversations of those inboxes pending and sends the bot their messages, signed with the bot's secret.
 *
 * The trigger owns only what it made: the bot when it created it (a bot already at this URL is adopted
 * and left in place on deactivation), and the inbox connections it set. An inbox that already has
 * another bot is refused rather than taken over, because Chatwoot allows one bot per inbox.
 */
export interface AgentBotState extends IDataObject {
	agentBotId?: number;
	/** Absent when Chatwoot returned none (before 4.13): deliveries are then accepted unverified. */
	agentBotSecret?: string;
	agentBotUrl?: string;
	/** True when this trigger created the bot, which it then deletes on deactivation. */
	agentBotCreated?: boolean;
	/** The inboxes this trigger connected the bot to, and disconnects on deactivation. */
	agentBotInboxIds?: number[];
}

interface WantedBot {
	readonly url: string;
	readonly name: string;
	readonly inboxIds: number[];
}

function stateOf(hooks: IHookFunctions): AgentBotState {
	return hooks.getWorkflowStaticData('node') as AgentBotState;
}

function readWanted(this: IHookFunctions): WantedBot {
	const url = this.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(this.getNode(), 'n8n has no webhook URL for this trigger');
	const inboxIds = parseIdList(this.getNodeParameter('botInboxIds', '') as unknown);
	if (inboxIds === undefined) {
		throw new NodeOperationError(this.getNode(), 'Inbox IDs must be inbox numbers separated by commas, such as 3, 5');
	}
	if (!inboxIds.length) throw new NodeOperationError(this.getNode(), 'Give at least one inbox ID for the agent bot to answer in');
	return { url, name: registrationName(this, url), inboxIds };
}

function remember(state: AgentBotState, bot: ChatwootAgentBot, created: boolean): void {
	state.agentBotId = bot.id;
	if (typeof bot.secret === 'string' && bot.secret) state.agentBotSecret = bot.secret;
	else delete state.agentBotSecret;
	state.agentBotUrl = bot.outgoing_url ?? undefined;
	state.agentBotCreated = created;
	state.agentBotInboxIds ??= [];
}

function forget(state: AgentBotState): void {
	delete state.agentBotId;
	delete state.agentBotSecret;
	delete state.agentBotUrl;
	delete state.agentBotCreated;
	delete state.agentBotInboxIds;
}

/** The secret Chatwoot has now for this trigger's bot, for a delivery the stored one failed. */
export async function readAgentBotSecretFromChatwoot(this: IWebhookFunctions, timeoutMs: number): Promise<string | undefined> {
	const state = this.getWorkflowStaticData('node') as AgentBotState;
	if (state.agentBotId === undefined) return undefined;
	const account = await readChatwootAccount.call(this);
	const bot = await getAgentBot.call(this, account, state.agentBotId, timeoutMs);
	return bot.outgoing_url === state.agentBotUrl ? bot.secret || undefined : undefined;
}

/** The remembered bot, or undefined when Chatwoot no longer has it. */
async function rememberedBot(this: IHookFunctions, account: ChatwootAccount, state: AgentBotState): Promise<ChatwootAgentBot | undefined> {
	if (state.agentBotId === undefined) return undefined;
	try {
		return await getAgentBot.call(this, account, state.agentBotId);
	} catch (error) {
		if (chatwootStatus(error) !== 404) throw asNodeError(this.getNode(), error);
		return undefined;
	}
}

/** The bot an inbox is connected to; an inbox Chatwoot does not know is reported as such. */
async function botOfInbox(this: IHookFunctions, account: ChatwootAccount, inboxId: number): Promise<ChatwootAgentBot | undefined> {
	try {
		return await getInboxAgentBot.call(this, account, inboxId);
	} catch (error) {
		if (chatwootStatus(error) === 404) {
			throw new NodeOperationError(this.getNode(), `Chatwoot has no inbox ${inboxId} in account ${account.accountId}`, {
				description: "Check Inbox IDs: the ID is the number after /inbox/ in Chatwoot's address bar.",
			});
		}
		throw asNodeError(this.getNode(), error);
	}
}

/**
 * True only when the remembered bot still exists at this node's URL and is connected to exactly the
 * chosen inboxes among those the trigger connected. The secret is refreshed: it may have been reset.
 */
export async function agentBotExists(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	if (state.agentBotId === undefined) return false;
	const account = await readChatwootAccount.call(this);
	const wanted = readWanted.call(this);
	const bot = await rememberedBot.call(this, account, state);
	if (!bot) {
		this.logger.info(`Chatwoot agent bot ${state.agentBotId} no longer exists; the trigger sets up a new one`);
		forget(state);
		return false;
	}
	if (bot.outgoing_url !== wanted.url) return false;
	const connected = state.agentBotInboxIds ?? [];
	if (connected.some((inboxId) => !wanted.inboxIds.includes(inboxId))) return false;
	for (const inboxId of wanted.inboxIds) {
		if ((await botOfInbox.call(this, account, inboxId))?.id !== bot.id) return false;
	}
	remember(state, bot, state.agentBotCreated === true);
	return true;
}

/** The bot to use: one already at this URL, or the one this trigger created earlier (moved to this URL). */
async function findBot(
	this: IHookFunctions,
	account: ChatwootAccount,
	state: AgentBotState,
	wanted: WantedBot,
): Promise<{ bot: ChatwootAgentBot; created: boolean } | undefined> {
	const atUrl = (await listAgentBots.call(this, account)).find(
		(bot) => bot.outgoing_url === wanted.url && bot.account_id === account.accountId && !bot.system_bot,
	);
	const createdEarlier = state.agentBotCreated === true && state.agentBotId === atUrl?.id;
	if (atUrl) return { bot: atUrl, created: createdEarlier };
	const remembered = await rememberedBot.call(this, account, state);
	if (!remembered || state.agentBotCreated !== true) return undefined;
	// n8n's public URL changed: the bot is this trigger's own, so it follows.
	const moved = await updateAgentBot.call(this, account, remembered.id, { outgoing_url: wanted.url, name: wanted.name });
	return { bot: moved, created: true };
}

/**
 * Sets the bot up: adopts the bot at this URL or creates one, connects it to each chosen inbox that has no
 * bot, and disconnects the inboxes it connected earlier that are no longer chosen. An inbox connected to
 * another bot stops the activation before anything is created.
 */
export async function createOrAdoptAgentBot(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const account = await readChatwootAccount.call(this);
	const wanted = readWanted.call(this);
	const found = await findBot.call(this, account, state, wanted);

	const current = new Map<number, ChatwootAgentBot | undefined>();
	for (const inboxId of wanted.inboxIds) {
		const other = await botOfInbox.call(this, account, inboxId);
		if (other && other.id !== found?.bot.id) {
			throw new NodeOperationError(
				this.getNode(),
				`Inbox ${inboxId} is already connected to agent bot "${other.name}" (ID ${other.id}), which this trigger did not set up`,
				{
					description:
						'Chatwoot allows one agent bot per inbox, and the trigger never replaces one it did not connect. Disconnect that bot in Chatwoot (Settings → Inboxes → the inbox → Bot Configuration), deactivate the workflow that owns it, or choose another inbox.',
				},
			);
		}
		current.set(inboxId, other);
	}

	let bot = found?.bot;
	if (!bot) {
		bot = await createAgentBot.call(this, account, {
			name: wanted.name,
			description: 'Created by n8n: deactivating the workflow deletes this bot.',
			outgoing_url: wanted.url,
		});
		this.logger.debug(`Created Chatwoot agent bot ${bot.id} for ${wanted.url}`);
	}
	// Saved before connecting, so that n8n's rollback of a failed activation can remove the bot again.
	remember(state, bot, found ? found.created : true);

	const connected = new Set(state.agentBotInboxIds);
	for (const inboxId of wanted.inboxIds) {
		if (current.get(inboxId)?.id === bot.id) continue;
		await setInboxAgentBot.call(this, account, inboxId, bot.id);
		connected.add(inboxId);
		state.agentBotInboxIds = [...connected];
	}
	for (const inboxId of [...connected]) {
		if (wanted.inboxIds.includes(inboxId)) continue;
		await disconnect.call(this, account, inboxId, bot.id);
		connected.delete(inboxId);
		state.agentBotInboxIds = [...connected];
	}

	const hint = reachabilityHint(wanted.url, account.baseUrl);
	if (hint) this.logger.warn(hint);
	if (!state.agentBotSecret) {
		this.logger.warn(
			`Chatwoot returned no secret for agent bot ${bot.id} (Chatwoot before 4.13): deliveries cannot be verified and are marked unverified`,
		);
	}
	return true;
}

/** Disconnects an inbox, only while it is still connected to this bot: a later choice in Chatwoot stands. */
async function disconnect(this: IHookFunctions, account: ChatwootAccount, inboxId: number, botId: number): Promise<void> {
	try {
		if ((await getInboxAgentBot.call(this, account, inboxId))?.id !== botId) return;
		await setInboxAgentBot.call(this, account, inboxId, null);
	} catch (error) {
		if (chatwootStatus(error) !== 404) throw asNodeError(this.getNode(), error);
		this.logger.debug(`Chatwoot inbox ${inboxId} was already deleted`);
	}
}

/** Disconnects the inboxes this trigger connected, and deletes the bot when this trigger created it. */
export async function deleteOwnAgentBot(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	if (state.agentBotId === undefined) return true;
	const account = await readChatwootAccount.call(this);
	for (const inboxId of state.agentBotInboxIds ?? []) await disconnect.call(this, account, inboxId, state.agentBotId);
	if (state.agentBotCreated) {
		try {
			await deleteAgentBot.call(this, account, state.agentBotId);
		} catch (error) {
			if (chatwootStatus(error) !== 404) throw asNodeError(this.getNode(), error);
			this.logger.debug(`Chatwoot agent bot ${state.agentBotId} was already deleted`);
		}
	}
	forget(state);
	return true;
}
