import type { TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { nextDelivery, outcome, useTriggerOnDispatcher } from './trigger-on-dispatcher';

/**
 * Inbox IDs: Chatwoot sends an account webhook the events of every inbox, so the trigger keeps the chosen
 * ones. The dispatcher emits each event as if it happened in the given inbox.
 */
const chatwoot = useTriggerOnDispatcher();
let flow: TriggerWorkflow;

const messageIn = (inboxId: number) => () =>
	chatwoot.dispatcher.emit('message_created', { inbox: { id: inboxId }, conversation: { inbox_id: inboxId } });

describe('Inbox IDs', () => {
	it('lets events from any listed inbox through and ignores the others, naming the inbox', async () => {
		flow = await chatwoot.activate({ events: ['message_created', 'contact_created'], options: { inboxIds: '1, 3' } });
		expect(outcome(await nextDelivery(flow, messageIn(1))).started).toBe(true);
		expect(outcome(await nextDelivery(flow, messageIn(3))).started).toBe(true);
		expect(outcome(await nextDelivery(flow, messageIn(2)))).toEqual({
			status: 200,
			started: false,
			message: 'Ignored: message_created is from inbox 2; this trigger listens to inbox 1, 3 only',
		});
	});

	it('always lets events that belong to no inbox through', async () => {
		flow = await chatwoot.activate({ events: ['contact_created'], options: { inboxIds: '3' } });
		expect(outcome(await nextDelivery(flow, () => chatwoot.dispatcher.emit('contact_created'))).started).toBe(true);
	});

	it('adds a saved single Inbox ID to the list', async () => {
		flow = await chatwoot.activate({ events: ['message_created'], options: { inboxId: 2, inboxIds: '3' } });
		expect(outcome(await nextDelivery(flow, messageIn(2))).started).toBe(true);
		expect(outcome(await nextDelivery(flow, messageIn(4))).message).toBe(
			'Ignored: message_created is from inbox 4; this trigger listens to inbox 3, 2 only',
		);
	});

	it('takes every inbox when the list is empty', async () => {
		flow = await chatwoot.activate({ events: ['message_created'], options: { inboxIds: '' } });
		expect(outcome(await nextDelivery(flow, messageIn(9))).started).toBe(true);
	});
});
