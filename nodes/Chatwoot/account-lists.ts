import type { IDataObject } from 'n8n-workflow';

/**
 * The account's unpaged lists, as Chatwoot answers them: teams and agents as bare arrays, inboxes and
 * labels inside `{"payload":[…]}`. The Get Many operations and the pick-lists both read them.
 */
export type AccountListKind = 'team' | 'agent' | 'inbox' | 'label';

export interface AccountList {
	readonly path: string;
	/** Plural, for messages: "list the teams". */
	readonly noun: string;
	readonly rows: (answer: unknown) => IDataObject[];
}

function bareArray(answer: unknown): IDataObject[] {
	return Array.isArray(answer) ? (answer as IDataObject[]) : [];
}

function payloadArray(answer: unknown): IDataObject[] {
	return bareArray((answer as { payload?: unknown } | null)?.payload);
}

export const ACCOUNT_LISTS: Record<AccountListKind, AccountList> = {
	team: { path: '/teams', noun: 'teams', rows: bareArray },
	agent: { path: '/agents', noun: 'agents', rows: bareArray },
	inbox: { path: '/inboxes', noun: 'inboxes', rows: payloadArray },
	label: { path: '/labels', noun: 'labels', rows: payloadArray },
};
