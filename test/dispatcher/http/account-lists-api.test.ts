import { startApiDispatcher, type ApiDispatcher } from '../../support/api-dispatcher';

/** Teams, team members, agents, inboxes and labels as Chatwoot's API lists them, with who may see what. */
let dispatcher: ApiDispatcher;
const account = '/api/v1/accounts/1';

beforeEach(async () => {
	dispatcher = await startApiDispatcher({ captureEvents: true });
});

afterEach(async () => {
	await dispatcher.close();
});

const get = async (path: string, token?: string) => {
	const response = await dispatcher.request('GET', `${account}${path}`, { token });
	return { status: response.status, body: await response.json() };
};

it('teams: a bare array of `_team`, seeded enterprise and standard; is_member follows the token', async () => {
	expect(await get('/teams')).toEqual({
		status: 200,
		body: [
			{ id: 1, name: 'enterprise', description: 'Customers on an enterprise plan', allow_auto_assign: true, account_id: 1, is_member: true },
			{ id: 2, name: 'standard', description: 'Everyone else', allow_auto_assign: true, account_id: 1, is_member: true },
		],
	});
	const asAgent = await get('/teams', dispatcher.chatwoot.agentToken());
	expect(asAgent.body.map((team: { is_member: boolean }) => team.is_member)).toEqual([true, false]);
	expect((await get('/teams/2')).body).toMatchObject({ id: 2, name: 'standard' });
	expect(await get('/teams/9')).toEqual({ status: 404, body: { error: 'Resource could not be found' } });
});

it('team members: a bare array of `_agent`', async () => {
	expect((await get('/teams/1/team_members')).body.map((agent: { name: string }) => agent.name)).toEqual(['Acme Admin', 'Alex Agent']);
	expect((await get('/teams/2/team_members')).body).toEqual([expect.objectContaining({ id: 1, role: 'administrator', provider: 'email' })]);
});

it('agents: a bare array of `_agent`, by name', async () => {
	const { body } = await get('/agents');
	expect(body.map((agent: { name: string; role: string }) => [agent.name, agent.role])).toEqual([
		['Acme Admin', 'administrator'],
		['Alex Agent', 'agent'],
	]);
	expect(Object.keys(body[0])).toEqual([
		'id',
		'account_id',
		'availability_status',
		'auto_offline',
		'confirmed',
		'email',
		'provider',
		'available_name',
		'name',
		'role',
		'thumbnail',
		'custom_role_id',
	]);
});

it("inboxes: `{payload:[_inbox]}`; the channel's tokens only for administrators; show needs membership", async () => {
	const asAdmin = await get('/inboxes');
	expect(asAdmin.body.payload).toEqual([expect.objectContaining({ id: 1, name: 'Support API', channel_type: 'Channel::Api', hmac_mandatory: false })]);
	expect(asAdmin.body.payload[0]).toHaveProperty('secret');
	const asAgent = await get('/inboxes', dispatcher.chatwoot.agentToken());
	expect(asAgent.body.payload[0]).not.toHaveProperty('secret');
	expect(asAgent.body.payload[0]).not.toHaveProperty('hmac_token');
	expect((await get('/inboxes/1')).body).toMatchObject({ id: 1, webhook_url: null });
	expect((await get('/inboxes/7')).status).toBe(404);
});

it('labels: created by an administrator (title in lower case, default colour), listed by title', async () => {
	const create = (body: unknown, token?: string) => dispatcher.request('POST', `${account}/labels`, { body, token });
	const vip = await create({ title: 'VIP', description: 'Pays the most' });
	expect(await vip.json()).toEqual({ id: 1, title: 'vip', description: 'Pays the most', color: '#1f93ff', show_on_sidebar: null });
	await create({ label: { title: 'billing', color: '#ff0000', show_on_sidebar: true } });
	expect((await get('/labels')).body).toEqual({
		payload: [
			{ id: 2, title: 'billing', description: null, color: '#ff0000', show_on_sidebar: true },
			{ id: 1, title: 'vip', description: 'Pays the most', color: '#1f93ff', show_on_sidebar: null },
		],
	});
	const taken = await create({ title: 'Vip' });
	expect(taken.status).toBe(422);
	expect(await taken.json()).toEqual({ message: 'Title has already been taken', attributes: ['title'] });
	expect((await create({ title: 'no spaces allowed' })).status).toBe(422);
	const refused = await create({ title: 'agents-cannot' }, dispatcher.chatwoot.agentToken());
	expect(refused.status).toBe(401);
	expect(await refused.json()).toEqual({ error: 'You are not authorized to do this action' });
});
