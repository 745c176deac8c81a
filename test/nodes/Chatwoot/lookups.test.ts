import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { accessTo, customerWritesIn, picked, runJson, searchList } from './chatwoot-node';

/**
 * What a flow or an AI Agent looks up: contacts by text, a contact's conversations, and the account's
 * teams, agents, inboxes and labels, as output items and as the editor's pick-lists.
 */
let dispatcher: TestDispatcher;

beforeEach(async () => {
	dispatcher = await startTestDispatcher();
});

afterEach(async () => {
	await dispatcher.close();
});

async function defineLabel(title: string) {
	const response = await dispatcher.api('POST', `/api/v1/accounts/${dispatcher.accountId}/labels`, { title, color: '#ff0000' });
	if (response.status !== 200) throw new Error(`Creating label ${title} answered ${response.status}: ${JSON.stringify(response.body)}`);
}

describe('contact search', () => {
	it('finds contacts by part of the name, email or phone number', async () => {
		await customerWritesIn(dispatcher, { name: 'Jane Doe', email: 'jane@example.com' });
		await customerWritesIn(dispatcher, { name: 'John Roe', email: 'john@other.org', phone_number: '+15550001111' });
		const search = async (query: string) =>
			(await runJson(accessTo(dispatcher), { resource: 'contact', operation: 'search', query, returnAll: true })).map((contact) => contact.name);
		expect(await search('jane')).toEqual(['Jane Doe']);
		expect(await search('other.org')).toEqual(['John Roe']);
		expect(await search('0001111')).toEqual(['John Roe']);
		expect(await search('nobody')).toEqual([]);
	});

	it('follows has_more across Chatwoot’s pages of 15', async () => {
		for (let index = 0; index < 17; index++) {
			await dispatcher.api('POST', `/api/v1/accounts/${dispatcher.accountId}/contacts`, { name: `Lead ${index}`, email: `lead${index}@example.com` });
		}
		expect(await runJson(accessTo(dispatcher), { resource: 'contact', operation: 'search', query: 'lead', returnAll: true })).toHaveLength(17);
		expect(await runJson(accessTo(dispatcher), { resource: 'contact', operation: 'search', query: 'lead', limit: 4 })).toHaveLength(4);
	});
});

describe("contact's conversations", () => {
	it('outputs each conversation of the contact, simplified', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const items = await runJson(accessTo(dispatcher), { resource: 'contact', operation: 'getConversations', contactId: conversation.contactId });
		expect(items).toEqual([expect.objectContaining({ id: conversation.id, contact: expect.objectContaining({ id: conversation.contactId }) })]);
	});
});

describe('account lists', () => {
	it('outputs the seeded teams, agents and inbox, and the labels defined', async () => {
		await defineLabel('vip');
		await defineLabel('billing');
		const list = (resource: string) => runJson(accessTo(dispatcher), { resource, operation: 'getAll', returnAll: true });
		expect((await list('team')).map((team) => team.name)).toEqual(['enterprise', 'standard']);
		expect((await list('agent')).map((agent) => [agent.name, agent.role])).toEqual([
			['Acme Admin', 'administrator'],
			['Alex Agent', 'agent'],
		]);
		expect((await list('inbox')).map((inbox) => [inbox.id, inbox.name, inbox.channel_type])).toEqual([[1, 'Support API', 'Channel::Api']]);
		expect((await list('label')).map((label) => label.title)).toEqual(['billing', 'vip']);
		expect(await runJson(accessTo(dispatcher), { resource: 'agent', operation: 'getAll', limit: 1 })).toHaveLength(1);
	});
});

describe('pick-lists', () => {
	it('load from Chatwoot and keep the entries that contain the typed text', async () => {
		await defineLabel('vip');
		const access = accessTo(dispatcher);
		expect(await searchList(access, 'searchTeams')).toEqual({
			results: [
				{ name: 'enterprise', value: '1' },
				{ name: 'standard', value: '2' },
			],
		});
		expect(await searchList(access, 'searchTeams', 'STAN')).toEqual({ results: [{ name: 'standard', value: '2' }] });
		expect(await searchList(access, 'searchAgents', 'alex')).toEqual({ results: [{ name: 'Alex Agent (agent@acme.example.com)', value: '2' }] });
		expect(await searchList(access, 'searchInboxes')).toEqual({ results: [{ name: 'Support API', value: '1' }] });
		expect(await searchList(access, 'searchLabels')).toEqual({ results: [{ name: 'vip', value: 'vip' }] });
	});

	it('lists conversations of every status by number and contact, 25 a page', async () => {
		const jane = await customerWritesIn(dispatcher, { name: 'Jane Doe', email: 'jane@example.com' });
		await runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'setStatus', conversation: picked(jane.id), status: 'resolved' });
		const found = await searchList(accessTo(dispatcher), 'searchConversations', 'jane');
		expect(found).toEqual({
			results: [{ name: `#${jane.id} Jane Doe (resolved)`, value: String(jane.id), url: `${dispatcher.url}/app/accounts/1/conversations/${jane.id}` }],
			paginationToken: undefined,
		});
	});

	it("load from the node's Account ID when one is set", async () => {
		// The seeded administrator is not a member of account 2, so Chatwoot refuses it.
		await expect(searchList(accessTo(dispatcher), 'searchTeams', undefined, { accountId: 2 })).rejects.toMatchObject({ httpCode: '401' });
	});
});
