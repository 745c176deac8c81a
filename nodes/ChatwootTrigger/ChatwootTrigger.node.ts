import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CHATWOOT_EVENTS } from '../../src/protocol/events';
import { DEFAULT_TOLERANCE_SECONDS } from '../../src/protocol/signature';
import { receiveDelivery } from './receive-delivery';
import { DELIVERY_MEMORY_CAPACITY, DELIVERY_MEMORY_MINUTES } from './recent-deliveries';
import { createOrAdoptWebhook, deleteOwnWebhook, webhookExists } from './webhook-registration';

const eventOptions = [...CHATWOOT_EVENTS]
	.sort((a, b) => a.displayName.localeCompare(b.displayName))
	.map((event) => ({ name: event.displayName, value: event.name, description: event.description }));

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
		properties: [
			{
				displayName:
					"This trigger registers a webhook in Chatwoot when the workflow is activated and removes it when it is deactivated. Chatwoot must be able to reach n8n's webhook URL: not localhost, and on Chatwoot 4.14+ not a private network address unless Chatwoot runs with SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true.",
				name: 'reachabilityNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['message_created'],
				options: eventOptions,
				description:
					'The events that start the workflow. Chatwoot sends them for every inbox of the account; use the Inbox ID option to keep one. Each output item is the event payload as Chatwoot sent it, plus chatwootDelivery: { ID, timestamp, event, verified, verification }.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Check Signature',
						name: 'checkSignature',
						type: 'boolean',
						default: true,
						description:
							"Whether to verify each delivery's X-Chatwoot-Signature with the webhook's secret and answer 401 to anything that fails. Chatwoot before 4.11 gives no secret; its deliveries are accepted with chatwootDelivery.verified set to false.",
					},
					{
						displayName: 'Ignore Repeated Deliveries',
						name: 'ignoreRepeatedDeliveries',
						type: 'boolean',
						default: true,
						description: `Whether to start the workflow only once per X-Chatwoot-Delivery ID. IDs are remembered for ${DELIVERY_MEMORY_MINUTES} minutes (up to ${DELIVERY_MEMORY_CAPACITY.toLocaleString('en-US')} per trigger) in this n8n process's memory; a restart forgets them.`,
					},
					{
						displayName: 'Inbox ID',
						name: 'inboxId',
						type: 'number',
						default: 0,
						typeOptions: { minValue: 0 },
						description:
							'Only events from this inbox start the workflow (0 means all inboxes). Contact and inbox events belong to no inbox and always pass. The ID is the number after /inbox/ in Chatwoot\'s address bar.',
					},
					{
						displayName: 'Include Private Notes',
						name: 'includePrivateNotes',
						type: 'boolean',
						default: false,
						description: 'Whether private notes (and typing in a private note) start the workflow',
					},
					{
						displayName: 'Message Types',
						name: 'messageTypes',
						type: 'multiOptions',
						default: ['incoming'],
						options: [
							{
								name: 'Activity',
								value: 'activity',
								description: 'System messages such as "Conversation was resolved"',
							},
							{
								name: 'Incoming',
								value: 'incoming',
								description: 'From the contact',
							},
							{
								name: 'Outgoing',
								value: 'outgoing',
								description: 'From an agent, a bot or this workflow',
							},
							{
								name: 'Template',
								value: 'template',
								description: 'WhatsApp and other channel templates',
							},
						],
						description:
							'For message events: the message types that start the workflow. Incoming only by default, so that a bot does not answer its own replies.',
					},
					{
						displayName: 'Timestamp Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						default: DEFAULT_TOLERANCE_SECONDS,
						typeOptions: { minValue: 1 },
						description:
							"How far X-Chatwoot-Timestamp may be from this server's clock, in either direction, before a delivery is refused as a replay",
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await webhookExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createOrAdoptWebhook.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteOwnWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
