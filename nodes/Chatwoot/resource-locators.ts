import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

/**
 * The pick-lists of the Chatwoot node: an inbox, team, agent, label or conversation is chosen "From list"
 * (searchable, loaded from Chatwoot by the listSearch methods) or typed "By ID" (labels: "By Name"), and
 * either may be an expression.
 */
export type LocatorKind = 'inbox' | 'team' | 'agent' | 'label' | 'conversation';

interface LocatorText {
	readonly displayName: string;
	readonly description: string;
	readonly searchMethod: string;
	readonly idPlaceholder: string;
}

const TEXT: Record<LocatorKind, LocatorText> = {
	inbox: {
		displayName: 'Inbox',
		description: 'The Chatwoot inbox (channel) the contact or conversation belongs to',
		searchMethod: 'searchInboxes',
		idPlaceholder: 'e.g. 1',
	},
	team: {
		displayName: 'Team',
		description: 'A team of agents in the Chatwoot account',
		searchMethod: 'searchTeams',
		idPlaceholder: 'e.g. 2',
	},
	agent: {
		displayName: 'Agent',
		description: 'An agent (user) of the Chatwoot account',
		searchMethod: 'searchAgents',
		idPlaceholder: 'e.g. 3',
	},
	label: {
		displayName: 'Labels',
		description: 'One label from the list, or one or more label names separated by commas',
		searchMethod: 'searchLabels',
		idPlaceholder: 'e.g. vip, billing',
	},
	conversation: {
		displayName: 'Conversation',
		description: 'The conversation, by the number Chatwoot shows (the one after /conversations/ in its address)',
		searchMethod: 'searchConversations',
		idPlaceholder: 'e.g. 12',
	},
};

/**
 * The locator for one kind. Its modes are written inline under `modes` (n8n's lint, which the verification
 * scanner runs without inline exceptions, accepts modes without a default only there).
 */
export function locator(kind: LocatorKind, overrides: Partial<INodeProperties> = {}): INodeProperties {
	const text = TEXT[kind];
	const placeholder = `Select ${kind === 'inbox' || kind === 'agent' ? 'an' : 'a'} ${kind}...`;
	const typeOptions = { searchListMethod: text.searchMethod, searchable: true };
	const base: INodeProperties = {
		displayName: text.displayName,
		name: kind === 'label' ? 'labels' : kind,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: text.description,
	};
	if (kind === 'label') {
		return {
			...base,
			modes: [
				{ displayName: 'From List', name: 'list', type: 'list', placeholder, typeOptions },
				{ displayName: 'By Name', name: 'name', type: 'string', placeholder: text.idPlaceholder },
			],
			...overrides,
		};
	}
	return {
		...base,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', placeholder, typeOptions },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: text.idPlaceholder,
				validation: [{ type: 'regex', properties: { regex: '^\\s*#?[0-9]+\\s*$', errorMessage: 'Enter a whole number such as 1' } }],
			},
		],
		...overrides,
	};
}

/** A locator's value as typed or picked, trimmed; '' when empty. Plain values (from older saves or AI tools) pass too. */
export function locatorValue(value: unknown): string {
	if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value ?? '').trim();
	return value === undefined || value === null ? '' : String(value).trim();
}

const ID_NAMES: Record<Exclude<LocatorKind, 'label'>, string> = {
	inbox: 'inbox ID',
	team: 'team ID',
	agent: 'agent ID',
	conversation: 'conversation ID',
};

/** The id a locator holds, or an error that says which field to fix. */
export function locatorId(this: IExecuteFunctions, kind: Exclude<LocatorKind, 'label'>, value: unknown, itemIndex: number): number {
	const text = locatorValue(value).replace(/^#/, '');
	const id = Number(text);
	if (text === '' || !Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(this.getNode(), `The ${ID_NAMES[kind]} must be a whole number such as 1, not "${text}"`, {
			itemIndex,
			description: `Pick the ${kind} from the list, or enter its ID.`,
		});
	}
	return id;
}

/** Label names from a locator: one picked, or several typed and separated by commas. */
export function labelNames(value: unknown): string[] {
	const names = locatorValue(value)
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	return [...new Set(names)];
}

/** Reads a locator parameter of the current item and returns its id. */
export function readLocatorId(this: IExecuteFunctions, kind: Exclude<LocatorKind, 'label'>, itemIndex: number, name: string = kind): number {
	return locatorId.call(this, kind, this.getNodeParameter(name, itemIndex), itemIndex);
}
