import { startApiDispatcher, type Json, type ApiDispatcher } from '../../support/api-dispatcher';

/**
 * `POST …/conversations/:id/assignments` with Chatwoot's exact branches (`assignments_controller.rb`,
 * `assignment_handler.rb`): which keys the body has decides; a team drops an assignee who is not a member;
 * each save that changes something emits one conversation_updated, `changed_attributes` in schema order.
 * Seeded: team 1 "enterprise" (users 1 and 2), team 2 "standard" (user 1); user 2 is the agent Alex.
 */
let dispatcher: ApiDispatcher;
const conversations = '/api/v1/accounts/1/conversations';

beforeEach(async () => {
	dispatcher = await startApiDispatcher({ captureEvents: true });
	const created = await (
		await dispatcher.request('POST', '/api/v1/accounts/1/contacts', { body: { name: 'Jane Doe', email: 'jane@example.com', inbox_id: 1 } })
	).json();
	await dispatcher.request('POST', conversations, { body: { inbox_id: 1, source_id: created.payload.contact_inbox.source_id } });
	dispatcher.outbox.clear();
});

afterEach(async () => {
	await dispatcher.close();
});

async function assign(body: Json): Promise<{ status: number; body: Json }> {
	const response = await dispatcher.request('POST', `${conversations}/1/assignments`, { body });
	return { status: response.status, body: await response.json() };
}

async function shown(): Promise<Json> {
	return (await dispatcher.request('GET', `${conversations}/1`)).json();
}

function changedKeys(index = 0): string[] {
	const payload = dispatcher.outbox.events.filter((event) => event.event === 'conversation_updated')[index].payload as Json;
	return payload.changed_attributes.map((change: Json) => Object.keys(change)[0]);
}

it('an agent: answers `_agent`, emits [assignee_id, updated_at]', async () => {
	const answer = await assign({ assignee_id: 2 });
	expect(answer).toEqual({
		status: 200,
		body: {
			id: 2,
			account_id: 1,
			availability_status: 'offline',
			auto_offline: true,
			confirmed: true,
			email: 'agent@acme.example.com',
			provider: 'email',
			available_name: 'Alex Agent',
			name: 'Alex Agent',
			role: 'agent',
			thumbnail: '',
			custom_role_id: null,
		},
	});
	expect(dispatcher.outbox.names()).toEqual(['conversation_updated']);
	expect(changedKeys()).toEqual(['assignee_id', 'updated_at']);
	expect((await shown()).meta).toMatchObject({ assignee: answer.body, assignee_type: 'User' });
});

it.each([
	['null', null],
	['""', ''],
	['an unknown id', 99],
])('assignee_id %s unassigns and answers null', async (_case, id) => {
	await assign({ assignee_id: 2 });
	dispatcher.outbox.clear();
	expect(await assign({ assignee_id: id })).toEqual({ status: 200, body: null });
	expect(changedKeys()).toEqual(['assignee_id', 'updated_at']);
	const { meta } = await shown();
	expect(meta).not.toHaveProperty('assignee');
	expect(meta).not.toHaveProperty('assignee_type');
});

it('assignee_id with team_id takes the agent branch only: the team is ignored', async () => {
	await assign({ assignee_id: 2, team_id: 1 });
	const { meta } = await shown();
	expect(meta.assignee.id).toBe(2);
	expect(meta).not.toHaveProperty('team');
});

it('a team alone: answers the raw Team record, emits [updated_at, team_id], and the payload carries meta.team', async () => {
	const answer = await assign({ team_id: 1 });
	expect(answer.body).toEqual({
		id: 1,
		name: 'enterprise',
		description: 'Customers on an enterprise plan',
		allow_auto_assign: true,
		account_id: 1,
		created_at: expect.stringMatching(/\.\d{3}Z$/),
		updated_at: expect.stringMatching(/\.\d{3}Z$/),
	});
	expect(changedKeys()).toEqual(['updated_at', 'team_id']);
	const payload = dispatcher.outbox.events[0].payload as Json;
	expect(payload.meta.team).toEqual({ id: 1, name: 'enterprise' });
	expect((await shown()).meta.team).toEqual({
		id: 1,
		name: 'enterprise',
		description: 'Customers on an enterprise plan',
		allow_auto_assign: true,
		account_id: 1,
		is_member: true,
	});
});

it("a team drops an assignee who is not a member: [assignee_id, updated_at, team_id] in one event", async () => {
	await assign({ assignee_id: 2 });
	dispatcher.outbox.clear();
	await assign({ team_id: 2 });
	expect(dispatcher.outbox.names()).toEqual(['conversation_updated']);
	expect(changedKeys()).toEqual(['assignee_id', 'updated_at', 'team_id']);
	const { meta } = await shown();
	expect(meta).not.toHaveProperty('assignee');
	expect(meta.team.id).toBe(2);
});

it('a team keeps an assignee who is a member', async () => {
	await assign({ assignee_id: 2 });
	await assign({ team_id: 1 });
	expect((await shown()).meta).toMatchObject({ assignee: { id: 2 }, team: { id: 1 } });
});

it.each([
	['null', null],
	['an unknown id', 99],
])('team_id %s removes the team, keeps the assignee, answers null', async (_case, id) => {
	await assign({ assignee_id: 2 });
	await assign({ team_id: 1 });
	dispatcher.outbox.clear();
	expect(await assign({ team_id: id })).toEqual({ status: 200, body: null });
	expect(changedKeys()).toEqual(['updated_at', 'team_id']);
	const { meta } = await shown();
	expect(meta).not.toHaveProperty('team');
	expect(meta.assignee.id).toBe(2);
});

it('{} changes nothing, emits nothing and answers null', async () => {
	expect(await assign({})).toEqual({ status: 200, body: null });
	expect(dispatcher.outbox.events).toEqual([]);
});

it('assigning what is already set emits nothing', async () => {
	await assign({ team_id: 1 });
	dispatcher.outbox.clear();
	await assign({ team_id: 1 });
	expect(dispatcher.outbox.events).toEqual([]);
});

it('is_member in the view follows the token: the agent is not in "standard"', async () => {
	await assign({ team_id: 2 });
	const asAgent = await (await dispatcher.request('GET', `${conversations}/1`, { token: dispatcher.chatwoot.agentToken() })).json();
	expect(asAgent.meta.team).toMatchObject({ id: 2, is_member: false });
});
