import type { TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { nextDelivery, outcome, useTriggerOnDispatcher } from './trigger-on-dispatcher';

/**
 * Private Notes: include, exclude (the default) or only. An agent's private note and public reply are
 * posted through the dispatcher's REST API; both are outgoing, so every trigger here takes outgoing messages.
 */
const chatwoot = useTriggerOnDispatcher();
let flow: TriggerWorkflow;
let conversationId: number;

beforeAll(async () => {
	conversationId = await chatwoot.openConversation();
});

const note = () =>
	chatwoot.chatwoot('POST', `/conversations/${conversationId}/messages`, { content: 'VIP customer', message_type: 'outgoing', private: true });
const reply = () => chatwoot.chatwoot('POST', `/conversations/${conversationId}/messages`, { content: 'Hello!', message_type: 'outgoing' });

async function trigger(options: Record<string, unknown>): Promise<TriggerWorkflow> {
	return await chatwoot.activate({ events: ['message_created'], options: { messageTypes: ['outgoing'], ...options } });
}

describe('Private Notes', () => {
	it('Exclude (the default): a note is ignored with the reason, a reply starts the workflow', async () => {
		flow = await trigger({});
		expect(outcome(await nextDelivery(flow, note))).toEqual({
			status: 200,
			started: false,
			message: 'Ignored: message_created is about a private note; private notes are excluded',
		});
		expect(outcome(await nextDelivery(flow, reply)).started).toBe(true);
	});

	it('Include: both start the workflow', async () => {
		flow = await trigger({ privateNotes: 'include' });
		const started = await nextDelivery(flow, note);
		expect(outcome(started).started).toBe(true);
		expect(started.workflowData?.[0][0].json).toMatchObject({ private: true, content: 'VIP customer' });
		expect(outcome(await nextDelivery(flow, reply)).started).toBe(true);
	});

	it('Only: a note starts the workflow, a reply is ignored with the reason', async () => {
		flow = await trigger({ privateNotes: 'only' });
		expect(outcome(await nextDelivery(flow, note)).started).toBe(true);
		expect(outcome(await nextDelivery(flow, reply))).toEqual({
			status: 200,
			started: false,
			message: 'Ignored: message_created is not about a private note; this trigger listens to private notes only',
		});
	});

	it('keeps the saved Include Private Notes switch working when Private Notes is not set', async () => {
		flow = await trigger({ includePrivateNotes: true });
		expect(outcome(await nextDelivery(flow, note)).started).toBe(true);
	});

	it('lets Private Notes win over the saved switch', async () => {
		flow = await trigger({ includePrivateNotes: true, privateNotes: 'exclude' });
		expect(outcome(await nextDelivery(flow, note)).message).toBe('Ignored: message_created is about a private note; private notes are excluded');
	});
});
