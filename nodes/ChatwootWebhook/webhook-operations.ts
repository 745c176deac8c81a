import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { ChatwootEvent } from '../../src/protocol/events';
import type { ChatwootWebhook, ChatwootWebhookInput } from '../../src/protocol/webhook';
import {
	createWebhook,
	deleteWebhook,
	listWebhooks,
	updateWebhook,
} from '../shared/chatwoot-webhook-api';
import { readChatwootAccount } from '../shared/chatwoot-api-request';
import { readResultLimit } from '../shared/result-limit';

/**
 * The Chatwoot Webhook node's operations, one item at a time. Each returns the webhooks it produced,
 * unwrapped from Chatwoot's `{"payload":{…}}` envelope; the node turns each into one output item.
 */
export type WebhookOperation = 'create' | 'get' | 'getAll' | 'update' | 'delete';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;

function asJson(webhook: ChatwootWebhook): IDataObject {
	return { ...webhook } as IDataObject;
}

function readWebhookId(this: IExecuteFunctions, itemIndex: number): number {
	const id = Number(this.getNodeParameter('webhookId', itemIndex));
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(this.getNode(), 'The webhook ID must be a positive whole number', { itemIndex });
	}
	return id;
}

/** 0, empty or absent: no inbox. */
function readInboxId(value: unknown): number | null {
	const id = Number(value);
	return Number.isInteger(id) && id > 0 ? id : null;
}

const create: Operation = async function (itemIndex) {
	const account = await readChatwootAccount.call(this, itemIndex);
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as { name?: string; inboxId?: number };
	const input: ChatwootWebhookInput = {
		url: String(this.getNodeParameter('url', itemIndex)).trim(),
		subscriptions: this.getNodeParameter('events', itemIndex, []) as ChatwootEvent[],
	};
	if (fields.name) input.name = fields.name;
	const inboxId = readInboxId(fields.inboxId);
	if (inboxId !== null) input.inbox_id = inboxId;
	return [asJson(await createWebhook.call(this, account, input, itemIndex))];
};

const get: Operation = async function (itemIndex) {
	const account = await readChatwootAccount.call(this, itemIndex);
	const id = readWebhookId.call(this, itemIndex);
	// Chatwoot has no route for one webhook: read the list and pick it out.
	const webhook = (await listWebhooks.call(this, account, itemIndex)).find((candidate) => candidate.id === id);
	if (!webhook) {
		throw new NodeOperationError(this.getNode(), `Webhook ${id} not found in Chatwoot account ${account.accountId}`, {
			itemIndex,
			description: 'Use Get Many to see the webhooks of the account and their IDs.',
		});
	}
	return [asJson(webhook)];
};

const getAll: Operation = async function (itemIndex) {
	const account = await readChatwootAccount.call(this, itemIndex);
	const webhooks = await listWebhooks.call(this, account, itemIndex);
	// Chatwoot returns the whole list at once; there is no pagination to follow.
	return webhooks.slice(0, readResultLimit.call(this, itemIndex)).map(asJson);
};

const update: Operation = async function (itemIndex) {
	const account = await readChatwootAccount.call(this, itemIndex);
	const id = readWebhookId.call(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as {
		url?: string;
		events?: ChatwootEvent[];
		name?: string;
		inboxId?: number;
	};
	const input: ChatwootWebhookInput = {};
	if (fields.url !== undefined && fields.url !== '') input.url = fields.url.trim();
	if (fields.events !== undefined) input.subscriptions = fields.events;
	if (fields.name !== undefined) input.name = fields.name;
	if (fields.inboxId !== undefined) input.inbox_id = readInboxId(fields.inboxId);
	if (Object.keys(input).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one field to update', { itemIndex });
	}
	return [asJson(await updateWebhook.call(this, account, id, input, itemIndex))];
};

const remove: Operation = async function (itemIndex) {
	const account = await readChatwootAccount.call(this, itemIndex);
	const id = readWebhookId.call(this, itemIndex);
	await deleteWebhook.call(this, account, id, itemIndex);
	return [{ id, deleted: true }];
};

const operations: Record<WebhookOperation, Operation> = { create, get, getAll, update, delete: remove };

export function webhookOperation(this: IExecuteFunctions, name: string, itemIndex: number): Operation {
	if (!(name in operations)) {
		throw new NodeOperationError(this.getNode(), `The operation "${name}" is not supported`, { itemIndex });
	}
	return operations[name as WebhookOperation];
}
