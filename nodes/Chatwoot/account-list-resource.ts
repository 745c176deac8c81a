import type { INodeProperties } from 'n8n-workflow';

import { ACCOUNT_LISTS, type AccountListKind } from './account-lists';
import { chatwootCall } from './chatwoot-call';
import type { ResourceOperations } from './resource-operation';
import { readResultLimit, resultLimitProperties } from '../shared/result-limit';

/** A resource whose one operation is Get Many of an account list (teams, agents, inboxes, labels). */
export interface AccountListResource {
	readonly properties: INodeProperties[];
	readonly operations: ResourceOperations;
}

export function accountListResource(kind: AccountListKind, description: string): AccountListResource {
	const list = ACCOUNT_LISTS[kind];
	return {
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [kind] } },
				options: [{ name: 'Get Many', value: 'getAll', description, action: `Get many ${list.noun}` }],
				default: 'getAll',
			},
			...resultLimitProperties(kind, 'getAll'),
		],
		operations: {
			// Chatwoot answers these lists whole; there are no pages to follow.
			async getAll(itemIndex) {
				const answer = await chatwootCall.call(this, itemIndex, { method: 'GET', path: list.path, action: `list the ${list.noun}` });
				return list.rows(answer).slice(0, readResultLimit.call(this, itemIndex));
			},
		},
	};
}
