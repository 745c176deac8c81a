import { startApiDispatcher, type Json, type ApiDispatcher } from '../../support/api-dispatcher';

/** `GET …/conversations` (ConversationFinder): filters, counts, pages of 25, and what an agent may see. */
let dispatcher: ApiDispatcher;
const conversations = '/api/v1/accounts/1/conversations';

beforeEach(async () => {
	dispatcher = await startApiDispatcher({ captureEvents: true });
});

afterEach(async () => {
	await dispatcher.close();
});

async function start(name: string, content = 'Hello'): Promise<number> {
	const contact = await (
		await dispatcher.request('POST', '/api/v1/accounts/1/contacts', { body: { name, email: `${name.toLowerCase()}@example.com`, inbox_id: 1 } })
	).json();
	const conversation = await (
		await dispatcher.request('POST', conversations, {
			body: { inbox_id: 1, source_id: contact.payload.contact_inbox.source_id, message: { content, message_type: 'incoming' } },
		})
	).json();
	return conversation.id;
}

async function list(query = ''): Promise<Json> {
	const response = await dispatcher.request('GET', `${conversations}${query}`);
	expect(response.status).toBe(200);
	return (await response.json()).data;
}

const ids = (data: Json) => data.payload.map((conversation: Json) => conversation.id);

it('filters by status, assignee type, team, labels and message text; counts ignore only the assignee type', async () => {
	const a = await start('Ann', 'Where is my invoice?');
	const b = await start('Ben');
	const c = await start('Cid');
	await dispatcher.request('POST', `${conversations}/${a}/assignments`, { body: { team_id: 1 } });
	await dispatcher.request('POST', `${conversations}/${b}/assignments`, { body: { assignee_id: 1 } });
	await dispatcher.request('POST', `${conversations}/${b}/labels`, { body: { labels: ['vip'] } });
	await dispatcher.request('POST', `${conversations}/${c}/toggle_status`, { body: { status: 'resolved' } });

	const open = await list();
	expect(ids(open).sort()).toEqual([a, b]);
	expect(open.meta).toEqual({ mine_count: 1, assigned_count: 1, unassigned_count: 1, all_count: 2 });
	expect(ids(await list('?status=all')).sort()).toEqual([a, b, c]);
	expect(ids(await list('?status=resolved'))).toEqual([c]);
	expect(ids(await list('?assignee_type=me'))).toEqual([b]);
	const unassigned = await list('?assignee_type=unassigned');
	expect(ids(unassigned)).toEqual([a]);
	expect(unassigned.meta.all_count).toBe(2);
	expect(ids(await list('?team_id=1'))).toEqual([a]);
	expect(ids(await list('?labels[]=vip&labels[]=other'))).toEqual([b]);
	expect(ids(await list('?q=INVOICE'))).toEqual([a]);
	expect(ids(await list('?inbox_id=1')).sort()).toEqual([a, b]);
	const unknownTeam = await dispatcher.request('GET', `${conversations}?team_id=99`);
	expect(unknownTeam.status).toBe(404);
});

it('pages by 25, newest activity first', async () => {
	for (let index = 0; index < 27; index++) await start(`Customer${index}`);
	const first = await list();
	expect(first.payload).toHaveLength(25);
	expect(first.payload[0].id).toBe(27);
	expect(ids(await list('?page=2'))).toEqual([2, 1]);
	expect(first.meta.all_count).toBe(27);
});

it("an agent sees only the conversations of their inboxes; a contact's conversations likewise", async () => {
	const a = await start('Ann');
	dispatcher.db.prepare('DELETE FROM inbox_members').run();
	const asAgent = await dispatcher.request('GET', conversations, { token: dispatcher.chatwoot.agentToken() });
	expect((await asAgent.json()).data.payload).toEqual([]);
	const contactId = (await (await dispatcher.request('GET', `${conversations}/${a}`)).json()).meta.sender.id;
	const own = await dispatcher.request('GET', `/api/v1/accounts/1/contacts/${contactId}/conversations`);
	expect((await own.json()).payload.map((conversation: Json) => conversation.id)).toEqual([a]);
	const agents = await dispatcher.request('GET', `/api/v1/accounts/1/contacts/${contactId}/conversations`, {
		token: dispatcher.chatwoot.agentToken(),
	});
	expect((await agents.json()).payload).toEqual([]);
});

it("an agent outside the conversation's inbox is refused with Pundit's 401, unless they are in its team", async () => {
	const a = await start('Ann');
	dispatcher.db.prepare('DELETE FROM inbox_members').run();
	const asAgent = () => dispatcher.request('POST', `${conversations}/${a}/messages`, { body: { content: 'hi' }, token: dispatcher.chatwoot.agentToken() });
	const refused = await asAgent();
	expect(refused.status).toBe(401);
	expect(await refused.json()).toEqual({ error: 'You are not authorized to do this action' });
	await dispatcher.request('POST', `${conversations}/${a}/assignments`, { body: { team_id: 1 } });
	expect((await asAgent()).status).toBe(200);
});
