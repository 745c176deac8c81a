import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';

/**
 * `/api/v1/accounts/{id}/agent_bots` and the inbox routes that connect a bot, over HTTP: Chatwoot's
 * shapes (bare objects and arrays), its policy (administrators write, agents read without the secret),
 * and its refusals.
 */
const AGENT_TOKEN = 'test-agent-token';

let dispatcher: TestDispatcher;

beforeAll(async () => {
	dispatcher = await startTestDispatcher({ agentToken: AGENT_TOKEN });
});

afterAll(async () => {
	await dispatcher.close();
});

const path = (rest: string) => `/api/v1/accounts/${dispatcher.accountId}${rest}`;

async function asAgent(method: string, rest: string, body?: unknown): Promise<{ status: number; body: unknown }> {
	const response = await fetch(dispatcher.url + path(rest), {
		method,
		headers: { api_access_token: AGENT_TOKEN, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe('agent bot CRUD', () => {
	it('creates a bot with a secret and an access token, and answers the bare _agent_bot', async () => {
		const created = await dispatcher.api<Record<string, unknown>>('POST', path('/agent_bots'), {
			name: 'Helper',
			description: 'Answers first',
			outgoing_url: 'https://bot.example.com/hook',
		});
		expect(created.status).toBe(200);
		expect(Object.keys(created.body)).toEqual([
			'id',
			'name',
			'description',
			'thumbnail',
			'outgoing_url',
			'bot_type',
			'bot_config',
			'account_id',
			'access_token',
			'secret',
			'system_bot',
		]);
		expect(created.body).toMatchObject({
			name: 'Helper',
			outgoing_url: 'https://bot.example.com/hook',
			bot_type: 'webhook',
			bot_config: {},
			account_id: dispatcher.accountId,
			system_bot: false,
			secret: expect.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{24}$/),
			access_token: expect.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{24}$/),
		});

		const id = created.body.id as number;
		expect((await dispatcher.api('GET', path(`/agent_bots/${id}`))).body).toEqual(created.body);
		expect((await dispatcher.api<unknown[]>('GET', path('/agent_bots'))).body).toContainEqual(created.body);

		const updated = await dispatcher.api<Record<string, unknown>>('PATCH', path(`/agent_bots/${id}`), { outgoing_url: 'https://bot.example.com/v2' });
		expect(updated.body).toMatchObject({ id, name: 'Helper', outgoing_url: 'https://bot.example.com/v2', secret: created.body.secret });

		const reset = await dispatcher.api<Record<string, unknown>>('POST', path(`/agent_bots/${id}/reset_secret`));
		expect(reset.body.secret).not.toBe(created.body.secret);
		const token = await dispatcher.api<Record<string, unknown>>('POST', path(`/agent_bots/${id}/reset_access_token`));
		expect(token.body.access_token).not.toBe(created.body.access_token);

		const deleted = await dispatcher.api('DELETE', path(`/agent_bots/${id}`));
		expect(deleted).toEqual({ status: 200, body: null });
		expect(await dispatcher.api('GET', path(`/agent_bots/${id}`))).toEqual({ status: 404, body: { error: 'Resource could not be found' } });
	});

	it('lets an agent read bots without their secret, and refuses the agent every write', async () => {
		const bot = await dispatcher.api<{ id: number }>('POST', path('/agent_bots'), { name: 'Reader test' });
		const read = await asAgent('GET', `/agent_bots/${bot.body.id}`);
		expect(read.status).toBe(200);
		expect(read.body).not.toHaveProperty('secret');
		for (const [method, rest] of [
			['POST', '/agent_bots'],
			['PATCH', `/agent_bots/${bot.body.id}`],
			['DELETE', `/agent_bots/${bot.body.id}`],
			['POST', `/agent_bots/${bot.body.id}/reset_secret`],
			['POST', '/inboxes/1/set_agent_bot'],
		]) {
			expect(await asAgent(method, rest, { name: 'x' })).toEqual({ status: 401, body: { error: 'You are not authorized to do this action' } });
		}
	});

	it('refuses an outgoing URL longer than 2048 characters with Rails\' 422', async () => {
		const response = await dispatcher.api('POST', path('/agent_bots'), { name: 'Long', outgoing_url: `https://bot.example.com/${'a'.repeat(2048)}` });
		expect(response).toEqual({
			status: 422,
			body: { message: 'Outgoing url is too long (maximum is 2048 characters)', attributes: ['outgoing_url'] },
		});
	});
});

describe('connecting a bot to an inbox', () => {
	it('connects, replaces and disconnects the one bot of an inbox', async () => {
		const first = await dispatcher.api<{ id: number; name: string }>('POST', path('/agent_bots'), { name: 'First' });
		const second = await dispatcher.api<{ id: number }>('POST', path('/agent_bots'), { name: 'Second' });
		expect(await dispatcher.api('GET', path('/inboxes/1/agent_bot'))).toEqual({ status: 200, body: {} });

		expect(await dispatcher.api('POST', path('/inboxes/1/set_agent_bot'), { agent_bot: first.body.id })).toEqual({ status: 200, body: null });
		expect((await dispatcher.api<{ agent_bot: { id: number } }>('GET', path('/inboxes/1/agent_bot'))).body.agent_bot.id).toBe(first.body.id);

		await dispatcher.api('POST', path('/inboxes/1/set_agent_bot'), { agent_bot: second.body.id });
		expect((await dispatcher.api<{ agent_bot: { id: number } }>('GET', path('/inboxes/1/agent_bot'))).body.agent_bot.id).toBe(second.body.id);

		await dispatcher.api('POST', path('/inboxes/1/set_agent_bot'), { agent_bot: null });
		expect(await dispatcher.api('GET', path('/inboxes/1/agent_bot'))).toEqual({ status: 200, body: {} });
	});

	it('disconnects the inboxes of a deleted bot', async () => {
		const bot = await dispatcher.api<{ id: number }>('POST', path('/agent_bots'), { name: 'Short-lived' });
		await dispatcher.api('POST', path('/inboxes/1/set_agent_bot'), { agent_bot: bot.body.id });
		await dispatcher.api('DELETE', path(`/agent_bots/${bot.body.id}`));
		expect(await dispatcher.api('GET', path('/inboxes/1/agent_bot'))).toEqual({ status: 200, body: {} });
	});

	it('answers 404 for an unknown bot or inbox', async () => {
		const notFound = { status: 404, body: { error: 'Resource could not be found' } };
		expect(await dispatcher.api('POST', path('/inboxes/1/set_agent_bot'), { agent_bot: 999 })).toEqual(notFound);
		expect(await dispatcher.api('POST', path('/inboxes/999/set_agent_bot'), { agent_bot: null })).toEqual(notFound);
		expect(await dispatcher.api('GET', path('/inboxes/999/agent_bot'))).toEqual(notFound);
	});
});
