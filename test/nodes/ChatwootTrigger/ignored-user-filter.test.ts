import type { TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { nextDelivery, outcome, useTriggerOnDispatcher } from './trigger-on-dispatcher';

/**
 * Ignore Messages From User IDs: a bot that replies with an API user's token sees its own replies come
 * back as message_created; naming that user drops them, while other agents' messages still pass.
 */
const chatwoot = useTriggerOnDispatcher();
let flow: TriggerWorkflow;
let conversationId: number;
let ownUserId: number;

beforeAll(async () => {
	// The workflow's own API user is the one whose token posts the replies: learn its id from a reply.
	const probe = await chatwoot.activate({ events: ['message_created'], options: { messageTypes: ['outgoing'] } });
	conversationId = await chatwoot.openConversation();
	const reply = await nextDelivery(probe, () =>
		chatwoot.chatwoot('POST', `/conversations/${conversationId}/messages`, { content: 'probe', message_type: 'outgoing' }),
	);
	ownUserId = (reply.workflowData?.[0][0].json.sender as { id: number }).id;
	await probe.deactivate();
});

const reply = () => chatwoot.chatwoot('POST', `/conversations/${conversationId}/messages`, { content: 'Thanks!', message_type: 'outgoing' });

describe('Ignore Messages From User IDs', () => {
	it("drops the listed user's own reply, with the reason", async () => {
		flow = await chatwoot.activate({
			events: ['message_created'],
			options: { messageTypes: ['incoming', 'outgoing'], ignoreUserIds: `999, ${ownUserId}` },
		});
		expect(outcome(await nextDelivery(flow, reply))).toEqual({
			status: 200,
			started: false,
			message: `Ignored: message_created is about a message from user ${ownUserId}, whose messages this trigger ignores`,
		});
	});

	it("lets other users' messages and the contact's through", async () => {
		flow = await chatwoot.activate({
			events: ['message_created'],
			options: { messageTypes: ['incoming', 'outgoing'], ignoreUserIds: String(ownUserId + 1) },
		});
		expect(outcome(await nextDelivery(flow, reply)).started).toBe(true);
		const fromContact = () =>
			chatwoot.chatwoot('POST', `/conversations/${conversationId}/messages`, { content: 'Hello?', message_type: 'incoming' });
		expect(outcome(await nextDelivery(flow, fromContact)).started).toBe(true);
	});

	it('never drops a contact whose id happens to be listed: the list names Chatwoot users', async () => {
		const contactMessage = await nextDelivery(
			(flow = await chatwoot.activate({ events: ['message_created'], options: { ignoreUserIds: '1, 2, 3, 4, 5, 6, 7, 8, 9' } })),
			() => chatwoot.dispatcher.emit('message_created'),
		);
		expect(contactMessage.workflowData?.[0][0].json.sender).not.toHaveProperty('type');
		expect(outcome(contactMessage).started).toBe(true);
	});

	it('refuses to activate with a typo in the list, instead of ignoring nobody', async () => {
		const typo = chatwoot.n8n.workflow(flow.subject);
		typo.subject.setParameters({ events: ['message_created'], options: { ignoreUserIds: '3, seven' } });
		await expect(typo.activate()).rejects.toThrow('Ignore Messages From User IDs must be numbers separated by commas, such as 1, 3');
		flow = typo;
	});
});
