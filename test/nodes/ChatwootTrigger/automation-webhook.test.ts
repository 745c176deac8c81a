import type { INodeParameters } from 'n8n-workflow';

import type { TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { NodeUnderTest } from '../../support/n8n/node-under-test';
import { nextDelivery, outcome, useTriggerOnDispatcher } from './trigger-on-dispatcher';

/**
 * The Manual source against the dispatcher's automation rule and macro "Send webhook"
 * (`POST /_dispatcher/automation_webhooks`), which Chatwoot sends unsigned and without a delivery id: with
 * Check Signature off the workflow starts, marked unverified; with it on, the trigger refuses and says why.
 */
const chatwoot = useTriggerOnDispatcher();

function manualTrigger(options: INodeParameters): TriggerWorkflow {
	return chatwoot.n8n.workflow(
		new NodeUnderTest({
			nodeType: 'chatwootTrigger',
			parameters: { source: 'manual', events: ['automation_event.message_created', 'macro.executed'], options },
			credentialType: 'chatwootWebhookSecretApi',
			credentials: options.checkSignature === false ? {} : { secret: 'HandMadeWebhookSecret123' },
		}),
	);
}

async function sendWebhook(flow: TriggerWorkflow, conversation: number, event: string): Promise<unknown> {
	const response = await chatwoot.dispatcher.api('POST', '/_dispatcher/automation_webhooks', { url: flow.productionUrl(), conversation_id: conversation, event });
	if (response.status !== 200) throw new Error(`automation_webhooks answered ${response.status}: ${JSON.stringify(response.body)}`);
	return response.body;
}

describe('Manual source on automation rule and macro webhooks', () => {
	it('starts the workflow with Check Signature off, with the conversation, marked unverified and without a delivery id', async () => {
		const flow = manualTrigger({ checkSignature: false });
		await flow.activate();
		const conversation = await chatwoot.openConversation();

		const rule = await nextDelivery(flow, () => sendWebhook(flow, conversation, 'automation_event.message_created'));
		expect(outcome(rule)).toEqual({ status: 200, started: true, message: 'Workflow was started' });
		expect(rule.workflowData?.[0][0].json).toMatchObject({
			id: conversation,
			inbox_id: 1,
			event: 'automation_event.message_created',
			chatwootDelivery: { id: null, timestamp: null, verified: false, verification: 'check_disabled' },
		});
		const macro = await nextDelivery(flow, () => sendWebhook(flow, conversation, 'macro.executed'));
		expect(outcome(macro).started).toBe(true);
		await flow.deactivate();
	});

	it('refuses them with Check Signature on, and the dispatcher logs the 401', async () => {
		const flow = manualTrigger({});
		await flow.activate();
		const conversation = await chatwoot.openConversation();

		const refused = await nextDelivery(flow, () => sendWebhook(flow, conversation, 'macro.executed'));
		expect(refused.status).toBe(401);
		expect(refused.responseBody).toMatchObject({ reason: 'missing_signature' });
		expect(flow.executions()).toEqual([]);
		const [logged] = await chatwoot.dispatcher.waitForDeliveries((deliveries) => deliveries.some((delivery) => delivery.status === 'failed'), {
			event: 'macro.executed',
		});
		expect(logged.attempts[0]).toMatchObject({ status_code: 401 });
		await flow.deactivate();
	});
});
