import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatwootCall, withQuery } from './chatwoot-call';
import { locator, readLocatorId } from './resource-locators';
import type { ResourceOperations } from './resource-operation';
import { readResultLimit, resultLimitProperties } from '../shared/result-limit';
import { simplifyMessage, simplifyProperty } from './simplified-output';

/**
 * Messages of a conversation (`/conversations/{id}/messages`): a reply the customer sees, a private note
 * only agents see, and the conversation's history.
 */
const show = (operation: string[]) => ({ show: { resource: ['message'], operation } });

export const messageProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the messages of a conversation, oldest first, private notes included',
				action: 'Get many messages',
			},
			{
				name: 'Send Private Note',
				value: 'sendPrivateNote',
				description: 'Add a note to a conversation that only agents see; the customer never receives it',
				action: 'Send a private note',
			},
			{
				name: 'Send Reply',
				value: 'sendReply',
				description: 'Send a message to the customer in a conversation (an outgoing message)',
				action: 'Send a reply',
			},
		],
		default: 'sendReply',
	},
	{ ...locator('conversation'), displayOptions: show(['sendReply', 'sendPrivateNote', 'getAll']) },
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description: 'The text of the message',
		displayOptions: show(['sendReply', 'sendPrivateNote']),
	},
	...resultLimitProperties('message', 'getAll'),
	simplifyProperty('message', ['sendReply', 'sendPrivateNote', 'getAll']),
];

function output(this: IExecuteFunctions, itemIndex: number, messages: IDataObject[]): IDataObject[] {
	return this.getNodeParameter('simplify', itemIndex, true) ? messages.map(simplifyMessage) : messages;
}

async function send(this: IExecuteFunctions, itemIndex: number, isPrivate: boolean): Promise<IDataObject[]> {
	const conversationId = readLocatorId.call(this, 'conversation', itemIndex);
	const content = String(this.getNodeParameter('content', itemIndex));
	const message = (await chatwootCall.call(this, itemIndex, {
		method: 'POST',
		path: `/conversations/${conversationId}/messages`,
		body: { content, message_type: 'outgoing', private: isPrivate },
		action: `send a ${isPrivate ? 'private note' : 'reply'} to conversation ${conversationId}`,
	})) as IDataObject;
	return output.call(this, itemIndex, [message]);
}

export const messageOperations: ResourceOperations = {
	async sendReply(itemIndex) {
		return await send.call(this, itemIndex, false);
	},

	async sendPrivateNote(itemIndex) {
		return await send.call(this, itemIndex, true);
	},

	/** Chatwoot gives the newest 20 at a time, oldest first; `before` pages back through older ones. */
	async getAll(itemIndex) {
		const conversationId = readLocatorId.call(this, 'conversation', itemIndex);
		const limit = readResultLimit.call(this, itemIndex);
		let messages: IDataObject[] = [];
		let before: number | undefined;
		while (messages.length < limit) {
			const answer = (await chatwootCall.call(this, itemIndex, {
				method: 'GET',
				path: withQuery(`/conversations/${conversationId}/messages`, { before }),
				action: `get the messages of conversation ${conversationId}`,
			})) as { payload?: IDataObject[] };
			// Only older messages count: a server that ignores `before` must not make this loop forever.
			const page = (Array.isArray(answer.payload) ? answer.payload : []).filter(
				(message) => before === undefined || Number(message.id) < before,
			);
			if (page.length === 0) break;
			messages = [...page, ...messages];
			before = Number(page[0].id);
		}
		return output.call(this, itemIndex, Number.isFinite(limit) ? messages.slice(-limit) : messages);
	},
};
