import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { chatwootCall, withQuery } from './chatwoot-call';
import { customAttributesProperty, readCustomAttributes } from './custom-attributes';
import { locator, readLocatorId } from './resource-locators';
import type { ResourceOperations } from './resource-operation';
import { readResultLimit, resultLimitProperties } from '../shared/result-limit';
import { simplifyConversation, simplifyProperty } from './simplified-output';

/** Contacts (`/contacts`): the customers. Any agent of the account may read and change any contact. */
const show = (operation: string[]) => ({ show: { resource: ['contact'], operation } });

const contactFields: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
	},
	{
		displayName: 'Identifier',
		name: 'identifier',
		type: 'string',
		default: '',
		description: "The contact's ID in your own system, e.g. a CRM ID",
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		placeholder: '+15551234567',
		description: 'In international (E.164) format, starting with +',
	},
	customAttributesProperty(),
];

export const contactProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a contact in an inbox, ready for a conversation',
				action: 'Create a contact',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a contact by ID',
				action: 'Get a contact',
			},
			{
				name: 'Get Conversations',
				value: 'getConversations',
				description: "Get a contact's conversations, newest activity first",
				action: 'Get conversations of a contact',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find contacts whose name, email, phone number or identifier contains the text',
				action: 'Search contacts',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a contact's name, email, phone number, identifier or custom attributes",
				action: 'Update a contact',
			},
		],
		default: 'get',
	},
	{ ...locator('inbox'), displayOptions: show(['create']) },
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Jane Doe',
		displayOptions: show(['create']),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['create']),
		options: contactFields,
	},
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'number',
		required: true,
		default: 0,
		description: 'The ID Chatwoot gave the contact; conversation events carry it as the ID of meta.sender',
		displayOptions: show(['get', 'update', 'getConversations']),
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['update']),
		options: [...contactFields, { displayName: 'Name', name: 'name', type: 'string', default: '' }],
	},
	{
		displayName: 'Search Text',
		name: 'query',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. jane@example.com',
		description: 'Part of the name, email, phone number or identifier',
		displayOptions: show(['search']),
	},
	...resultLimitProperties('contact', 'search'),
	simplifyProperty('contact', ['getConversations']),
];

/** Chatwoot's contact params from the node's fields; only the fields given are sent. */
function contactBody(fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	if (fields.name !== undefined) body.name = fields.name;
	if (fields.email !== undefined) body.email = fields.email;
	if (fields.phoneNumber !== undefined) body.phone_number = fields.phoneNumber;
	if (fields.identifier !== undefined) body.identifier = fields.identifier;
	const attributes = readCustomAttributes(fields.customAttributes);
	if (Object.keys(attributes).length > 0) body.custom_attributes = attributes;
	return body;
}

function readContactId(this: IExecuteFunctions, itemIndex: number): number {
	const id = Number(this.getNodeParameter('contactId', itemIndex));
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(this.getNode(), 'The contact ID must be a whole number such as 1', {
			itemIndex,
			description: 'Use Search to find a contact and its ID.',
		});
	}
	return id;
}

function payloadOf(answer: unknown): IDataObject {
	return ((answer as { payload?: IDataObject }).payload ?? {}) as IDataObject;
}

export const contactOperations: ResourceOperations = {
	async create(itemIndex) {
		const inboxId = readLocatorId.call(this, 'inbox', itemIndex);
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const name = String(this.getNodeParameter('name', itemIndex, ''));
		const body = { ...contactBody(fields), ...(name ? { name } : {}), inbox_id: inboxId };
		const answer = await chatwootCall.call(this, itemIndex, {
			method: 'POST',
			path: '/contacts',
			body,
			action: `create a contact in inbox ${inboxId}`,
		});
		return [payloadOf(answer).contact as IDataObject];
	},

	async get(itemIndex) {
		const contactId = readContactId.call(this, itemIndex);
		return [payloadOf(await chatwootCall.call(this, itemIndex, { method: 'GET', path: `/contacts/${contactId}`, action: `get contact ${contactId}` }))];
	},

	/** Chatwoot answers 15 a page with `meta.has_more`; a blank search finds nothing. */
	async search(itemIndex) {
		const query = String(this.getNodeParameter('query', itemIndex)).trim();
		if (!query) throw new NodeOperationError(this.getNode(), 'Enter the text to search for', { itemIndex });
		const limit = readResultLimit.call(this, itemIndex);
		const contacts: IDataObject[] = [];
		for (let page = 1; contacts.length < limit; page++) {
			const answer = (await chatwootCall.call(this, itemIndex, {
				method: 'GET',
				path: withQuery('/contacts/search', { q: query, page }),
				action: `search contacts for "${query}"`,
			})) as { meta?: { has_more?: boolean }; payload?: IDataObject[] };
			const rows = answer.payload ?? [];
			contacts.push(...rows);
			if (!answer.meta?.has_more || rows.length === 0) break;
		}
		return contacts.slice(0, limit);
	},

	/** Chatwoot merges the custom attributes given into the contact's; the others stay. */
	async update(itemIndex) {
		const contactId = readContactId.call(this, itemIndex);
		const body = contactBody(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
		if (Object.keys(body).length === 0) throw new NodeOperationError(this.getNode(), 'Add at least one field to update', { itemIndex });
		const answer = await chatwootCall.call(this, itemIndex, {
			method: 'PATCH',
			path: `/contacts/${contactId}`,
			body,
			action: `update contact ${contactId}`,
		});
		return [payloadOf(answer)];
	},

	async getConversations(itemIndex) {
		const contactId = readContactId.call(this, itemIndex);
		const answer = (await chatwootCall.call(this, itemIndex, {
			method: 'GET',
			path: `/contacts/${contactId}/conversations`,
			action: `get the conversations of contact ${contactId}`,
		})) as { payload?: IDataObject[] };
		const conversations = answer.payload ?? [];
		return this.getNodeParameter('simplify', itemIndex, true) ? conversations.map(simplifyConversation) : conversations;
	},
};
