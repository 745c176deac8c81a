import type { INodeProperties } from 'n8n-workflow';

import { CHATWOOT_EVENTS, DEFAULT_SUBSCRIPTIONS } from '../../src/protocol/events';
import { resultLimitProperties } from '../shared/result-limit';

/** The Chatwoot Webhook node's parameters: resource `webhook`, five operations. */
const eventOptions = [...CHATWOOT_EVENTS]
	.sort((a, b) => a.displayName.localeCompare(b.displayName))
	.map((event) => ({ name: event.displayName, value: event.name, description: event.description }));

const show = (operation: string[]) => ({ show: { resource: ['webhook'], operation } });

const webhookId: INodeProperties = {
	displayName: 'Webhook ID',
	name: 'webhookId',
	type: 'number',
	required: true,
	default: 0,
	description: 'The ID Chatwoot gave the webhook (the ID field of Get Many)',
};

export const webhookProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Webhook',
				value: 'webhook',
			},
		],
		default: 'webhook',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a webhook in the Chatwoot account',
				action: 'Create a webhook',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a webhook',
				action: 'Delete a webhook',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a webhook by ID',
				action: 'Get a webhook',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the webhooks of the Chatwoot account',
				action: 'Get many webhooks',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the URL, events, name or inbox of a webhook',
				action: 'Update a webhook',
			},
		],
		default: 'getAll',
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/chatwoot-events',
		description: 'Where Chatwoot posts the events. One webhook per URL in an account.',
		displayOptions: show(['create']),
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [...DEFAULT_SUBSCRIPTIONS],
		options: eventOptions,
		description: 'The events Chatwoot sends to the URL',
		displayOptions: show(['create']),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['create']),
		options: [
			{
				displayName: 'Inbox ID',
				name: 'inboxId',
				type: 'number',
				default: 0,
				description:
					'Link the webhook to an inbox (0 for none). Chatwoot still sends the events of every inbox; it only shows the inbox with the webhook.',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'A label shown in Chatwoot’s webhook settings',
			},
		],
	},
	{ ...webhookId, displayOptions: show(['get', 'update', 'delete']) },
	...resultLimitProperties('webhook', 'getAll'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['update']),
		options: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: [],
				options: eventOptions,
				description: 'Replaces the events the webhook is subscribed to',
			},
			{
				displayName: 'Inbox ID',
				name: 'inboxId',
				type: 'number',
				default: 0,
				description: 'Link the webhook to an inbox (0 to unlink)',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'A label shown in Chatwoot’s webhook settings',
			},
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				description: 'Where Chatwoot posts the events',
			},
		],
	},
];
