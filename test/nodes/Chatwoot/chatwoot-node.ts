import type { IDataObject, INodeExecutionData, INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import type { TestDispatcher } from '../../support/dispatcher';
import type { ChatwootAccountAccess } from '../../support/n8n/chatwoot-nodes';
import { executeNode, type ExecuteContextOptions } from '../../support/n8n/execute-context';
import { listSearch } from '../../support/n8n/load-options-context';
import { NodeUnderTest } from '../../support/n8n/node-under-test';

/**
 * The Chatwoot node as n8n loads it from dist/ and a user sets it up, run in n8n-core's contexts against a
 * dispatcher over loopback, and the customer side
 * of a conversation made through the dispatcher's API (as Chatwoot's widget or an API channel would).
 */
export function accessTo(dispatcher: TestDispatcher): ChatwootAccountAccess {
	return { baseUrl: dispatcher.url, accessToken: dispatcher.token, accountId: dispatcher.accountId };
}

export function chatwootNode(access: ChatwootAccountAccess, parameters: INodeParameters): NodeUnderTest {
	return new NodeUnderTest({
		nodeType: 'chatwoot',
		parameters,
		credentialType: 'chatwootApi',
		credentials: { baseUrl: access.baseUrl, accountId: access.accountId ?? 1, apiAccessToken: access.accessToken },
		workflow: { name: 'Support flow' },
	});
}

export async function runNode(
	access: ChatwootAccountAccess,
	parameters: INodeParameters,
	options: ExecuteContextOptions = {},
): Promise<INodeExecutionData[]> {
	const [items] = await executeNode(chatwootNode(access, parameters), options);
	return items;
}

/** The json of each output item. */
export async function runJson(access: ChatwootAccountAccess, parameters: INodeParameters, options?: ExecuteContextOptions): Promise<IDataObject[]> {
	return (await runNode(access, parameters, options)).map((item) => item.json);
}

export type ListSearchMethod = 'searchInboxes' | 'searchTeams' | 'searchAgents' | 'searchLabels' | 'searchConversations';

export async function searchList(
	access: ChatwootAccountAccess,
	method: ListSearchMethod,
	filter?: string,
	parameters: INodeParameters = {},
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await listSearch(chatwootNode(access, parameters), method, filter, paginationToken);
}

/** A resource locator value as the editor saves it. */
export function picked(value: string | number, mode: 'list' | 'id' | 'name' = 'id') {
	return { __rl: true, mode, value: String(value) };
}

export interface CustomerConversation {
	readonly id: number;
	readonly contactId: number;
}

/** A contact in the seeded API inbox who writes in: a conversation with one incoming message. */
export async function customerWritesIn(
	dispatcher: TestDispatcher,
	contact: IDataObject = { name: 'Jane Doe', email: 'jane@example.com' },
	content = 'Hello, I need help',
): Promise<CustomerConversation> {
	const base = `/api/v1/accounts/${dispatcher.accountId}`;
	const created = await dispatcher.api<{ payload: { contact: { id: number }; contact_inbox: { source_id: string } } }>('POST', `${base}/contacts`, {
		inbox_id: 1,
		...contact,
	});
	if (created.status !== 200) throw new Error(`Creating the contact answered ${created.status}: ${JSON.stringify(created.body)}`);
	const { contact: made, contact_inbox } = created.body.payload;
	const conversation = await dispatcher.api<{ id: number }>('POST', `${base}/conversations`, {
		inbox_id: 1,
		source_id: contact_inbox.source_id,
		message: { content, message_type: 'incoming' },
	});
	if (conversation.status !== 200) throw new Error(`Creating the conversation answered ${conversation.status}: ${JSON.stringify(conversation.body)}`);
	return { id: conversation.body.id, contactId: made.id };
}
