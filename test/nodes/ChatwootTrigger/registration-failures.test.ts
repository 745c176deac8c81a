import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { NOT_ADMINISTRATOR_MESSAGE } from '../../../nodes/shared/chatwoot-api-error';
import { chatwootTrigger } from '../../support/n8n/chatwoot-nodes';
import { TriggerWorkflow } from '../../support/n8n/n8n-instance';

/**
 * What the dispatcher cannot produce: Chatwoot failing (500s, timeouts, refused connections), answering
 * in shapes other Chatwoot versions use, refusing an agent's token, and races between the list and the
 * create. Each case drives the trigger through n8n's activation and deactivation sequence.
 */
const CHATWOOT = 'https://chatwoot.example.test';
const HOOKS = '/api/v1/accounts/1/webhooks';
const N8N = 'https://n8n.example.test/';

function workflow(events: string[] = ['message_created']): TriggerWorkflow {
	return new TriggerWorkflow(chatwootTrigger({ baseUrl: CHATWOOT, accessToken: 'admin-token' }, { events }), N8N);
}

function webhook(id: number, url: string, subscriptions: string[], extra: Record<string, unknown> = {}) {
	return { id, name: 'n8n: Support bot', url, account_id: 1, subscriptions, secret: `secret-${id}`, ...extra };
}

function timeoutError(): Error {
	return Object.assign(new Error('timeout of 20000ms exceeded'), { code: 'ECONNABORTED' });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('activation when Chatwoot fails', () => {
	it('reports a 500 with Chatwoot status and leaves no state behind', async () => {
		const flow = workflow();
		nock(CHATWOOT).get(HOOKS).times(2).reply(500, { error: 'Internal Server Error' });

		const activation = flow.activate();
		await expect(activation).rejects.toBeInstanceOf(NodeApiError);
		await expect(activation).rejects.toMatchObject({ message: 'Chatwoot answered 500: Internal Server Error', httpCode: '500' });
		expect(flow.staticData).toEqual({});
	});

	it('says an agent token cannot manage webhooks (Pundit 401)', async () => {
		const flow = workflow();
		nock(CHATWOOT).get(HOOKS).times(2).reply(401, { error: 'You are not authorized to do this action' });

		await expect(flow.activate()).rejects.toThrow(NOT_ADMINISTRATOR_MESSAGE);
	});

	it('tells a bad token apart from an agent token', async () => {
		const flow = workflow();
		nock(CHATWOOT).get(HOOKS).times(2).reply(401, { error: 'Invalid Access Token' });

		await expect(flow.activate()).rejects.toThrow('Chatwoot refused the access token: Invalid Access Token');
	});

	it('reports a timeout as Chatwoot not answering, and asks for one in the first place', async () => {
		const flow = workflow();
		nock(CHATWOOT).get(HOOKS).times(2).replyWithError(timeoutError());

		await expect(flow.activate()).rejects.toThrow(`Chatwoot at ${CHATWOOT} did not answer in time`);
		expect(flow.subject.requests[0]).toMatchObject({ method: 'GET', url: `${CHATWOOT}${HOOKS}`, timeout: 20_000 });
	});

	it('names the base URL when the connection is refused', async () => {
		const flow = workflow();
		const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:443'), { code: 'ECONNREFUSED' });
		nock(CHATWOOT).get(HOOKS).times(2).replyWithError(refused);

		const activation = flow.activate();
		await expect(activation).rejects.toThrow(`Could not reach Chatwoot at ${CHATWOOT}`);
		await expect(activation).rejects.toMatchObject({ description: expect.stringContaining('ECONNREFUSED') });
	});

	it('refuses a list in a shape no Chatwoot uses instead of creating duplicates', async () => {
		const flow = workflow();
		nock(CHATWOOT).get(HOOKS).times(2).reply(200, '<html>Welcome to nginx</html>', { 'content-type': 'text/html' });

		const activation = flow.activate();
		await expect(activation).rejects.toBeInstanceOf(NodeOperationError);
		await expect(activation).rejects.toThrow('unexpected shape');
	});

	it('refuses a create answer without a webhook, so no unknown id is stored', async () => {
		const flow = workflow();
		nock(CHATWOOT).get(HOOKS).times(2).reply(200, { payload: { webhooks: [] } });
		nock(CHATWOOT).post(HOOKS).reply(200, { payload: {} });

		await expect(flow.activate()).rejects.toThrow('unexpected webhook shape');
		expect(flow.staticData).toEqual({});
	});

	it("passes Chatwoot's 422 message on verbatim", async () => {
		const flow = workflow();
		nock(CHATWOOT).get(HOOKS).times(2).reply(200, { payload: { webhooks: [] } });
		nock(CHATWOOT).post(HOOKS).reply(422, { message: 'Url is invalid', attributes: ['url'] });

		await expect(flow.activate()).rejects.toMatchObject({ message: 'Url is invalid', httpCode: '422' });
	});
});

describe('activation refused before any call to Chatwoot', () => {
	it.each([
		[[], 'Select at least one event to listen to'],
		[['message_created', 'agent_added'], 'Unknown Chatwoot event: agent_added'],
	])('events %j: %s', async (events, message) => {
		const flow = workflow(events);
		nock(CHATWOOT).get(HOOKS).reply(200, { payload: { webhooks: [] } });

		await expect(flow.activate()).rejects.toThrow(message);
		expect(flow.subject.requests.filter((request) => request.method !== 'GET')).toEqual([]);
	});
});

describe('activation in odd but valid situations', () => {
	it('adopts the webhook another activation created between the list and the create (422 "taken")', async () => {
		const flow = workflow(['message_created', 'conversation_created']);
		const url = flow.productionUrl();
		nock(CHATWOOT).get(HOOKS).reply(200, { payload: { webhooks: [] } });
		nock(CHATWOOT).post(HOOKS).reply(422, { message: 'Url has already been taken', attributes: ['url'] });
		nock(CHATWOOT)
			.get(HOOKS)
			.reply(200, { payload: { webhooks: [webhook(41, url, ['message_created'])] } });
		nock(CHATWOOT)
			.patch(`${HOOKS}/41`, { webhook: { url, name: 'n8n: Support bot', subscriptions: ['message_created', 'conversation_created'] } })
			.reply(200, { payload: { webhook: webhook(41, url, ['message_created', 'conversation_created']) } });

		await expect(flow.activate()).resolves.toBe(true);
		expect(flow.staticData).toEqual({ webhookId: 41, webhookSecret: 'secret-41', webhookUrl: url });
	});

	it('creates a new webhook when the one it adopts is deleted meanwhile (PATCH 404)', async () => {
		const flow = workflow();
		const url = flow.productionUrl();
		nock(CHATWOOT)
			.get(HOOKS)
			.reply(200, { payload: { webhooks: [webhook(5, url, ['contact_created'])] } });
		nock(CHATWOOT).patch(`${HOOKS}/5`).reply(404, { error: 'Resource could not be found' });
		nock(CHATWOOT).post(HOOKS).reply(200, { payload: { webhook: webhook(6, url, ['message_created']) } });

		await flow.activate();
		expect(flow.staticData).toEqual({ webhookId: 6, webhookSecret: 'secret-6', webhookUrl: url });
	});

	it('leaves alone a foreign webhook that got the id it remembers (ids reused by an emulator)', async () => {
		const flow = workflow();
		const foreign = webhook(7, 'https://crm.example.com/hook', ['contact_created'], { name: 'CRM' });
		Object.assign(flow.staticData, { webhookId: 7, webhookSecret: 'old', webhookUrl: 'https://n8n.old.example/webhook/x/webhook' });
		nock(CHATWOOT).get(HOOKS).times(2).reply(200, { payload: { webhooks: [foreign] } });
		nock(CHATWOOT).post(HOOKS).reply(200, { payload: { webhook: webhook(8, flow.productionUrl(), ['message_created']) } });

		await expect(flow.activate()).resolves.toBe(true);
		expect(flow.staticData).toMatchObject({ webhookId: 8, webhookUrl: flow.productionUrl() });

		nock(CHATWOOT)
			.get(HOOKS)
			.reply(200, { payload: { webhooks: [foreign, webhook(8, flow.productionUrl(), ['message_created'])] } });
		nock(CHATWOOT).delete(`${HOOKS}/8`).reply(200, '');
		await flow.deactivate();
		expect(flow.staticData).toEqual({});
	});

	it('reads the bare envelopes older Chatwoot releases and the swagger docs use', async () => {
		const flow = workflow();
		nock(CHATWOOT).get(HOOKS).reply(200, []);
		nock(CHATWOOT).post(HOOKS).reply(200, webhook(9, flow.productionUrl(), ['message_created']));

		await flow.activate();
		expect(flow.staticData).toEqual({ webhookId: 9, webhookSecret: 'secret-9', webhookUrl: flow.productionUrl() });
	});

	it('accepts a Chatwoot without secrets (before 4.11) and says deliveries cannot be verified', async () => {
		const flow = workflow();
		nock(CHATWOOT).get(HOOKS).reply(200, { payload: { webhooks: [] } });
		nock(CHATWOOT)
			.post(HOOKS)
			.reply(200, { payload: { webhook: webhook(3, flow.productionUrl(), ['message_created'], { secret: undefined }) } });

		await flow.activate();
		expect(flow.staticData).toEqual({ webhookId: 3, webhookUrl: flow.productionUrl() });
		expect(flow.subject.logger.messages('warn').join('\n')).toContain('deliveries cannot be verified');
	});

	it('sends the token header and the nested body Chatwoot permits, named after the workflow', async () => {
		const flow = workflow(['conversation_created']);
		let seen: { headers: Record<string, unknown>; body: unknown } | undefined;
		nock(CHATWOOT).get(HOOKS).reply(200, { payload: { webhooks: [] } });
		nock(CHATWOOT)
			.post(HOOKS)
			.reply(function (_uri, body) {
				seen = { headers: this.req.headers, body };
				return [200, { payload: { webhook: webhook(1, flow.productionUrl(), ['conversation_created']) } }];
			});

		await flow.activate();
		expect(seen?.headers.api_access_token).toBe('admin-token');
		expect(seen?.body).toEqual({
			webhook: { url: flow.productionUrl(), name: 'n8n: Support bot', subscriptions: ['conversation_created'] },
		});
	});

	it('fails the start of n8n when Chatwoot is down, so n8n retries the activation', async () => {
		const flow = workflow();
		flow.staticData.webhookId = 1;
		flow.staticData.webhookSecret = 'secret-1';
		nock(CHATWOOT).get(HOOKS).reply(503, 'Service Unavailable');
		nock(CHATWOOT).get(HOOKS).reply(503, 'Service Unavailable');
		nock(CHATWOOT).delete(`${HOOKS}/1`).reply(503, 'Service Unavailable');

		await expect(flow.activate('init')).rejects.toMatchObject({ httpCode: '503' });
	});
});

describe('deactivation when Chatwoot fails', () => {
	function activeWorkflow(): TriggerWorkflow {
		const flow = workflow();
		flow.staticData.webhookId = 12;
		flow.staticData.webhookSecret = 'secret-12';
		flow.active = true;
		return flow;
	}

	it('still deletes the remembered webhook when the list fails, and logs why', async () => {
		const flow = activeWorkflow();
		nock(CHATWOOT).get(HOOKS).reply(500, { error: 'boom' });
		nock(CHATWOOT).delete(`${HOOKS}/12`).reply(200, '');

		await flow.deactivate();
		expect(flow.staticData).toEqual({});
		expect(flow.subject.logger.messages('warn').join('\n')).toContain('Could not list Chatwoot webhooks');
	});

	it('keeps the id when the delete fails, so the next deactivation tries again', async () => {
		const flow = activeWorkflow();
		nock(CHATWOOT).get(HOOKS).reply(200, { payload: { webhooks: [webhook(12, flow.productionUrl(), ['message_created'])] } });
		nock(CHATWOOT).delete(`${HOOKS}/12`).reply(500, { error: 'boom' });

		await expect(flow.deactivate()).rejects.toMatchObject({ httpCode: '500' });
		expect(flow.staticData).toEqual({ webhookId: 12, webhookSecret: 'secret-12' });
	});

	it('counts a 404 on delete as done', async () => {
		const flow = activeWorkflow();
		nock(CHATWOOT).get(HOOKS).reply(200, { payload: { webhooks: [webhook(12, flow.productionUrl(), ['message_created'])] } });
		nock(CHATWOOT).delete(`${HOOKS}/12`).reply(404, { error: 'Resource could not be found' });

		await flow.deactivate();
		expect(flow.staticData).toEqual({});
	});

	it('cannot know what to delete when neither the list nor an id is there, and says so', async () => {
		const flow = workflow();
		// n8n-core's authenticated helper sends a request refused with 401 once more after pre-authentication.
		nock(CHATWOOT).get(HOOKS).times(2).reply(401, { error: 'You are not authorized to do this action' });

		await expect(flow.deactivate()).rejects.toThrow(NOT_ADMINISTRATOR_MESSAGE);
	});
});

describe('reachability hint on activation', () => {
	it('warns when Chatwoot Cloud is asked to deliver to a localhost n8n, and still registers', async () => {
		const subject = chatwootTrigger({ baseUrl: CHATWOOT, accessToken: 'admin-token' });
		const flow = new TriggerWorkflow(subject, 'http://localhost:5678/');
		nock(CHATWOOT).get(HOOKS).reply(200, { payload: { webhooks: [] } });
		nock(CHATWOOT).post(HOOKS).reply(200, { payload: { webhook: webhook(2, flow.productionUrl(), ['message_created']) } });

		await flow.activate();
		expect(flow.staticData.webhookId).toBe(2);
		const warning = subject.logger.messages('warn').join('\n');
		expect(warning).toContain('cannot reach this n8n');
		expect(warning).toContain('SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true');
	});
});
