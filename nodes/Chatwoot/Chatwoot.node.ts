import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { executePerItem } from '../shared/per-item-execution';
import { agentResource } from './agent-resource';
import { contactOperations, contactProperties } from './contact-resource';
import { conversationOperations, conversationProperties } from './conversation-resource';
import { inboxResource } from './inbox-resource';
import { labelResource } from './label-resource';
import { listSearch } from './list-search';
import { messageOperations, messageProperties } from './message-resource';
import type { ResourceOperations } from './resource-operation';
import { teamResource } from './team-resource';

const OPERATIONS: Record<string, ResourceOperations> = {
	message: messageOperations,
	conversation: conversationOperations,
	contact: contactOperations,
	team: teamResource.operations,
	agent: agentResource.operations,
	inbox: inboxResource.operations,
	label: labelResource.operations,
};

/**
 * Acts in Chatwoot: replies and private notes, assigning conversations to agents and teams, status,
 * priority, labels, custom attributes and contacts. Usable as an AI Agent tool.
 */
export class Chatwoot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot',
		name: 'chatwoot',
		icon: { light: 'file:chatwoot.svg', dark: 'file:chatwoot.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Reply, add private notes, assign, label and resolve Chatwoot conversations, and manage contacts',
		defaults: {
			name: 'Chatwoot',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'chatwootApi',
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agent', value: 'agent' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Inbox', value: 'inbox' },
					{ name: 'Label', value: 'label' },
					{ name: 'Message', value: 'message' },
					{ name: 'Team', value: 'team' },
				],
				default: 'message',
			},
			...messageProperties,
			...conversationProperties,
			...contactProperties,
			...teamResource.properties,
			...agentResource.properties,
			...inboxResource.properties,
			...labelResource.properties,
			{
				displayName: 'Account ID',
				name: 'accountId',
				type: 'number',
				default: 0,
				description:
					"Leave at 0 to use the account of the credential. Set it when one access token reaches several Chatwoot accounts, e.g. an agency's.",
			},
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executePerItem.call(this, async function (itemIndex) {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const run = OPERATIONS[resource]?.[operation];
			if (!run) {
				throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, { itemIndex });
			}
			return await run.call(this, itemIndex);
		});
	}
}
