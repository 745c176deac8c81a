import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { agentBotExists, createOrAdoptAgentBot, deleteOwnAgentBot } from './agent-bot-registration';
import { pastedSourceIsReady } from './pasted-source';
import { receiveDelivery } from './receive-delivery';
import { testWebhookSecret } from './secret-credential-test';
import { readTriggerOptions } from './trigger-options';
import { triggerProperties } from './trigger-properties';
import { readSource } from './trigger-source';
import { createOrAdoptWebhook, deleteOwnWebhook, webhookExists } from './webhook-registration';

export class ChatwootTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot Trigger',
		name: 'chatwootTrigger',
		icon: { light: 'file:chatwoot.svg', dark: 'file:chatwoot.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves exactly as 1. It exists because n8n evaluates a Webhook-node-v1 expression
		// ($parameter.options.binaryData) on every request to a start node whose typeVersion is 1.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when Chatwoot sends a webhook event, with its signature verified',
		defaults: {
			name: 'Chatwoot Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'chatwootApi',
				required: true,
				displayOptions: { show: { source: ['accountWebhook', 'agentBot'] } },
			},
			{
				// Optional: automation rules and macros sign nothing, and a trigger for them needs no secret.
				name: 'chatwootWebhookSecretApi',
				required: false,
				testedBy: 'testWebhookSecret',
				displayOptions: { show: { source: ['apiInbox', 'manual'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: { testWebhookSecret },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				readTriggerOptions.call(this);
				const source = readSource.call(this);
				if (source === 'agentBot') return await agentBotExists.call(this);
				if (source === 'accountWebhook') return await webhookExists.call(this);
				return await pastedSourceIsReady.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const source = readSource.call(this);
				if (source === 'agentBot') return await createOrAdoptAgentBot.call(this);
				if (source === 'accountWebhook') return await createOrAdoptWebhook.call(this);
				return await pastedSourceIsReady.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const source = readSource.call(this);
				if (source === 'agentBot') return await deleteOwnAgentBot.call(this);
				if (source === 'accountWebhook') return await deleteOwnWebhook.call(this);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
