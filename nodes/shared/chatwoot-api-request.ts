import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { toChatwootApiError, type ChatwootRefusal } from './chatwoot-api-error';

/**
 * One authenticated call to Chatwoot's account API (`/api/v1/accounts/{account_id}/…`) through n8n's HTTP
 * helper with the `chatwootApi` credential. Every failure comes back as a NodeApiError in Chatwoot's words.
 */
export type ChatwootApiContext = IHookFunctions | IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions;

export const CHATWOOT_CREDENTIAL = 'chatwootApi';

/** Every call the nodes make is a small read or write; a Chatwoot that needs longer is not answering. */
const REQUEST_TIMEOUT_MS = 20_000;

export interface ChatwootAccount {
	/** Without a trailing slash. */
	readonly baseUrl: string;
	readonly accountId: number;
}

/**
 * The credential's Chatwoot and account. `accountIdOverride` (a node's "Account ID" option, for agencies
 * whose token reaches several accounts) replaces the credential's account when it is a positive number.
 */
export async function readChatwootAccount(
	this: ChatwootApiContext,
	itemIndex?: number,
	accountIdOverride?: unknown,
): Promise<ChatwootAccount> {
	const credentials = await this.getCredentials<{ baseUrl?: unknown; accountId?: unknown }>(CHATWOOT_CREDENTIAL, itemIndex);
	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	const override = Number(accountIdOverride ?? 0);
	const accountId = override ? override : Number(credentials.accountId);
	if (!/^https?:\/\/[^/]/i.test(baseUrl)) {
		throw new NodeOperationError(this.getNode(), 'The Chatwoot credential needs a base URL starting with http:// or https://', {
			itemIndex,
		});
	}
	if (!Number.isInteger(accountId) || accountId <= 0) {
		throw new NodeOperationError(
			this.getNode(),
			override ? `The account ID "${String(accountIdOverride)}" is not a whole number such as 1` : 'The Chatwoot credential needs the account ID, a whole number such as 1',
			{ itemIndex },
		);
	}
	return { baseUrl, accountId };
}

export interface ChatwootRequest {
	readonly method: IHttpRequestMethods;
	/** Below the account, query included, e.g. `/conversations?status=all&labels[]=vip`. */
	readonly path: string;
	readonly body?: IDataObject;
	/** What the node was doing, for the error message, e.g. "send a reply to conversation 12". */
	readonly action: string;
	/** What Chatwoot's 401 "not authorized to do this action" means for this call. */
	readonly refusal?: ChatwootRefusal;
	readonly itemIndex?: number;
	/** Shorter than the default where someone is waiting on the answer (a delivery Chatwoot gives up on). */
	readonly timeoutMs?: number;
}

export function accountUrl(account: ChatwootAccount, path: string): string {
	return `${account.baseUrl}/api/v1/accounts/${account.accountId}${path}`;
}

export async function chatwootRequest(this: ChatwootApiContext, account: ChatwootAccount, request: ChatwootRequest): Promise<unknown> {
	const options: IHttpRequestOptions = { method: request.method, url: accountUrl(account, request.path), json: true, timeout: request.timeoutMs ?? REQUEST_TIMEOUT_MS };
	if (request.body) options.body = request.body;
	try {
		return await this.helpers.httpRequestWithAuthentication.call(this, CHATWOOT_CREDENTIAL, options);
	} catch (error) {
		throw toChatwootApiError(this.getNode(), error, {
			action: request.action,
			baseUrl: account.baseUrl,
			itemIndex: request.itemIndex,
			refusal: request.refusal,
		});
	}
}
