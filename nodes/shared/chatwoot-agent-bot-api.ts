import { NodeOperationError } from 'n8n-workflow';

import type { ChatwootAgentBot, ChatwootAgentBotInput } from '../../src/protocol/agent-bot';
import { readAgentBot, readAgentBotList, readInboxAgentBot } from '../../src/protocol/envelopes';
import { chatwootRequest, type ChatwootAccount, type ChatwootApiContext } from './chatwoot-api-request';

/**
 * Chatwoot's agent bot API (`/api/v1/accounts/{account_id}/agent_bots`, administrators for writes) and
 * the two inbox routes that connect a bot (`POST /inboxes/{id}/set_agent_bot`, `GET /inboxes/{id}/agent_bot`).
 * Bodies are top-level params, answers bare objects (`app/controllers/api/v1/accounts/agent_bots_controller.rb`).
 */
function agentBotsPath(id?: number): string {
	return id === undefined ? '/agent_bots' : `/agent_bots/${id}`;
}

function inboxPath(inboxId: number, action: 'agent_bot' | 'set_agent_bot'): string {
	return `/inboxes/${inboxId}/${action}`;
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
	const body = await chatwootRequest.call(this, account, { method: 'GET', path: agentBotsPath(), action: `list the agent bots of account ${account.accountId}` });
	return read(this, readAgentBotList, body);
}

export async function getAgentBot(this: ChatwootApiContext, account: ChatwootAccount, id: number, timeoutMs?: number): Promise<ChatwootAgentBot> {
	const body = await chatwootRequest.call(this, account, { method: 'GET', path: agentBotsPath(id), action: `read agent bot ${id}`, timeoutMs });
	return read(this, readAgentBot, body);
}

export async function createAgentBot(this: ChatwootApiContext, account: ChatwootAccount, input: ChatwootAgentBotInput): Promise<ChatwootAgentBot> {
	const body = await chatwootRequest.call(this, account, {
		method: 'POST',
		path: agentBotsPath(),
		body: { ...input },
		action: `create an agent bot for ${input.outgoing_url ?? 'a URL'}`,
	});
	return read(this, readAgentBot, body);
}

export async function updateAgentBot(
	this: ChatwootApiContext,
	account: ChatwootAccount,
	id: number,
	input: ChatwootAgentBotInput,
): Promise<ChatwootAgentBot> {
	const body = await chatwootRequest.call(this, account, { method: 'PATCH', path: agentBotsPath(id), body: { ...input }, action: `update agent bot ${id}` });
	return read(this, readAgentBot, body);
}

/** Chatwoot answers a deletion with an empty 200. */
export async function deleteAgentBot(this: ChatwootApiContext, account: ChatwootAccount, id: number): Promise<void> {
	await chatwootRequest.call(this, account, { method: 'DELETE', path: agentBotsPath(id), action: `delete agent bot ${id}` });
}

/** The bot connected to an inbox, or undefined when it has none. */
export async function getInboxAgentBot(this: ChatwootApiContext, account: ChatwootAccount, inboxId: number): Promise<ChatwootAgentBot | undefined> {
	const body = await chatwootRequest.call(this, account, {
		method: 'GET',
		path: inboxPath(inboxId, 'agent_bot'),
		action: `read the agent bot of inbox ${inboxId}`,
	});
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
	await chatwootRequest.call(this, account, { method: 'POST', path: inboxPath(inboxId, 'set_agent_bot'), body: { agent_bot: agentBotId }, action });
}
