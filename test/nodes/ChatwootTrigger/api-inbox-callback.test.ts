import type { TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { NodeUnderTest } from '../../support/n8n/node-under-test';
import { nextDelivery, outcome, useTriggerOnDispatcher } from './trigger-on-dispatcher';

/**
 * The API Inbox source against the dispatcher's API inbox callbacks, as a user sets it up: the trigger's
 * URL goes into the inbox's `webhook_url` (`PATCH /inboxes/1`), the channel secret the inbox view shows
 * into a Chatwoot Webhook Secret credential, and the dispatcher delivers and signs as Chatwoot 4.13+ does.
 */
const chatwoot = useTriggerOnDispatcher();

interface InboxView {
	webhook_url: string | null;
	secret: string;
}

function apiInboxTrigger(secret: string): TriggerWorkflow {
	return chatwoot.n8n.workflow(
		new NodeUnderTest({
			nodeType: 'chatwootTrigger',
			parameters: { source: 'apiInbox', events: ['conversation_created', 'message_created'] },
			credentialType: 'chatwootWebhookSecretApi',
			credentials: { secret },
		}),
	);
}

async function connect(): Promise<TriggerWorkflow> {
	const { secret } = await chatwoot.chatwoot<InboxView>('GET', '/inboxes/1');
	const flow = apiInboxTrigger(secret);
	await flow.activate();
	const inbox = await chatwoot.chatwoot<InboxView>('PATCH', '/inboxes/1', { channel: { webhook_url: flow.productionUrl() } });
	expect(inbox.webhook_url).toBe(flow.productionUrl());
	return flow;
}

afterEach(async () => {
	await chatwoot.chatwoot('PATCH', '/inboxes/1', { channel: { webhook_url: null } });
});

describe('API Inbox source on a Chatwoot API inbox callback', () => {
	it("starts the workflow for the inbox's events, verified with the channel secret", async () => {
		const flow = await connect();
		const created = await nextDelivery(flow, () => chatwoot.openConversation());
		expect(outcome(created)).toEqual({ status: 200, started: true, message: 'Workflow was started' });
		const item = created.workflowData?.[0][0].json;
		expect(item).toMatchObject({ event: 'conversation_created', inbox_id: 1, chatwootDelivery: { verified: true, verification: 'signature' } });
		expect(item?.chatwootDelivery).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), timestamp: expect.any(Number) });
		await flow.deactivate();
	});

	it('refuses the callbacks once the channel secret is reset in Chatwoot and the credential still has the old one', async () => {
		const flow = await connect();
		await chatwoot.chatwoot('POST', '/inboxes/1/reset_secret');
		const refused = await nextDelivery(flow, () => chatwoot.openConversation());
		expect(refused.status).toBe(401);
		expect(refused.responseBody).toMatchObject({ reason: 'mismatch' });
		expect(flow.executions()).toEqual([]);
		// A pasted source has no Chatwoot credential to ask for the new secret with.
		expect(flow.subject.requests).toEqual([]);
		await flow.deactivate();
	});
});
