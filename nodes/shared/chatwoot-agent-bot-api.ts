import { NodeOperationError } from 'n8n-workflow';

import type { ChatwootAgentBot, ChatwootAgentBotInput } from '../../src/protocol/agent-bot';
import { readAgentBot, readAgentBotList, readInboxAgentBot } from '../../src/protocol/envelopes';
import { requestChatwoot, type ChatwootAccount, type ChatwootApiContext } from './chatwoot-webhook-api';

/**
 * Chatwoot's agent bot API (`/api/v1/accounts/{account_id}/agent_bots`, administrators for writes) and
 * the two inbox routes that connect a bot (`POST /inboxes/{id}/set_agent_bot`, `GET /inboxes/{id}/agent_bot`).
 * Bodies are top-level params, answers bare objects (`app/controllers/api/v1/accounts/agent_bots_controller.rb`).
 */
function agentBotsUrl(account: ChatwootAccount, id?: number): string {
	const collection = `${account.baseUrl}/api/v1/accounts/${account.accountId}/agent_bots`;
	return id === undefined ? collection : `${collection}/${id}`;
}

function inboxUrl(account: ChatwootAccount, inboxId: number, action: 'agent_bot' | 'set_agent_bot'): string {
	return `${account.baseUrl}/api/v1/accounts/${account.accountId}/inboxes/${inboxId}/${action}`;
}

function read<T>(context: ChatwootApiContext, reader: (body: unknown) => T, body: unknown): T {
	try {
		return reader(body);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, {
			description: 'The base URL may point at something other than the Chatwoot API.',
		});
	}
}

export async function listAgentBots(this: ChatwootApiContext, account: ChatwootAccount): Promise<ChatwootAgentBot[]> {
	const body = await requestChatwoot.call(this, account, `list the agent bots of account ${account.accountId}`, 'GET', agentBotsUrl(account));
	return read(this, readAgentBotList, body);
}

export async function getAgentBot(this: ChatwootApiContext, account: ChatwootAccount, id: number): Promise<ChatwootAgentBot> {
	const body = await requestChatwoot.call(this, account, `read agent bot ${id}`, 'GET', agentBotsUrl(account, id));
	return read(this, readAgentBot, body);
}

export async function createAgentBot(this: ChatwootApiContext, account: ChatwootAccount, input: ChatwootAgentBotInput): Promise<ChatwootAgentBot> {
	const body = await requestChatwoot.call(this, account, `create an agent bot for ${input.outgoing_url ?? 'a URL'}`, 'POST', agentBotsUrl(account), {
		...input,
	});
	return read(this, readAgentBot, body);
}

export async function updateAgentBot(
	this: ChatwootApiContext,
	account: ChatwootAccount,
	id: number,
	input: ChatwootAgentBotInput,
): Promise<ChatwootAgentBot> {
	const body = await requestChatwoot.call(this, account, `update agent bot ${id}`, 'PATCH', agentBotsUrl(account, id), { ...input });
	return read(this, readAgentBot, body);
}

/** Chatwoot answers a deletion with an empty 200. */
export async function deleteAgentBot(this: ChatwootApiContext, account: ChatwootAccount, id: number): Promise<void> {
	await requestChatwoot.call(this, account, `delete agent bot ${id}`, 'DELETE', agentBotsUrl(account, id));
}

/** The bot connected to an inbox, or undefined when it has none. */
export async function getInboxAgentBot(this: ChatwootApiContext, account: ChatwootAccount, inboxId: number): Promise<ChatwootAgentBot | undefined> {
	const body = await requestChatwoot.call(this, account, `read the agent bot of inbox ${inboxId}`, 'GET', inboxUrl(account, inboxId, 'agent_bot'));
	return read(this, readInboxAgentBot, body);
}

/** Connects a bot to an inbox, replacing the inbox's bot; null disconnects. Chatwoot answers an empty 200. */
export async function setInboxAgentBot(
	this: ChatwootApiContext,
	account: ChatwootAccount,
	inboxId: number,
	agentBotId: number | null,
): Promise<void> {
	const action = agentBotId === null ? `disconnect the agent bot of inbox ${inboxId}` : `connect agent bot ${agentBotId} to inbox ${inboxId}`;
	await requestChatwoot.call(this, account, action, 'POST', inboxUrl(account, inboxId, 'set_agent_bot'), { agent_bot: agentBotId });
}
