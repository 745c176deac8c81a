import type { INodeParameters } from 'n8n-workflow';

import { NodeUnderTest } from './node-under-test';

/**
 * This package's nodes, as n8n-core's package loader loads them from dist/, set up as a user would in the
 * editor, with a `chatwootApi` credential.
 */
export interface ChatwootAccountAccess {
	readonly baseUrl: string;
	readonly accessToken: string;
	readonly accountId?: number;
}

function credentials(access: ChatwootAccountAccess) {
	return { baseUrl: access.baseUrl, accountId: access.accountId ?? 1, apiAccessToken: access.accessToken };
}

export function chatwootTrigger(
	access: ChatwootAccountAccess,
	parameters: INodeParameters = { events: ['message_created'] },
	options: { workflowName?: string; webhookId?: string | null; name?: string } = {},
): NodeUnderTest {
	return new NodeUnderTest({
		nodeType: 'chatwootTrigger',
		parameters,
		credentialType: 'chatwootApi',
		credentials: credentials(access),
		webhookId: options.webhookId,
		name: options.name,
		workflow: { name: options.workflowName ?? 'Support bot' },
	});
}

export function chatwootWebhookNode(access: ChatwootAccountAccess, parameters: INodeParameters): NodeUnderTest {
	return new NodeUnderTest({
		nodeType: 'chatwootWebhook',
		parameters,
		credentialType: 'chatwootApi',
		credentials: credentials(access),
		workflow: { name: 'Manage webhooks' },
	});
}
