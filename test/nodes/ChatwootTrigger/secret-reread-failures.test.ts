import nock from 'nock';

import { SECRET_REREAD_TIMEOUT_MS } from '../../../nodes/ChatwootTrigger/secret-healing';
import { chatwootTrigger } from '../../support/n8n/chatwoot-nodes';
import { N8nInstance, type TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { postForged } from './trigger-on-dispatcher';

/**
 * What the dispatcher cannot produce on the secret re-read (secret-healing.test.ts covers the re-read over
 * real HTTP): a Chatwoot that hangs, fails, or answers with the very secret the trigger already has. The
 * delivery waits on that read, and Chatwoot gives up on it after 5 s, so every case must end in a 401 with
 * the delivery's own reason, the slow one within the trigger's own cap.
 */
const CHATWOOT = 'https://chatwoot.example.test';
const HOOKS = '/api/v1/accounts/1/webhooks';
const STORED = 'StoredSecret1234567890ab';
const MISMATCH = {
	message: 'Chatwoot signature check failed: The signature does not match the body and timestamp for this webhook secret',
	reason: 'mismatch',
};

let n8n: N8nInstance;
let flow: TriggerWorkflow;

function webhook(url: string) {
	return { id: 41, name: 'n8n: Support bot', url, account_id: 1, subscriptions: ['contact_created'], secret: STORED };
}

beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	n8n = await N8nInstance.start();
});

beforeEach(async () => {
	flow = n8n.workflow(chatwootTrigger({ baseUrl: CHATWOOT, accessToken: 'admin-token' }, { events: ['contact_created'] }));
	nock(CHATWOOT).get(HOOKS).reply(200, { payload: { webhooks: [] } });
	nock(CHATWOOT).post(HOOKS).reply(200, { payload: { webhook: webhook(flow.productionUrl()) } });
	await flow.activate();
	expect(flow.staticData.webhookSecret).toBe(STORED);
});

afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});

afterAll(async () => {
	await n8n.close();
	nock.enableNetConnect();
});

function rereads() {
	return flow.subject.requests.filter((request) => request.method === 'GET').slice(1);
}

async function forged(): Promise<{ status: number; body: unknown }> {
	return await postForged(flow.productionUrl(), { id: 1, name: 'Mallory', event: 'contact_created' });
}

describe('the secret re-read a mismatch causes', () => {
	it('gives up on a Chatwoot that hangs after its own short timeout, and refuses the delivery 401', async () => {
		nock(CHATWOOT).get(HOOKS).delay(SECRET_REREAD_TIMEOUT_MS * 4).reply(200, { payload: { webhooks: [webhook(flow.productionUrl())] } });

		expect(await forged()).toEqual({ status: 401, body: MISMATCH });
		expect(rereads()).toEqual([expect.objectContaining({ url: `${CHATWOOT}${HOOKS}`, timeout: SECRET_REREAD_TIMEOUT_MS })]);
		expect(flow.subject.logger.messages('warn').join('\n')).toContain('Could not read the webhook secret again from Chatwoot');
		expect(flow.staticData.webhookSecret).toBe(STORED);
		expect(flow.executions()).toEqual([]);
	}, 4 * SECRET_REREAD_TIMEOUT_MS);

	it('refuses the delivery 401 when Chatwoot answers the re-read with a 500', async () => {
		nock(CHATWOOT).get(HOOKS).reply(500, { error: 'Internal Server Error' });

		expect(await forged()).toEqual({ status: 401, body: MISMATCH });
		expect(rereads()).toHaveLength(1);
		expect(flow.staticData.webhookSecret).toBe(STORED);
	});

	it('refuses the delivery 401 when Chatwoot still has the stored secret, and keeps it', async () => {
		nock(CHATWOOT).get(HOOKS).reply(200, { payload: { webhooks: [webhook(flow.productionUrl())] } });

		expect(await forged()).toEqual({ status: 401, body: MISMATCH });
		expect(rereads()).toHaveLength(1);
		expect(flow.subject.logger.messages('info').join('\n')).not.toContain('secret changed');
		expect(flow.staticData.webhookSecret).toBe(STORED);
	});
});
