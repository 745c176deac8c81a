import { DEFAULT_SUBSCRIPTIONS } from '../../../src/protocol';
import { startApiDispatcher, type JsonResponse, type ApiDispatcher } from '../../support/api-dispatcher';

// The list itself is pinned against Chatwoot's schema in test/protocol/events.test.ts.
const DEFAULTS = [...DEFAULT_SUBSCRIPTIONS];

function webhookRows(dispatcher: ApiDispatcher): unknown[] {
	return dispatcher.db.prepare('SELECT * FROM webhooks ORDER BY id').all();
}

describe('the webhook REST API', () => {
	let dispatcher: ApiDispatcher;
	beforeEach(async () => {
		dispatcher = await startApiDispatcher();
	});
	afterEach(async () => {
		await dispatcher.close();
	});

	const base = '/api/v1/accounts/1/webhooks';

	async function create(body: unknown): Promise<JsonResponse> {
		return dispatcher.request('POST', base, { body });
	}

	it('creates from a flat body with the default subscriptions and a server-made secret', async () => {
		const response = await create({ url: 'https://n8n.example.com/webhook/a', name: 'n8n', secret: 'mine' });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(Object.keys(body)).toEqual(['payload']);
		expect(Object.keys(body.payload.webhook)).toEqual(['id', 'name', 'url', 'account_id', 'subscriptions', 'secret']);
		expect(body.payload.webhook).toMatchObject({
			name: 'n8n',
			url: 'https://n8n.example.com/webhook/a',
			account_id: 1,
			subscriptions: DEFAULTS,
		});
		expect(body.payload.webhook.secret).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
		expect(body.payload.webhook.secret).not.toBe('mine');
	});

	it('creates from a {"webhook": {...}} body, with an inbox, and treats null subscriptions as omitted', async () => {
		const response = await create({ webhook: { url: 'http://flow.test/hook', inbox_id: 1, subscriptions: null } });
		const { webhook } = (await response.json()).payload;
		expect(Object.keys(webhook)).toEqual(['id', 'name', 'url', 'account_id', 'subscriptions', 'secret', 'inbox']);
		expect(webhook).toMatchObject({ name: null, inbox: { id: 1, name: 'Support API' }, subscriptions: DEFAULTS });
	});

	it('lists, updates (replacing subscriptions, keeping the secret) and deletes', async () => {
		const created = (await (await create({ url: 'https://a.test/1', subscriptions: ['message_created'] })).json()).payload.webhook;
		const listed = await (await dispatcher.request('GET', base)).json();
		expect(listed).toEqual({ payload: { webhooks: [created] } });

		const patched = await dispatcher.request('PATCH', `${base}/${created.id}`, {
			body: { subscriptions: ['conversation_created', 'conversation_updated'], secret: 'ignored' },
		});
		expect(patched.status).toBe(200);
		const updated = (await patched.json()).payload.webhook;
		expect(updated).toEqual({ ...created, subscriptions: ['conversation_created', 'conversation_updated'] });

		const put = await dispatcher.request('PUT', `${base}/${created.id}`, { body: { webhook: { name: 'renamed' } } });
		expect((await put.json()).payload.webhook.name).toBe('renamed');

		const deleted = await dispatcher.request('DELETE', `${base}/${created.id}`);
		expect(deleted.status).toBe(200);
		expect(await deleted.text()).toBe('');
		expect(await (await dispatcher.request('GET', base)).json()).toEqual({ payload: { webhooks: [] } });
	});

	it('never reuses the id of a deleted webhook, as a Postgres sequence does not', async () => {
		const first = (await (await create({ url: 'https://a.test/reused' })).json()).payload.webhook;
		expect((await dispatcher.request('DELETE', `${base}/${first.id}`)).status).toBe(200);
		const second = (await (await create({ url: 'https://a.test/reused' })).json()).payload.webhook;
		expect(second.id).toBeGreaterThan(first.id);
	});

	it('escapes <, > and & in answers as Rails does', async () => {
		const response = await create({ url: 'https://a.test/hook?a=1&b=2' });
		expect(await response.text()).toContain('"url":"https://a.test/hook?a=1\\u0026b=2"');
	});

	it('has no show route, and 404s unknown ids and other accounts\' webhooks', async () => {
		const foreign = dispatcher.chatwoot.webhooks.create(2, { url: 'https://globex.test/hook' });
		const own = (await (await create({ url: 'https://a.test/1' })).json()).payload.webhook;
		const notFound = { error: 'Resource could not be found' };
		expect((await dispatcher.request('GET', `${base}/${own.id}`)).status).toBe(404);
		for (const [method, id] of [
			['PATCH', 999],
			['DELETE', 999],
			['PATCH', foreign.id],
			['DELETE', foreign.id],
			['DELETE', 'abc'],
		] as const) {
			const response = await dispatcher.request(method, `${base}/${id}`, { body: { name: 'x' } });
			expect([method, id, response.status]).toEqual([method, id, 404]);
			expect(await response.json()).toEqual(notFound);
		}
		expect(dispatcher.chatwoot.webhooks.find(foreign.id)?.url).toBe('https://globex.test/hook');
	});

	describe('validation, as Chatwoot answers it', () => {
		it.each([
			['javascript:alert(1)', 'Url is invalid'],
			['ftp://files.test/x', 'Url is invalid'],
			['file:///etc/passwd', 'Url is invalid'],
			['HTTPS://A.TEST', 'Url is invalid'],
			[undefined, 'Url is invalid'],
			[42, 'Url is invalid'],
		])('refuses url %j', async (url, message) => {
			const response = await create({ url, subscriptions: ['message_created'] });
			expect(response.status).toBe(422);
			expect(await response.json()).toEqual({ message, attributes: ['url'] });
		});

		it('accepts any string that contains an http(s) URI, as the unanchored regexp does', async () => {
			const response = await create({ url: 'see http://a.test/hook' });
			expect(response.status).toBe(200);
		});

		it.each([[[]], ['message_created'], [['message_created', 'message_deleted']], [[1]]])(
			'refuses subscriptions %j',
			async (subscriptions) => {
				const response = await create({ url: 'https://a.test/1', subscriptions });
				expect(response.status).toBe(422);
				expect(await response.json()).toEqual({ message: 'Subscriptions Invalid events', attributes: ['subscriptions'] });
			},
		);

		it('joins several errors as full_messages does', async () => {
			const response = await create({ url: 'nope', subscriptions: [] });
			expect(await response.json()).toEqual({
				message: 'Url is invalid, Subscriptions Invalid events',
				attributes: ['url', 'subscriptions'],
			});
		});

		it('refuses a URL already taken in the account, on create and on update', async () => {
			await create({ url: 'https://a.test/1' });
			const second = (await (await create({ url: 'https://a.test/2' })).json()).payload.webhook;
			const before = webhookRows(dispatcher);
			const duplicate = await create({ url: 'https://a.test/1' });
			expect(duplicate.status).toBe(422);
			expect(await duplicate.json()).toEqual({ message: 'Url has already been taken', attributes: ['url'] });
			const moved = await dispatcher.request('PATCH', `${base}/${second.id}`, { body: { url: 'https://a.test/1' } });
			expect(moved.status).toBe(422);
			expect(webhookRows(dispatcher)).toEqual(before);
		});

		it('allows the same URL in another account', async () => {
			dispatcher.chatwoot.webhooks.create(2, { url: 'https://a.test/1' });
			expect((await create({ url: 'https://a.test/1' })).status).toBe(200);
		});

		it('refuses an inbox outside the account', async () => {
			const response = await create({ url: 'https://a.test/1', inbox_id: 999 });
			expect(response.status).toBe(422);
			expect(await response.json()).toEqual({ message: 'Inbox must exist', attributes: ['inbox'] });
		});

		it('refuses wrongly typed fields with 422, not 500', async () => {
			const response = await create({ url: 'https://a.test/1', name: { a: 1 }, inbox_id: 'three' });
			expect(response.status).toBe(422);
			expect(await response.json()).toEqual({ message: 'Name is invalid, Inbox is invalid', attributes: ['name', 'inbox_id'] });
		});

		it.each([[{}], [{ webhook: {} }], [{ unrelated: 1 }], [{ webhook: 'x' }], [[1, 2]]])(
			'answers a missing webhook root %j as params.require does',
			async (body) => {
				const response = await create(body);
				expect(response.status).toBe(422);
				expect(await response.json()).toEqual({ error: 'param is missing or the value is empty: webhook' });
			},
		);

		it('leaves the table unchanged after any refusal', async () => {
			await create({ url: 'https://a.test/1' });
			const before = webhookRows(dispatcher);
			await create({ url: 'javascript:x' });
			await create({ url: 'https://a.test/2', subscriptions: [] });
			await dispatcher.request('POST', '/api/v1/accounts/2/webhooks', { body: { url: 'https://a.test/3' } });
			await dispatcher.request('POST', base, { raw: '{"url":', contentType: 'application/json' });
			expect(webhookRows(dispatcher)).toEqual(before);
		});
	});

	describe('authentication and authorisation, in Chatwoot\'s words', () => {
		it('401s without credentials, as devise does', async () => {
			const response = await dispatcher.request('GET', base, { token: null });
			expect(response.status).toBe(401);
			expect(await response.json()).toEqual({ errors: ['You need to sign in or sign up before continuing.'] });
		});

		it('401s an unknown token', async () => {
			const response = await dispatcher.request('GET', base, { token: 'not-a-token' });
			expect(response.status).toBe(401);
			expect(await response.json()).toEqual({ error: 'Invalid Access Token' });
		});

		it('401s another account and 404s an unknown one', async () => {
			const other = await dispatcher.request('GET', '/api/v1/accounts/2/webhooks');
			expect(other.status).toBe(401);
			expect(await other.json()).toEqual({ error: 'You are not authorized to access this account' });
			const unknown = await dispatcher.request('GET', '/api/v1/accounts/99/webhooks');
			expect(unknown.status).toBe(404);
			expect(await unknown.json()).toEqual({ error: 'Resource could not be found' });
		});

		it('401s an agent who is not an administrator, on every webhook route', async () => {
			const token = dispatcher.chatwoot.agentToken();
			for (const [method, path] of [
				['GET', base],
				['POST', base],
				['PATCH', `${base}/1`],
				['DELETE', `${base}/1`],
			]) {
				const body = method === 'GET' ? undefined : { url: 'https://a.test/1' };
				const response = await dispatcher.request(method, path, { token, body });
				expect(response.status).toBe(401);
				expect(await response.json()).toEqual({ error: 'You are not authorized to do this action' });
			}
			expect(webhookRows(dispatcher)).toEqual([]);
		});
	});

	describe('the requireHttps profile', () => {
		it('refuses plain http and accepts https', async () => {
			const strict = await startApiDispatcher({ requireHttps: true });
			try {
				const plain = await strict.request('POST', base, { body: { url: 'http://a.test/1' } });
				expect(plain.status).toBe(422);
				expect(await plain.json()).toEqual({ message: 'Url must use https', attributes: ['url'] });
				expect((await strict.request('POST', base, { body: { url: 'https://a.test/1' } })).status).toBe(200);
			} finally {
				await strict.close();
			}
		});
	});

	describe('bad requests', () => {
		it('answers malformed JSON with 400 and an oversized body with 413', async () => {
			const malformed = await dispatcher.request('POST', base, { raw: '{"url": ' });
			expect(malformed.status).toBe(400);
			expect(Object.keys(await malformed.json())).toEqual(['error']);
			const small = await startApiDispatcher({ bodyLimit: '1kb' });
			try {
				const large = await small.request('POST', base, { body: { url: `https://a.test/${'x'.repeat(2000)}` } });
				expect(large.status).toBe(413);
				expect(Object.keys(await large.json())).toEqual(['error']);
			} finally {
				await small.close();
			}
		});

		it('refuses JSON nested deeper than Ruby\'s max_nesting of 100 with 400, on any route', async () => {
			const nested = (depth: number): string => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
			// The body object itself is the first level, as Ruby counts it.
			const deepest = await dispatcher.request('POST', '/api/v1/accounts/1/contacts', {
				raw: `{"name":"Deep","custom_attributes":${nested(99)}}`,
			});
			expect(deepest.status).toBe(200);
			for (const [path, field] of [
				['/api/v1/accounts/1/contacts', 'custom_attributes'],
				['/_dispatcher/events', 'data'],
			]) {
				const tooDeep = await dispatcher.request('POST', path, { raw: `{"event":"contact_created","${field}":${nested(100)}}` });
				expect(tooDeep.status).toBe(400);
				expect(await tooDeep.json()).toEqual({ error: 'The request body is nested deeper than 100 levels' });
			}
			const hostile = await dispatcher.request('POST', '/_dispatcher/events', {
				raw: `{"event":"message_created","account_id":1,"data":${nested(100_000)}}`,
			});
			expect(hostile.status).toBe(400);
		});

		it('404s an unrouted path before authentication, as Rails routing does', async () => {
			const response = await dispatcher.request('GET', '/api/v1/accounts/1/nothing-here', { token: null });
			expect(response.status).toBe(404);
		});
	});
});

describe('the webhook directory the delivery side reads', () => {
	let dispatcher: ApiDispatcher;
	beforeEach(async () => {
		dispatcher = await startApiDispatcher();
	});
	afterEach(async () => {
		await dispatcher.close();
	});

	it('lists enabled subscribed webhooks only, and an API update re-enables a disabled one', async () => {
		const { webhooks } = dispatcher.chatwoot;
		const messages = webhooks.create(1, { url: 'https://a.test/messages', subscriptions: ['message_created'] });
		webhooks.create(1, { url: 'https://a.test/contacts', subscriptions: ['contact_created'] });
		webhooks.create(2, { url: 'https://globex.test/messages', subscriptions: ['message_created'] });

		expect(webhooks.subscribedTo(1, 'message_created')).toEqual([
			{ id: messages.id, accountId: 1, url: 'https://a.test/messages', secret: messages.secret },
		]);
		webhooks.disable(messages.id, 'HTTP 410 Gone');
		expect(webhooks.subscribedTo(1, 'message_created')).toEqual([]);
		expect(webhooks.find(messages.id)?.disabledReason).toBe('HTTP 410 Gone');

		await dispatcher.request('PATCH', `/api/v1/accounts/1/webhooks/${messages.id}`, { body: { name: 'fixed' } });
		expect(webhooks.find(messages.id)?.disabledReason).toBeNull();
		expect(webhooks.subscribedTo(1, 'message_created')).toHaveLength(1);
		expect(webhooks.find(123456)).toBeUndefined();
	});
});
