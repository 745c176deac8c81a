import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { NOT_ALLOWED_MESSAGE } from '../shared/chatwoot-api-error';
import { chatwootRequest, readChatwootAccount, type ChatwootAccount } from '../shared/chatwoot-api-request';
import { ACCOUNT_LISTS, type AccountListKind } from './account-lists';
import { withQuery } from './chatwoot-call';

/**
 * The pick-lists' searches (`methods.listSearch`): each loads from the account the node points at (the
 * credential's, or the node's Account ID) and keeps the entries whose name contains the typed text.
 */
async function account(this: ILoadOptionsFunctions): Promise<ChatwootAccount> {
	return await readChatwootAccount.call(this, undefined, this.getCurrentNodeParameter('accountId') ?? 0);
}

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const wanted = filter.toLowerCase();
	return texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(wanted));
}

async function searchList(
	this: ILoadOptionsFunctions,
	kind: AccountListKind,
	filter: string | undefined,
	entry: (row: IDataObject) => INodeListSearchItems,
): Promise<INodeListSearchResult> {
	const target = await account.call(this);
	const list = ACCOUNT_LISTS[kind];
	const answer = await chatwootRequest.call(this, target, { method: 'GET', path: list.path, action: `list the ${list.noun}`, refusal: NOT_ALLOWED_MESSAGE });
	const results = list.rows(answer).map(entry).filter((item) => matches(filter, item.name));
	return { results };
}

/** Chatwoot's conversation index gives 25 a page; n8n asks for the next with the token it was given. */
const CONVERSATION_PAGE_SIZE = 25;

export const listSearch = {
	async searchInboxes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await searchList.call(this, 'inbox', filter, (inbox) => ({ name: String(inbox.name), value: String(inbox.id) }));
	},

	async searchTeams(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await searchList.call(this, 'team', filter, (team) => ({ name: String(team.name), value: String(team.id) }));
	},

	async searchAgents(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await searchList.call(this, 'agent', filter, (agent) => ({
			name: agent.email ? `${String(agent.name)} (${String(agent.email)})` : String(agent.name),
			value: String(agent.id),
		}));
	},

	async searchLabels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await searchList.call(this, 'label', filter, (label) => ({ name: String(label.title), value: String(label.title) }));
	},

	/** All statuses, newest activity first, named by number, contact and status. */
	async searchConversations(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const target = await account.call(this);
		const page = Number(paginationToken ?? 1) || 1;
		const answer = (await chatwootRequest.call(this, target, {
			method: 'GET',
			path: withQuery('/conversations', { status: 'all', page }),
			action: 'list conversations',
			refusal: NOT_ALLOWED_MESSAGE,
		})) as { data?: { payload?: IDataObject[] } };
		const rows = answer.data?.payload ?? [];
		const results = rows
			.map((conversation) => {
				const contact = (conversation.meta as { sender?: IDataObject } | undefined)?.sender ?? {};
				return {
					name: `#${String(conversation.id)} ${String(contact.name ?? '')} (${String(conversation.status)})`,
					value: String(conversation.id),
					url: `${target.baseUrl}/app/accounts/${target.accountId}/conversations/${String(conversation.id)}`,
					contact,
				};
			})
			.filter((item) => matches(filter, item.name, item.contact.email, item.contact.phone_number))
			.map(({ name, value, url }) => ({ name, value, url }));
		return { results, paginationToken: rows.length < CONVERSATION_PAGE_SIZE ? undefined : String(page + 1) };
	},
};

