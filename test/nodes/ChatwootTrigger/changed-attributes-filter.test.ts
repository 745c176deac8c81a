import type { TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { nextDelivery, outcome, useTriggerOnDispatcher } from './trigger-on-dispatcher';

/**
 * Conversation Updated: Changed Attributes. Chatwoot sends conversation_updated for bookkeeping too
 * (waiting_since, first_reply_created_at); the trigger starts only when a chosen attribute changed.
 * Status, priority and assignee changes are made through the dispatcher's REST API; label and custom
 * attribute changes are emitted with Chatwoot's changed_attributes.
 */
const chatwoot = useTriggerOnDispatcher();
let flow: TriggerWorkflow;
let conversationId: number;

beforeEach(async () => {
	conversationId = await chatwoot.openConversation();
});

async function trigger(changedAttributes: string[]): Promise<TriggerWorkflow> {
	return await chatwoot.activate({ events: ['conversation_updated'], options: { changedAttributes } });
}

const resolve = () => chatwoot.chatwoot('POST', `/conversations/${conversationId}/toggle_status`, { status: 'resolved' });
const prioritise = () => chatwoot.chatwoot('POST', `/conversations/${conversationId}/toggle_priority`, { priority: 'high' });
const changed = (attribute: string, previous: unknown, current: unknown) => () =>
	chatwoot.dispatcher.emit('conversation_updated', {
		changed_attributes: [{ [attribute]: { previous_value: previous, current_value: current } }, { updated_at: { previous_value: 1, current_value: 2 } }],
	});

describe('Conversation Updated: Changed Attributes', () => {
	it('Status: a status change starts the workflow; a priority change is ignored, naming what changed', async () => {
		flow = await trigger(['status']);
		const resolved = await nextDelivery(flow, resolve);
		expect(outcome(resolved).started).toBe(true);
		expect(resolved.workflowData?.[0][0].json.status).toBe('resolved');

		expect(outcome(await nextDelivery(flow, prioritise))).toEqual({
			status: 200,
			started: false,
			message: 'Ignored: conversation_updated changed priority; this trigger listens to changes of status only',
		});
	});

	it('Priority and Assignee: either starts the workflow', async () => {
		flow = await trigger(['priority', 'assignee']);
		expect(outcome(await nextDelivery(flow, prioritise)).started).toBe(true);
		const assign = () => chatwoot.chatwoot('POST', `/conversations/${conversationId}/assignments`, { assignee_id: 1 });
		expect(outcome(await nextDelivery(flow, assign)).started).toBe(true);
		expect(outcome(await nextDelivery(flow, resolve)).message).toBe(
			'Ignored: conversation_updated changed status; this trigger listens to changes of priority, assignee only',
		);
	});

	it('Labels, Team and Custom Attributes read their Chatwoot attribute names', async () => {
		flow = await trigger(['labels', 'team', 'custom_attributes']);
		expect(outcome(await nextDelivery(flow, changed('label_list', [], ['vip']))).started).toBe(true);
		expect(outcome(await nextDelivery(flow, changed('team_id', null, 2))).started).toBe(true);
		expect(outcome(await nextDelivery(flow, changed('custom_attributes', {}, { plan: 'pro' }))).started).toBe(true);
		expect(outcome(await nextDelivery(flow, changed('waiting_since', null, 1781691629))).message).toBe(
			'Ignored: conversation_updated changed waiting_since; this trigger listens to changes of labels, team, custom_attributes only',
		);
	});

	it('ignores a conversation_updated without changed_attributes when attributes are chosen', async () => {
		flow = await trigger(['status']);
		const bare = await nextDelivery(flow, () => chatwoot.dispatcher.emit('conversation_updated', { changed_attributes: null }));
		expect(outcome(bare).message).toBe(
			'Ignored: conversation_updated changed nothing this trigger watches; this trigger listens to changes of status only',
		);
	});

	it('starts on any change when no attribute is chosen', async () => {
		flow = await trigger([]);
		expect(outcome(await nextDelivery(flow, changed('waiting_since', null, 1781691629))).started).toBe(true);
	});
});
