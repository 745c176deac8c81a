import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { chatwootCall, withQuery } from './chatwoot-call';
import { customAttributesProperty, readCustomAttributes } from './custom-attributes';
import { labelNames, locator, locatorId, locatorValue, readLocatorId } from './resource-locators';
import type { ResourceOperations } from './resource-operation';
import { readResultLimit, resultLimitProperties } from '../shared/result-limit';
import { simplifyConversation, simplifyProperty } from './simplified-output';

/**
 * Conversations (`/conversations`): read them, and change what a routing flow or an AI Agent changes:
 * the agent and team, the status, the priority, the labels and the custom attributes. Every change
 * outputs the conversation as it is afterwards.
 */
const show = (operation: string[]) => ({ show: { resource: ['conversation'], operation } });

const CHANGES = ['assign', 'setStatus', 'setPriority', 'addLabels', 'removeLabels', 'setCustomAttributes'];

/** Chatwoot's conversation index gives 25 a page (`CONVERSATION_RESULTS_PER_PAGE`). */
const PAGE_SIZE = 25;

export const conversationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{
				name: 'Add Labels',
				value: 'addLabels',
				description: 'Add labels to a conversation, keeping the labels it has',
				action: 'Add labels to a conversation',
			},
			{
				name: 'Assign',
				value: 'assign',
				description: 'Assign a conversation to an agent, a team or both, or unassign it',
				action: 'Assign a conversation',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a conversation: contact, status, assignee, team, labels and newest message',
				action: 'Get a conversation',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get conversations, filtered by status, inbox, assignee, team or labels, newest activity first',
				action: 'Get many conversations',
			},
			{
				name: 'Remove Labels',
				value: 'removeLabels',
				description: 'Remove labels from a conversation, keeping its other labels',
				action: 'Remove labels from a conversation',
			},
			{
				name: 'Set Custom Attributes',
				value: 'setCustomAttributes',
				description: 'Set custom attributes of a conversation, keeping the others',
				action: 'Set custom attributes of a conversation',
			},
			{
				name: 'Set Priority',
				value: 'setPriority',
				description: 'Set the priority of a conversation (none, low, medium, high, urgent)',
				action: 'Set the priority of a conversation',
			},
			{
				name: 'Set Status',
				value: 'setStatus',
				description: 'Open, resolve, set pending or snooze a conversation until a time',
				action: 'Set the status of a conversation',
			},
		],
		default: 'get',
	},
	{ ...locator('conversation'), displayOptions: show(['get', ...CHANGES]) },

	// Assign
	{
		displayName: 'Agent',
		name: 'agentAction',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Assign an Agent', value: 'assign', description: 'Make an agent the assignee' },
			{ name: 'Keep the Current Agent', value: 'keep', description: 'Leave the assignee as it is' },
			{ name: 'Unassign the Agent', value: 'unassign', description: 'Leave the conversation without an assignee' },
		],
		default: 'assign',
		description: 'What to do with the agent the conversation is assigned to',
		displayOptions: show(['assign']),
	},
	{ ...locator('agent'), displayOptions: { show: { resource: ['conversation'], operation: ['assign'], agentAction: ['assign'] } } },
	{
		displayName: 'Team',
		name: 'teamAction',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Assign a Team',
				value: 'assign',
				description: 'Set the team. An agent who is not a member of it is unassigned, as Chatwoot does.',
			},
			{ name: 'Keep the Current Team', value: 'keep', description: 'Leave the team as it is' },
			{ name: 'Remove the Team', value: 'remove', description: 'Leave the conversation without a team' },
		],
		default: 'keep',
		description: 'What to do with the team of the conversation. A team is set before the agent.',
		displayOptions: show(['assign']),
	},
	{ ...locator('team'), displayOptions: { show: { resource: ['conversation'], operation: ['assign'], teamAction: ['assign'] } } },

	// Set Status
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Open', value: 'open' },
			{ name: 'Pending', value: 'pending', description: 'Waiting, e.g. for a bot, before an agent takes it' },
			{ name: 'Resolved', value: 'resolved' },
			{ name: 'Snoozed', value: 'snoozed', description: 'Hidden until a time, then open again' },
		],
		default: 'resolved',
		description: 'The status to set',
		displayOptions: show(['setStatus']),
	},
	{
		displayName: 'Snoozed Until',
		name: 'snoozedUntil',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'When the conversation opens again',
		displayOptions: { show: { resource: ['conversation'], operation: ['setStatus'], status: ['snoozed'] } },
	},

	// Set Priority
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'options',
		options: [
			{ name: 'High', value: 'high' },
			{ name: 'Low', value: 'low' },
			{ name: 'Medium', value: 'medium' },
			{ name: 'None', value: 'none' },
			{ name: 'Urgent', value: 'urgent' },
		],
		default: 'high',
		description: 'The priority to set; None clears it',
		displayOptions: show(['setPriority']),
	},

	// Labels
	{ ...locator('label'), displayOptions: show(['addLabels', 'removeLabels']) },

	// Custom attributes
	{ ...customAttributesProperty(), displayOptions: show(['setCustomAttributes']) },

	// Get Many
	...resultLimitProperties('conversation', 'getAll'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(['getAll']),
		options: [
			{
				displayName: 'Assignee Type',
				name: 'assigneeType',
				type: 'options',
				options: [
					{ name: 'All', value: 'all' },
					{ name: 'Assigned', value: 'assigned', description: 'Assigned to any agent' },
					{ name: 'Mine', value: 'me', description: "Assigned to the access token's user" },
					{ name: 'Unassigned', value: 'unassigned' },
				],
				default: 'all',
			},
			{ ...locator('inbox'), required: false },
			{ ...locator('label'), required: false, description: 'Conversations that have any of these labels' },
			{
				displayName: 'Page',
				name: 'page',
				type: 'number',
				default: 1,
				typeOptions: { minValue: 1 },
				description: 'Only this page of Chatwoot\'s answer (25 conversations a page), instead of following the pages',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'All', value: 'all' },
					{ name: 'Open', value: 'open' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Resolved', value: 'resolved' },
					{ name: 'Snoozed', value: 'snoozed' },
				],
				default: 'open',
				description: 'Chatwoot lists open conversations unless told otherwise',
			},
			{ ...locator('team'), required: false },
		],
	},
	simplifyProperty('conversation', ['get', 'getAll', ...CHANGES]),
];

function output(this: IExecuteFunctions, itemIndex: number, conversations: IDataObject[]): IDataObject[] {
	return this.getNodeParameter('simplify', itemIndex, true) ? conversations.map(simplifyConversation) : conversations;
}

async function getConversation(this: IExecuteFunctions, itemIndex: number, conversationId: number): Promise<IDataObject> {
	return (await chatwootCall.call(this, itemIndex, {
		method: 'GET',
		path: `/conversations/${conversationId}`,
		action: `get conversation ${conversationId}`,
	})) as IDataObject;
}

/**
 * `assignments` with an id Chatwoot does not know answers `null` after removing the team or the agent:
 * say so, rather than output a conversation that silently lost its assignment.
 */
async function assignments(
	this: IExecuteFunctions,
	itemIndex: number,
	conversationId: number,
	change: { kind: 'team' | 'agent'; id: number | null },
): Promise<void> {
	const body = change.kind === 'team' ? { team_id: change.id } : { assignee_id: change.id };
	const action =
		change.id === null
			? `${change.kind === 'team' ? 'remove the team of' : 'unassign'} conversation ${conversationId}`
			: `assign conversation ${conversationId} to ${change.kind} ${change.id}`;
	const answer = await chatwootCall.call(this, itemIndex, { method: 'POST', path: `/conversations/${conversationId}/assignments`, body, action });
	if (change.id !== null && (answer === null || answer === '' || answer === undefined)) {
		const effect = change.kind === 'team' ? "removed the conversation's team" : 'left the conversation unassigned';
		throw new NodeOperationError(this.getNode(), `Chatwoot has no ${change.kind} ${change.id} in this account, so it ${effect}`, {
			itemIndex,
			description: `Pick the ${change.kind} from the list, or use Get Many of the ${change.kind === 'team' ? 'Team' : 'Agent'} resource to see the IDs.`,
		});
	}
}

/** Chatwoot's labels call replaces the whole list, so adding or removing reads the list first. */
async function changeLabels(this: IExecuteFunctions, itemIndex: number, change: 'add' | 'remove'): Promise<IDataObject[]> {
	const conversationId = readLocatorId.call(this, 'conversation', itemIndex);
	const names = labelNames(this.getNodeParameter('labels', itemIndex));
	if (names.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Pick a label, or enter label names separated by commas', { itemIndex });
	}
	const path = `/conversations/${conversationId}/labels`;
	const current = (await chatwootCall.call(this, itemIndex, {
		method: 'GET',
		path,
		action: `read the labels of conversation ${conversationId}`,
	})) as { payload?: string[] };
	const labels = Array.isArray(current.payload) ? current.payload : [];
	const wanted =
		change === 'add' ? [...labels, ...names.filter((name) => !labels.includes(name))] : labels.filter((label) => !names.includes(label));
	if (wanted.length !== labels.length) {
		await chatwootCall.call(this, itemIndex, {
			method: 'POST',
			path,
			body: { labels: wanted },
			action: `${change} labels ${names.join(', ')} ${change === 'add' ? 'to' : 'from'} conversation ${conversationId}`,
		});
	}
	return output.call(this, itemIndex, [await getConversation.call(this, itemIndex, conversationId)]);
}

export const conversationOperations: ResourceOperations = {
	async get(itemIndex) {
		const conversationId = readLocatorId.call(this, 'conversation', itemIndex);
		return output.call(this, itemIndex, [await getConversation.call(this, itemIndex, conversationId)]);
	},

	async getAll(itemIndex) {
		const limit = readResultLimit.call(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const query = {
			status: filters.status as string | undefined,
			assignee_type: filters.assigneeType as string | undefined,
			inbox_id: locatorValue(filters.inbox) ? locatorId.call(this, 'inbox', filters.inbox, itemIndex) : undefined,
			team_id: locatorValue(filters.team) ? locatorId.call(this, 'team', filters.team, itemIndex) : undefined,
			labels: labelNames(filters.labels),
		};
		const conversations: IDataObject[] = [];
		const seen = new Set<unknown>();
		const onePage = filters.page === undefined ? undefined : Math.max(1, Number(filters.page));
		for (let page = onePage ?? 1; conversations.length < limit; page++) {
			const answer = (await chatwootCall.call(this, itemIndex, {
				method: 'GET',
				path: withQuery('/conversations', { ...query, page }),
				action: 'list conversations',
			})) as { data?: { payload?: IDataObject[] } };
			const rows = answer.data?.payload ?? [];
			const fresh = rows.filter((row) => !seen.has(row.id));
			for (const row of fresh) seen.add(row.id);
			conversations.push(...fresh);
			// A short page is the last; a page with nothing new means the server ignores `page`.
			if (onePage !== undefined || rows.length < PAGE_SIZE || fresh.length === 0) break;
		}
		return output.call(this, itemIndex, conversations.slice(0, limit));
	},

	/**
	 * Chatwoot decides by which keys the body has: `assignee_id` present is the agent branch (its team_id
	 * ignored), `team_id` alone the team branch. So a team and an agent take two calls, the team first,
	 * because setting a team unassigns an agent who is not a member.
	 */
	async assign(itemIndex) {
		const conversationId = readLocatorId.call(this, 'conversation', itemIndex);
		const agentAction = this.getNodeParameter('agentAction', itemIndex) as 'assign' | 'keep' | 'unassign';
		const teamAction = this.getNodeParameter('teamAction', itemIndex) as 'assign' | 'keep' | 'remove';
		if (agentAction === 'keep' && teamAction === 'keep') {
			throw new NodeOperationError(this.getNode(), 'Nothing to assign: choose an agent or a team, or to unassign one', { itemIndex });
		}
		if (teamAction !== 'keep') {
			const id = teamAction === 'assign' ? readLocatorId.call(this, 'team', itemIndex) : null;
			await assignments.call(this, itemIndex, conversationId, { kind: 'team', id });
		}
		if (agentAction !== 'keep') {
			const id = agentAction === 'assign' ? readLocatorId.call(this, 'agent', itemIndex) : null;
			await assignments.call(this, itemIndex, conversationId, { kind: 'agent', id });
		}
		return output.call(this, itemIndex, [await getConversation.call(this, itemIndex, conversationId)]);
	},

	/** `toggle_status` takes `snoozed_until` in unix seconds; an ISO time would make Chatwoot fail with a 500. */
	async setStatus(itemIndex) {
		const conversationId = readLocatorId.call(this, 'conversation', itemIndex);
		const status = this.getNodeParameter('status', itemIndex) as string;
		const body: IDataObject = { status };
		if (status === 'snoozed') {
			const until = String(this.getNodeParameter('snoozedUntil', itemIndex, ''));
			const time = Date.parse(until);
			if (!until || Number.isNaN(time)) {
				throw new NodeOperationError(this.getNode(), `Snoozed Until needs a date and time, not "${until}"`, {
					itemIndex,
					description: 'For example 2026-12-01T09:00:00Z, or an expression such as {{ $now.plus(1, "day") }}.',
				});
			}
			body.snoozed_until = Math.floor(time / 1000);
		}
		await chatwootCall.call(this, itemIndex, {
			method: 'POST',
			path: `/conversations/${conversationId}/toggle_status`,
			body,
			action: `set the status of conversation ${conversationId} to ${status}`,
		});
		return output.call(this, itemIndex, [await getConversation.call(this, itemIndex, conversationId)]);
	},

	async setPriority(itemIndex) {
		const conversationId = readLocatorId.call(this, 'conversation', itemIndex);
		const priority = this.getNodeParameter('priority', itemIndex) as string;
		await chatwootCall.call(this, itemIndex, {
			method: 'POST',
			path: `/conversations/${conversationId}/toggle_priority`,
			body: { priority: priority === 'none' ? null : priority },
			action: `set the priority of conversation ${conversationId} to ${priority}`,
		});
		return output.call(this, itemIndex, [await getConversation.call(this, itemIndex, conversationId)]);
	},

	async addLabels(itemIndex) {
		return await changeLabels.call(this, itemIndex, 'add');
	},

	async removeLabels(itemIndex) {
		return await changeLabels.call(this, itemIndex, 'remove');
	},

	/** Chatwoot's custom_attributes call replaces the whole set, so the current ones are read and merged. */
	async setCustomAttributes(itemIndex) {
		const conversationId = readLocatorId.call(this, 'conversation', itemIndex);
		const attributes = readCustomAttributes(this.getNodeParameter('customAttributes', itemIndex, {}));
		if (Object.keys(attributes).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Add at least one custom attribute with a key', { itemIndex });
		}
		const current = await getConversation.call(this, itemIndex, conversationId);
		const merged = { ...((current.custom_attributes as IDataObject | undefined) ?? {}), ...attributes };
		await chatwootCall.call(this, itemIndex, {
			method: 'POST',
			path: `/conversations/${conversationId}/custom_attributes`,
			body: { custom_attributes: merged },
			action: `set custom attributes of conversation ${conversationId}`,
		});
		return output.call(this, itemIndex, [await getConversation.call(this, itemIndex, conversationId)]);
	},
};
