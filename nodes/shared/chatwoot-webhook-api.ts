import { NodeOperationError, type IDataObject, type IHttpRequestMethods } from 'n8n-workflow';

import { readWebhook, readWebhookList } from '../../src/protocol/envelopes';
import type { ChatwootWebhook, ChatwootWebhookInput } from '../../src/protocol/webhook';
import { chatwootRequest, type ChatwootAccount, type ChatwootApiContext } from './chatwoot-api-request';

/**
 * Chatwoot's account webhook API (`/api/v1/accounts/{account_id}/webhooks`: index, create, update,
 * destroy; there is no show route).
 */
function webhooksPath(id?: number): string {
	return id === undefined ? '/webhooks' : `/webhooks/${id}`;
}

async function call(
	this: ChatwootApiContext,
	account: ChatwootAccount,
	action: string,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
	itemIndex?: number,
	timeoutMs?: number,
): Promise<unknown> {
	return await chatwootRequest.call(this, account, { method, path, body, action, itemIndex, timeoutMs });
}

function envelopeError(this: ChatwootApiContext, error: unknown, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(this.getNode(), error as Error, {
		itemIndex,
		description: 'The base URL may point at something other than the Chatwoot API.',
	});
}

export async function listWebhooks(
	this: ChatwootApiContext,
	account: ChatwootAccount,
	itemIndex?: number,
	timeoutMs?: number,
): Promise<ChatwootWebhook[]> {
	const body = await call.call(this, account, `list the webhooks of account ${account.accountId}`, 'GET', webhooksPath(), undefined, itemIndex, timeoutMs);
	try {
		return readWebhookList(body);
	} catch (error) {
		throw envelopeError.call(this, error, itemIndex);
	}
}

export async function createWebhook(
	this: ChatwootApiContext,
	account: ChatwootAccount,
	input: ChatwootWebhookInput,
	itemIndex?: number,
): Promise<ChatwootWebhook> {
	const body = await call.call(this, account, `create a webhook for ${input.url ?? 'a URL'}`, 'POST', webhooksPath(), {
		webhook: { ...input },
	}, itemIndex);
	try {
		return readWebhook(body);
	} catch (error) {
		throw envelopeError.call(this, error, itemIndex);
	}
}

export async function updateWebhook(
	this: ChatwootApiContext,
	account: ChatwootAccount,
	id: number,
	input: ChatwootWebhookInput,
	itemIndex?: number,
): Promise<ChatwootWebhook> {
	const body = await call.call(this, account, `update webhook ${id}`, 'PATCH', webhooksPath(id), { webhook: { ...input } }, itemIndex);
	try {
		return readWebhook(body);
	} catch (error) {
		throw envelopeError.call(this, error, itemIndex);
	}
}

/** Chatwoot answers a deletion with an empty 200. */
export async function deleteWebhook(this: ChatwootApiContext, account: ChatwootAccount, id: number, itemIndex?: number): Promise<void> {
	await call.call(this, account, `delete webhook ${id}`, 'DELETE', webhooksPath(id), undefined, itemIndex);
}
