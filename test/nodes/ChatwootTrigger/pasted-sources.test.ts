import { randomUUID } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { sign } from '../../../src/protocol';
import { N8nInstance, type TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { NodeUnderTest } from '../../support/n8n/node-under-test';

/**
 * The API inbox and manual sources: a person pastes the trigger's URL into Chatwoot and the sender's
 * secret into a Chatwoot Webhook Secret credential. Nothing is registered, so these requests are posted
 * as Chatwoot would send them: signed (an API inbox's callback, a hand-made webhook) or unsigned (an
 * automation rule's or a macro's "send webhook", which carry neither signature nor delivery id).
 */
const SECRET = 'PastedSecret123456789abc';

let n8n: N8nInstance;

beforeAll(async () => {
	n8n = await N8nInstance.start();
});

afterAll(async () => {
	await n8n.close();
});

/** `secret` null: no credential selected. */
function pastedTrigger(parameters: INodeParameters, secret: string | null = SECRET): TriggerWorkflow {
	return n8n.workflow(
		new NodeUnderTest({
			nodeType: 'chatwootTrigger',
			parameters,
			credentialType: 'chatwootWebhookSecretApi',
			credentials: secret === null ? {} : { secret },
		}),
	);
}

const CONVERSATION = { id: 42, inbox_id: 3, status: 'open', meta: { sender: { id: 77, type: 'contact' } } };

async function post(flow: TriggerWorkflow, payload: Record<string, unknown>, key?: string) {
	const body = JSON.stringify(payload);
	const timestamp = Math.floor(Date.now() / 1000);
	const signed: Record<string, string> = key ? { 'X-Chatwoot-Delivery': randomUUID(), 'X-Chatwoot-Timestamp': String(timestamp), 'X-Chatwoot-Signature': sign(key, timestamp, body) } : {};
	const response = await fetch(flow.productionUrl(), { method: 'POST', headers: { 'content-type': 'application/json', ...signed }, body });
	await flow.waitForRequests(flow.handled.length);
	return { status: response.status, body: (await response.json()) as { message?: string; reason?: string } };
}

describe('API Inbox source', () => {
	let flow: TriggerWorkflow;

	beforeEach(async () => {
		flow = pastedTrigger({ source: 'apiInbox', events: ['message_created', 'conversation_created'] });
		expect(await flow.activate()).toBe(false);
	});

	afterEach(async () => {
		await flow.deactivate();
	});

	it('starts the workflow for a callback signed with the pasted secret, marked verified', async () => {
		const response = await post(flow, { ...CONVERSATION, event: 'conversation_created' }, SECRET);
		expect(response).toEqual({ status: 200, body: { message: 'Workflow was started' } });
		expect(flow.executions()[0][0][0].json.chatwootDelivery).toMatchObject({ verified: true, verification: 'signature' });
	});

	it('refuses a callback signed with another secret, and asks nobody for a new one', async () => {
		const response = await post(flow, { ...CONVERSATION, event: 'conversation_created' }, 'SomeoneElsesSecret000000');
		expect(response).toMatchObject({ status: 401, body: { reason: 'mismatch' } });
		expect(flow.subject.requests).toEqual([]);
		expect(flow.executions()).toEqual([]);
	});

	it('applies the filters like any source', async () => {
		const response = await post(flow, { ...CONVERSATION, event: 'conversation_status_changed' }, SECRET);
		expect(response.body.message).toBe('Ignored: conversation_status_changed is not one of the events this trigger listens to');
	});
});

describe('Manual source', () => {
	let flow: TriggerWorkflow;

	afterEach(async () => {
		await flow.deactivate();
	});

	it('refuses an unsigned automation rule webhook while Check Signature is on, and says how to accept it', async () => {
		flow = pastedTrigger({ source: 'manual', events: ['automation_event.conversation_created'] });
		await flow.activate();
		const response = await post(flow, { ...CONVERSATION, event: 'automation_event.conversation_created' });
		expect(response.status).toBe(401);
		expect(response.body.reason).toBe('missing_signature');
		expect(response.body.message).toContain('Automation rules and macros ("Send webhook") sign nothing');
		expect(response.body.message).toContain('turned off (under Options)');
	});

	it('accepts unsigned automation rule and macro webhooks with Check Signature off, marked unverified', async () => {
		flow = pastedTrigger(
			{ source: 'manual', events: ['automation_event.conversation_created', 'macro.executed'], options: { checkSignature: false } },
			null,
		);
		await flow.activate();
		expect((await post(flow, { ...CONVERSATION, event: 'automation_event.conversation_created' })).status).toBe(200);
		expect((await post(flow, { ...CONVERSATION, event: 'macro.executed' })).body).toEqual({ message: 'Workflow was started' });
		const [first, second] = flow.executions().map((execution) => execution[0][0].json);
		expect(first).toMatchObject({ id: 42, event: 'automation_event.conversation_created', chatwootDelivery: { id: null, verified: false, verification: 'check_disabled' } });
		expect(second).toMatchObject({ event: 'macro.executed', chatwootDelivery: { verification: 'check_disabled' } });
	});

	it('filters unsigned senders by inbox like conversation events', async () => {
		flow = pastedTrigger({ source: 'manual', events: ['macro.executed'], options: { checkSignature: false, inboxIds: '5' } }, null);
		await flow.activate();
		expect((await post(flow, { ...CONVERSATION, event: 'macro.executed' })).body.message).toBe(
			'Ignored: macro.executed is from inbox 3; this trigger listens to inbox 5 only',
		);
	});

	it('takes agent-bot events from a bot made by hand, signed with its pasted secret', async () => {
		flow = pastedTrigger({ source: 'manual', events: ['conversation_opened'] });
		await flow.activate();
		expect((await post(flow, { ...CONVERSATION, event: 'conversation_opened' }, SECRET)).body).toEqual({ message: 'Workflow was started' });
	});

	it('will not activate checking signatures without a secret credential', async () => {
		flow = pastedTrigger({ source: 'manual', events: ['message_created'] }, null);
		await expect(flow.activate()).rejects.toThrow('This trigger checks signatures but has no secret to check them with');
	});
});
