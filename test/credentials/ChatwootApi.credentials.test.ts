import nock from 'nock';
import type { INode } from 'n8n-workflow';

import { startTestDispatcher, type TestDispatcher } from '../support/dispatcher';
import { requestWithAuthentication, testCredential } from '../support/n8n/credential-request';
import { loadedPackage } from '../support/n8n/loaded-package';

/**
 * The credential as n8n uses it: its test request (run by n8n-core's RoutingNode, expressions resolved by
 * n8n's own engine, `rules` applied as n8n's credentials tester does), and its `authenticate` block on an
 * arbitrary request through n8n-core's `httpRequestWithAuthentication`, which is what the HTTP Request node
 * does with a predefined credential type. The credential type is the one n8n-core's loader loads from dist/.
 */
const credentialType = loadedPackage().credentialType('chatwootApi');
const httpRequestNode: INode = {
	id: 'http-request',
	name: 'Post reply',
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	position: [0, 0],
	parameters: { authentication: 'predefinedCredentialType', nodeCredentialType: 'chatwootApi' },
};

let dispatcher: TestDispatcher;

beforeAll(async () => {
	dispatcher = await startTestDispatcher();
});

afterAll(async () => {
	await dispatcher.close();
});

function credentials(overrides: Record<string, unknown> = {}) {
	return { baseUrl: dispatcher.url, accountId: dispatcher.accountId, apiAccessToken: dispatcher.token, ...overrides };
}

describe('credential test against the dispatcher', () => {
	it("passes with an administrator's token", async () => {
		await expect(testCredential(httpRequestNode, credentialType, credentials())).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});

	it('tolerates trailing slashes in the base URL', async () => {
		await expect(testCredential(httpRequestNode, credentialType, credentials({ baseUrl: `${dispatcher.url}//` }))).resolves.toMatchObject({
			status: 'OK',
		});
	});

	it('explains a refused token, administrators included in the explanation', async () => {
		const result = await testCredential(httpRequestNode, credentialType, credentials({ apiAccessToken: 'not-a-token' }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain("use an administrator's token");
	});

	it('explains an account the token does not belong to', async () => {
		const result = await testCredential(httpRequestNode, credentialType, credentials({ accountId: 2 }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Check the token and the account ID');
	});
});

describe('credential test, answers only nock can give', () => {
	const CHATWOOT = 'https://chatwoot.example.test';

	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it("asks an agent's token for the same permission the nodes need, and explains the refusal", async () => {
		// n8n-core's authenticated helper sends a request refused with 401 once more after pre-authentication.
		nock(CHATWOOT, { reqheaders: { api_access_token: 'agent-token' } })
			.get('/api/v1/accounts/1/webhooks')
			.times(2)
			.reply(401, { error: 'You are not authorized to do this action' });
		const result = await testCredential(httpRequestNode, credentialType, {
			baseUrl: `${CHATWOOT}/`,
			accountId: 1,
			apiAccessToken: 'agent-token',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Chatwoot only lets administrators manage webhooks');
	});

	it('explains a base URL that is not a Chatwoot', async () => {
		nock(CHATWOOT).get('/api/v1/accounts/1/webhooks').reply(404, 'Not Found');
		const result = await testCredential(httpRequestNode, credentialType, { baseUrl: CHATWOOT, accountId: 1, apiAccessToken: 'x' });
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('without /api') });
	});
});

describe('as a predefined credential type in the HTTP Request node', () => {
	it('authenticates a reply posted to a conversation', async () => {
		const api = (path: string) => `${dispatcher.url}/api/v1/accounts/${dispatcher.accountId}${path}`;
		const contact = (await requestWithAuthentication(httpRequestNode, credentialType, credentials(), {
			method: 'POST',
			url: api('/contacts'),
			body: { name: 'Jane Doe', inbox_id: 1 },
			json: true,
		})) as { payload: { contact: { id: number } } };
		const conversation = (await requestWithAuthentication(httpRequestNode, credentialType, credentials(), {
			method: 'POST',
			url: api('/conversations'),
			body: { contact_id: contact.payload.contact.id, inbox_id: 1 },
			json: true,
		})) as { id: number };

		const reply = (await requestWithAuthentication(httpRequestNode, credentialType, credentials(), {
			method: 'POST',
			url: api(`/conversations/${conversation.id}/messages`),
			body: { content: 'Thanks, we are on it', message_type: 'outgoing' },
			json: true,
		})) as { content: string; message_type: unknown };
		expect(reply.content).toBe('Thanks, we are on it');
	});

	it('is refused without the credential, so the header really comes from it', async () => {
		const anonymous = { ...credentialType, authenticate: undefined };
		await expect(
			requestWithAuthentication(httpRequestNode, anonymous, credentials(), {
				method: 'GET',
				url: `${dispatcher.url}/api/v1/accounts/${dispatcher.accountId}/webhooks`,
				json: true,
			}),
		).rejects.toMatchObject({ httpCode: '401' });
	});
});
