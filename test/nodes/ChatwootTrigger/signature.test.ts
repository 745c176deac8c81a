import { createHmac, randomUUID } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { sign } from '../../../src/protocol';
import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { chatwootTrigger } from '../../support/n8n/chatwoot-nodes';
import { N8nInstance, type TriggerWorkflow } from '../../support/n8n/n8n-instance';

/**
 * Requests the dispatcher would never send, posted over loopback to the production URL of a trigger whose
 * webhook (and secret) the dispatcher created: each must be refused with 401, or acknowledged and dropped,
 * and none may start the workflow.
 */
let dispatcher: TestDispatcher;
let n8n: N8nInstance;
let flow: TriggerWorkflow;

const BODY = JSON.stringify({
	account: { id: 1, name: 'Acme' },
	content: 'Hi \u003cthere\u003e',
	conversation: { id: 42, inbox_id: 1 },
	id: 4821,
	inbox: { id: 1, name: 'Support API' },
	message_type: 'incoming',
	private: false,
	event: 'message_created',
});

beforeAll(async () => {
	dispatcher = await startTestDispatcher();
	n8n = await N8nInstance.start();
});

afterAll(async () => {
	await n8n.close();
	await dispatcher.close();
});

async function activate(parameters: INodeParameters = { events: ['message_created'] }): Promise<TriggerWorkflow> {
	const workflow = n8n.workflow(
		chatwootTrigger({ baseUrl: dispatcher.url, accessToken: dispatcher.token, accountId: dispatcher.accountId }, parameters),
	);
	await workflow.activate();
	return workflow;
}

beforeEach(async () => {
	flow = await activate();
});

afterEach(async () => {
	await flow.deactivate();
});

function secret(): string {
	return flow.staticData.webhookSecret as string;
}

function now(): number {
	return Math.floor(Date.now() / 1000);
}

interface Delivery {
	body?: string | Buffer;
	headers?: Record<string, string>;
}

function signedHeaders(body: string | Buffer = BODY, timestamp = now(), key = secret()): Record<string, string> {
	return {
		'X-Chatwoot-Delivery': randomUUID(),
		'X-Chatwoot-Timestamp': String(timestamp),
		'X-Chatwoot-Signature': sign(key, timestamp, body),
	};
}

async function post(delivery: Delivery = {}): Promise<{ status: number; body: unknown }> {
	const body = delivery.body ?? BODY;
	const response = await fetch(flow.productionUrl(), {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'user-agent': 'Ruby', ...(delivery.headers ?? signedHeaders(body)) },
		body,
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('a correctly signed request', () => {
	it('starts the workflow (the control case for the table below)', async () => {
		const answer = await post();
		expect(answer).toEqual({ status: 200, body: { message: 'Workflow was started' } });
		expect(flow.executions()).toHaveLength(1);
		expect(flow.executions()[0][0][0].json).toMatchObject({ content: 'Hi <there>', chatwootDelivery: { verified: true } });
	});
});

describe('the signature table', () => {
	const table: Array<[string, () => Delivery, string]> = [
		['signed with another secret', () => ({ headers: signedHeaders(BODY, now(), 'not-the-webhook-secret') }), 'mismatch'],
		[
			'one byte of the body changed after signing',
			() => ({ body: BODY.replace('Hi', 'Ho'), headers: signedHeaders(BODY) }),
			'mismatch',
		],
		[
			'HMAC over the body only, without "<timestamp>."',
			() => {
				const timestamp = now();
				const bodyOnly = `sha256=${createHmac('sha256', secret()).update(BODY).digest('hex')}`;
				return { headers: { 'X-Chatwoot-Timestamp': String(timestamp), 'X-Chatwoot-Signature': bodyOnly } };
			},
			'mismatch',
		],
		['timestamp older than the tolerance', () => ({ headers: signedHeaders(BODY, now() - 3_600) }), 'stale'],
		['timestamp ahead of the tolerance', () => ({ headers: signedHeaders(BODY, now() + 3_600) }), 'future'],
		[
			'no signature header',
			() => {
				const { 'X-Chatwoot-Signature': _signature, ...headers } = signedHeaders();
				return { headers };
			},
			'missing_signature',
		],
		[
			'no timestamp header',
			() => {
				const { 'X-Chatwoot-Timestamp': _timestamp, ...headers } = signedHeaders();
				return { headers };
			},
			'missing_timestamp',
		],
		['no Chatwoot headers at all', () => ({ headers: {} }), 'missing_signature'],
		[
			'signature without the sha256= prefix',
			() => {
				const headers = signedHeaders();
				headers['X-Chatwoot-Signature'] = headers['X-Chatwoot-Signature'].slice('sha256='.length);
				return { headers };
			},
			'malformed_signature',
		],
		[
			'signature in upper-case hex',
			() => {
				const headers = signedHeaders();
				headers['X-Chatwoot-Signature'] = `sha256=${headers['X-Chatwoot-Signature'].slice(7).toUpperCase()}`;
				return { headers };
			},
			'malformed_signature',
		],
		[
			'timestamp in milliseconds',
			() => {
				const milliseconds = Date.now();
				return { headers: signedHeaders(BODY, milliseconds) };
			},
			'future',
		],
	];

	it.each(table)('%s: 401, nothing started', async (_case, delivery, reason) => {
		const answer = await post(delivery());
		expect(answer.status).toBe(401);
		expect(answer.body).toMatchObject({ reason, message: expect.stringContaining('Chatwoot signature check failed') });
		expect(flow.executions()).toEqual([]);
	});

	it('refuses a stale delivery with a tolerance the user shortened', async () => {
		await flow.deactivate();
		flow = await activate({ events: ['message_created'], options: { toleranceSeconds: 30 } });
		const answer = await post({ headers: signedHeaders(BODY, now() - 120) });
		expect(answer.status).toBe(401);
		expect(flow.executions()).toEqual([]);
	});
});

describe('repeated delivery ids', () => {
	it('starts the workflow once for a delivery id seen twice, and answers the repeat 200', async () => {
		const headers = signedHeaders();
		expect((await post({ headers })).status).toBe(200);
		const repeat = await post({ headers });
		expect(repeat).toEqual({ status: 200, body: { message: `Ignored: delivery ${headers['X-Chatwoot-Delivery']} was already received` } });
		expect(flow.executions()).toHaveLength(1);
	});

	it('starts the workflow once when the same delivery arrives twice at the same moment', async () => {
		const headers = signedHeaders();
		const answers = await Promise.all([post({ headers }), post({ headers }), post({ headers })]);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
		expect(flow.executions()).toHaveLength(1);
	});

	it('does not let a forged request with a real delivery id suppress the genuine delivery', async () => {
		const genuine = signedHeaders();
		const forged = { ...signedHeaders(BODY, now(), 'attacker-secret'), 'X-Chatwoot-Delivery': genuine['X-Chatwoot-Delivery'] };
		expect((await post({ headers: forged })).status).toBe(401);
		expect((await post({ headers: genuine })).status).toBe(200);
		expect(flow.executions()).toHaveLength(1);
	});

	it('lets repeats through when the user turns the option off', async () => {
		await flow.deactivate();
		flow = await activate({ events: ['message_created'], options: { ignoreRepeatedDeliveries: false } });
		const headers = signedHeaders();
		await post({ headers });
		await post({ headers });
		expect(flow.executions()).toHaveLength(2);
	});
});

describe('without verification', () => {
	it('accepts deliveries from a Chatwoot that gave no secret (before 4.11) and marks them unverified', async () => {
		delete flow.staticData.webhookSecret;
		const answer = await post({ headers: { 'X-Chatwoot-Delivery': 'a1b2' } });
		expect(answer.status).toBe(200);
		expect(flow.executions()[0][0][0].json.chatwootDelivery).toEqual({
			id: 'a1b2',
			timestamp: null,
			event: 'message_created',
			verified: false,
			verification: 'no_secret',
		});
	});

	it('accepts unsigned deliveries when the user turned the check off, and says so on the item', async () => {
		await flow.deactivate();
		flow = await activate({ events: ['message_created'], options: { checkSignature: false } });
		const answer = await post({ headers: {} });
		expect(answer.status).toBe(200);
		expect(flow.executions()[0][0][0].json.chatwootDelivery).toMatchObject({ verified: false, verification: 'check_disabled' });
	});
});

describe('a signed body that is not a JSON object', () => {
	it('is answered 400 and starts nothing', async () => {
		const body = '["not", "an", "object"]';
		const answer = await post({ body, headers: signedHeaders(body) });
		expect(answer).toEqual({ status: 400, body: { message: 'The request body is not a JSON object' } });
		expect(flow.executions()).toEqual([]);
	});

	it('is answered 422 by n8n itself when it is not JSON at all, before the trigger runs', async () => {
		const body = '{"event": "message_created",';
		const answer = await post({ body, headers: signedHeaders(body) });
		expect(answer).toMatchObject({ status: 422, body: { code: 422, message: 'Failed to parse request body' } });
		expect(flow.handled.at(-1)?.status).toBe(422);
		expect(flow.executions()).toEqual([]);
	});
});
