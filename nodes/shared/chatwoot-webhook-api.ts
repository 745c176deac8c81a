import {
	NodeOperationError,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type IDataObject,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { readWebhook, readWebhookList } from '../../src/protocol/envelopes';
import type { ChatwootWebhook, ChatwootWebhookInput } from '../../src/protocol/webhook';
import { toChatwootApiError } from './chatwoot-api-error';

/**
 * Chatwoot's account webhook API (`/api/v1/accounts/{account_id}/webhooks`: index, create, update,
 * destroy; there is no show route). Every call goes through n8n's authenticated HTTP helper with the
 * `chatwootApi` credential, and every failure comes back as a NodeApiError in Chatwoot's words.
 */
export type ChatwootApiContext = IHookFunctions | IExecuteFunctions | IWebhookFunctions;

export const CHATWOOT_CREDENTIAL = 'chatwootApi';

/** Webhook administration is a handful of small calls; a Chatwoot that needs longer is not answering. */
const REQUEST_TIMEOUT_MS = 20_000;

export interface ChatwootAccount {
	/** Without a trailing slash. */
	readonly baseUrl: string;
	readonly accountId: number;
}

export async function readChatwootAccount(this: ChatwootApiContext, itemIndex?: number): Promise<ChatwootAccount> {
	const credentials = await this.getCredentials<{ baseUrl?: unknown; accountId?: unknown }>(CHATWOOT_CREDENTIAL, itemIndex);
	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	const accountId = Number(credentials.accountId);
	if (!/^https?:\/\/[^/]/i.test(baseUrl)) {
		throw new NodeOperationError(this.getNode(), 'The Chatwoot credential needs a base URL starting with http:// or https://', {
			itemIndex,
		});
	}
	if (!Number.isInteger(accountId) || accountId <= 0) {
		throw new NodeOperationError(this.getNode(), 'The Chatwoot credential needs the account ID, a whole number such as 1', {
			itemIndex,
		});
	}
	return { baseUrl, accountId };
}

function webhooksUrl(account: ChatwootAccount, id?: number): string {
	const collection = `${account.baseUrl}/api/v1/accounts/${account.accountId}/webhooks`;
	return id === undefined ? collection : `${collection}/${id}`;
}

export async function requestChatwoot(
	this: ChatwootApiContext,
	account: ChatwootAccount,
	action: string,
	method: IHttpRequestMethods,
	url: string,
	body?: IDataObject,
	itemIndex?: number,
): Promise<unknown> {
	const options: IHttpRequestOptions = { method, url, json: true, timeout: REQUEST_TIMEOUT_MS };
	if (body) options.body = body;
	try {
		return await this.helpers.httpRequestWithAuthentication.call(this, CHATWOOT_CREDENTIAL, options);
	} catch (error) {
		throw toChatwootApiError(this.getNode(), error, { action, baseUrl: account.baseUrl, itemIndex });
	}
}

function envelopeError(this: ChatwootApiContext, error: unknown, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(this.getNode(), error as Error, {
		itemIndex,
		description: 'The base URL may point at something other than the Chatwoot API.',
	});
}

export async function listWebhooks(this: ChatwootApiContext, account: ChatwootAccount, itemIndex?: number): Promise<ChatwootWebhook[]> {
	const body = await requestChatwoot.call(this, account, `list the webhooks of account ${account.accountId}`, 'GET', webhooksUrl(account), undefined, itemIndex);
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
	const body = await requestChatwoot.call(this, account, `create a webhook for ${input.url ?? 'a URL'}`, 'POST', webhooksUrl(account), {
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
	const body = await requestChatwoot.call(this, account, `update webhook ${id}`, 'PATCH', webhooksUrl(account, id), { webhook: { ...input } }, itemIndex);
	try {
		return readWebhook(body);
	} catch (error) {
		throw envelopeError.call(this, error, itemIndex);
	}
}

/** Chatwoot answers a deletion with an empty 200. */
export async function deleteWebhook(this: ChatwootApiContext, account: ChatwootAccount, id: number, itemIndex?: number): Promise<void> {
	await requestChatwoot.call(this, account, `delete webhook ${id}`, 'DELETE', webhooksUrl(account, id), undefined, itemIndex);
}
