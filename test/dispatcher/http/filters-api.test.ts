import { startApiDispatcher, type Json, type ApiDispatcher } from '../../support/api-dispatcher';

/** `POST …/conversations/filter` and `…/contacts/filter`: Chatwoot's condition lists, envelopes and refusals. */
let dispatcher: ApiDispatcher;
const account = '/api/v1/accounts/1';

beforeEach(async () => {
	dispatcher = await startApiDispatcher({ captureEvents: true });
});

afterEach(async () => {
	await dispatcher.close();
});

async function filter(path: string, payload: unknown): Promise<{ status: number; body: Json }> {
	const response = await dispatcher.request('POST', `${account}/${path}/filter`, { body: { payload } });
	return { status: response.status, body: await response.json() };
}

async function start(name: string): Promise<number> {
	const contact = await (await dispatcher.request('POST', `${account}/contacts`, { body: { name, email: `${name}@example.com`, inbox_id: 1 } })).json();
	return (await (await dispatcher.request('POST', `${account}/conversations`, { body: { inbox_id: 1, source_id: contact.payload.contact_inbox.source_id } })).json()).id;
}

it('filters conversations with AND/OR; the answer has no data wrapper and no assigned_count', async () => {
	const a = await start('ann');
	const b = await start('ben');
	await dispatcher.request('POST', `${account}/conversations/${a}/assignments`, { body: { team_id: 1 } });
	await dispatcher.request('POST', `${account}/conversations/${b}/labels`, { body: { labels: ['vip'] } });
	const byTeam = await filter('conversations', [{ attribute_key: 'team_id', filter_operator: 'equal_to', values: [1], query_operator: null }]);
	expect(byTeam.body).toEqual({ meta: { mine_count: 0, unassigned_count: 1, all_count: 1 }, payload: [expect.objectContaining({ id: a })] });
	const either = await filter('conversations', [
		{ attribute_key: 'team_id', filter_operator: 'equal_to', values: [1], query_operator: 'OR' },
		{ attribute_key: 'labels', filter_operator: 'equal_to', values: ['vip'] },
	]);
	expect(either.body.payload.map((conversation: Json) => conversation.id).sort()).toEqual([a, b]);
});

it("refuses an unknown attribute or operator with Chatwoot's 422", async () => {
	const unknown = await filter('conversations', [{ attribute_key: 'phone_number', filter_operator: 'equal_to', values: ['x'] }]);
	expect(unknown.status).toBe(422);
	expect(unknown.body.error).toMatch(/^Invalid attribute key - \[phone_number\]\. The key should be one of \[status,/);
	const operator = await filter('conversations', [{ attribute_key: 'status', filter_operator: 'contains', values: ['open'] }]);
	expect(operator).toEqual({ status: 422, body: { error: 'Invalid operator. The allowed operators for status are [equal_to,not_equal_to].' } });
});

it('filters contacts, resolved ones only, with the total in count', async () => {
	await start('ann');
	dispatcher.chatwoot.contacts.create(1, { name: 'Anonymous visitor' });
	const found = await filter('contacts', [{ attribute_key: 'name', filter_operator: 'contains', values: ['an'] }]);
	expect(found.body).toEqual({ meta: { count: 1, current_page: 1 }, payload: [expect.objectContaining({ name: 'ann' })] });
});
