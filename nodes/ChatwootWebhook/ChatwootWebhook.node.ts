import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { executePerItem } from '../shared/per-item-execution';
import { webhookOperation } from './webhook-operations';
import { webhookProperties } from './webhook-properties';

export class ChatwootWebhook implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot Webhook',
		name: 'chatwootWebhook',
		icon: { light: 'file:chatwoot.svg', dark: 'file:chatwoot.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, get, update and delete the webhooks of a Chatwoot account',
		defaults: {
			name: 'Chatwoot Webhook',
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
		properties: webhookProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executePerItem.call(this, async function (itemIndex) {
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			return await webhookOperation.call(this, operation, itemIndex).call(this, itemIndex);
		});
	}
}
