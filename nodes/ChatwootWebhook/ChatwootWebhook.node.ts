import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { asNodeError } from '../shared/chatwoot-api-error';
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
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const results = await webhookOperation.call(this, operation, itemIndex).call(this, itemIndex);
				for (const json of results) returnData.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
					continue;
				}
				throw asNodeError(this.getNode(), error);
			}
		}

		return [returnData];
	}
}
