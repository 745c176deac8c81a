import type { INodeProperties } from 'n8n-workflow';

import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';

/**
 * What the editor and an AI Agent see of the Chatwoot node: every resource and operation, pick-lists that
 * load from Chatwoot, and words an agent can choose a tool by.
 */
const node = new Chatwoot();
const { description } = node;

function operationsOf(resource: string): string[] {
	const operation = description.properties.find(
		(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	);
	return (operation?.options ?? []).map((option) => (option as { value: string }).value);
}

function allProperties(properties: INodeProperties[] = description.properties): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allProperties((property.options ?? []).filter((option): option is INodeProperties => 'type' in option)),
	]);
}

it('is an action node on the chatwootApi credential, usable as an AI Agent tool', () => {
	expect(description).toMatchObject({
		name: 'chatwoot',
		displayName: 'Chatwoot',
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'chatwootApi', required: true }],
	});
});

it.each([
	['message', ['getAll', 'sendPrivateNote', 'sendReply']],
	['conversation', ['addLabels', 'assign', 'get', 'getAll', 'removeLabels', 'setCustomAttributes', 'setPriority', 'setStatus']],
	['contact', ['create', 'get', 'getConversations', 'search', 'update']],
	['team', ['getAll']],
	['agent', ['getAll']],
	['inbox', ['getAll']],
	['label', ['getAll']],
])('%s offers %j', (resource, operations) => {
	expect(operationsOf(resource)).toEqual(operations);
});

it('describes every operation with a sentence and an action an AI Agent can choose by', () => {
	const options = description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => property.options as Array<{ name: string; description?: string; action?: string }>);
	for (const option of options) {
		expect(option.description?.length).toBeGreaterThan(15);
		expect(option.action).toMatch(/^[A-Z][a-z]/);
	}
});

it('offers every inbox, team, agent, label and conversation as a pick-list "From list" first, loaded by a listSearch method', () => {
	const locators = allProperties().filter((property) => property.type === 'resourceLocator');
	expect(new Set(locators.map((property) => property.name))).toEqual(new Set(['conversation', 'agent', 'team', 'labels', 'inbox']));
	for (const property of locators) {
		expect(property.default).toEqual({ mode: 'list', value: '' });
		const [list, typed] = property.modes ?? [];
		expect(list).toMatchObject({ name: 'list', type: 'list', typeOptions: { searchable: true } });
		const method = list.typeOptions?.searchListMethod as keyof typeof node.methods.listSearch;
		expect(typeof node.methods.listSearch[method]).toBe('function');
		expect(typed.name).toBe(property.name === 'labels' ? 'name' : 'id');
	}
});

it('has an account ID override, off by default', () => {
	expect(description.properties.find((property) => property.name === 'accountId')).toMatchObject({ type: 'number', default: 0 });
});
