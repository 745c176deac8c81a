import type { TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { nextDelivery, outcome, useTriggerOnDispatcher } from './trigger-on-dispatcher';

/**
 * Sender Types: message and typing events start the workflow only for the chosen kinds of sender. Messages
 * come from the dispatcher's REST API (a contact's incoming message, the administrator's reply); senders
 * the REST API cannot produce here (an agent bot, the system) are emitted with that sender.
 */
const chatwoot = useTriggerOnDispatcher();
let conversationId: number;

async function trigger(senderTypes: string[], events = ['message_created']): Promise<TriggerWorkflow> {
	return await chatwoot.activate({ events, options: { senderTypes, messageTypes: ['incoming', 'outgoing'] } });
}

function message(content: string, messageType: 'incoming' | 'outgoing') {
	return () => chatwoot.chatwoot('POST', `/conversations/${conversationId}/messages`, { content, message_type: messageType });
}

describe('Sender Types', () => {
	let flow: TriggerWorkflow;

	it('Contact: a contact\'s message starts the workflow; an agent\'s reply is ignored, with the reason', async () => {
		flow = await trigger(['contact']);
		conversationId = await chatwoot.openConversation();

		const fromContact = await nextDelivery(flow, message('Hi, I need help', 'incoming'));
		expect(outcome(fromContact)).toEqual({ status: 200, started: true, message: 'Workflow was started' });

		const fromAgent = await nextDelivery(flow, message('On it', 'outgoing'));
		expect(outcome(fromAgent)).toEqual({
			status: 200,
			started: false,
			message: 'Ignored: message_created is from an agent; this trigger listens to a contact only',
		});
	});

	it("Agent: an agent's reply starts the workflow; a contact's message is ignored", async () => {
		flow = await trigger(['user']);
		conversationId = await chatwoot.openConversation();

		const fromAgent = await nextDelivery(flow, message('On it', 'outgoing'));
		expect(outcome(fromAgent).started).toBe(true);
		expect(fromAgent.workflowData?.[0][0].json.sender).toMatchObject({ type: 'user' });

		const fromContact = await nextDelivery(flow, message('Thanks', 'incoming'));
		expect(outcome(fromContact)).toEqual({
			status: 200,
			started: false,
			message: 'Ignored: message_created is from a contact; this trigger listens to an agent only',
		});
	});

	it('Agent Bot: a bot\'s message starts the workflow; a contact\'s and a system message are ignored', async () => {
		flow = await trigger(['agent_bot']);

		const fromBot = await nextDelivery(flow, () =>
			chatwoot.dispatcher.emit('message_created', { message_type: 'outgoing', sender: { id: 2, name: 'Bot', type: 'agent_bot' } }),
		);
		expect(outcome(fromBot).started).toBe(true);

		const fromContact = await nextDelivery(flow, () => chatwoot.dispatcher.emit('message_created'));
		expect(outcome(fromContact).message).toBe('Ignored: message_created is from a contact; this trigger listens to an agent bot only');

		const fromSystem = await nextDelivery(flow, () => chatwoot.dispatcher.emit('message_created', { message_type: 'outgoing', sender: null }));
		expect(outcome(fromSystem).message).toBe('Ignored: message_created is from the system; this trigger listens to an agent bot only');
	});

	it('several kinds at once, and typing events by who is typing', async () => {
		flow = await trigger(['contact', 'agent_bot'], ['message_created', 'conversation_typing_on']);
		conversationId = await chatwoot.openConversation();

		expect(outcome(await nextDelivery(flow, message('Hello', 'incoming'))).started).toBe(true);
		const agentTyping = await nextDelivery(flow, () =>
			chatwoot.chatwoot('POST', `/conversations/${conversationId}/toggle_typing_status`, { typing_status: 'on' }),
		);
		expect(outcome(agentTyping)).toEqual({
			status: 200,
			started: false,
			message: 'Ignored: conversation_typing_on is from an agent; this trigger listens to a contact or an agent bot only',
		});
	});

	it('leaves conversation events alone: they have no sender', async () => {
		flow = await trigger(['agent_bot'], ['conversation_created']);
		const created = await nextDelivery(flow, () => chatwoot.openConversation());
		expect(outcome(created).started).toBe(true);
	});
});
