import type { IExecuteFunctions } from 'n8n-workflow';

import { NOT_ALLOWED_MESSAGE } from '../shared/chatwoot-api-error';
import { chatwootRequest, readChatwootAccount, type ChatwootRequest } from '../shared/chatwoot-api-request';

/**
 * One call of the Chatwoot node for one input item: to the credential's account, or to the node's
 * "Account ID" when one is set. A 401 "not authorized" here means an agent outside the inbox or a
 * non-administrator, not the webhook API's "administrators only".
 */
export async function chatwootCall(
	this: IExecuteFunctions,
	itemIndex: number,
	request: Omit<ChatwootRequest, 'itemIndex' | 'refusal'>,
): Promise<unknown> {
	const account = await readChatwootAccount.call(this, itemIndex, this.getNodeParameter('accountId', itemIndex, 0));
	return await chatwootRequest.call(this, account, { ...request, itemIndex, refusal: NOT_ALLOWED_MESSAGE });
}

/** A path with a query string; arrays become Rails' `key[]=a&key[]=b`. Empty values are left out. */
export function withQuery(path: string, query: Record<string, string | number | string[] | undefined>): string {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		if (Array.isArray(value)) for (const item of value) search.append(`${key}[]`, item);
		else if (value !== undefined && value !== '') search.append(key, String(value));
	}
	const text = search.toString();
	return text ? `${path}?${text}` : path;
}
