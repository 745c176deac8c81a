import { startApiDispatcher, type Json, type ApiDispatcher } from '../../support/api-dispatcher';

/**
 * The conversation writes an n8n flow makes besides assignments: labels and custom attributes (both
 * replace the whole set), PATCH (priority only), and the events with their `changed_attributes`.
 */
let dispatcher: ApiDispatcher;
const conversation = '/api/v1/accounts/1/conversations/1';

beforeEach(async () => {
	dispatcher = await startApiDispatcher({ captureEvents: true });
	const created = await (
		await dispatcher.request('POST', '/api/v1/accounts/1/contacts', { body: { name: 'Jane Doe', email: 'jane@example.com', inbox_id: 1 } })
	).json();
	await dispatcher.request('POST', '/api/v1/accounts/1/conversations', { body: { inbox_id: 1, source_id: created.payload.contact_inbox.source_id } });
	dispatcher.outbox.clear();
});

afterEach(async () => {
	await dispatcher.close();
});

function updated(): Json {
	const events = dispatcher.outbox.events.filter((event) => event.event === 'conversation_updated');
	expect(events).toHaveLength(1);
	return events[0].payload;
}

describe('labels', () => {
	it('POST replaces the list and answers it; conversation_updated carries cached_label_list and label_list', async () => {
		const first = await dispatcher.request('POST', `${conversation}/labels`, { body: { labels: ['billing', 'VIP'] } });
		expect(await first.json()).toEqual({ payload: ['billing', 'VIP'] });
		expect(updated().changed_attributes).toEqual([
			{ updated_at: expect.any(Object) },
			{ cached_label_list: { previous_value: '', current_value: 'billing, VIP' } },
			{ label_list: { previous_value: [], current_value: ['billing', 'VIP'] } },
		]);
		expect(updated().labels).toEqual(['billing', 'VIP']);
		dispatcher.outbox.clear();
		await dispatcher.request('POST', `${conversation}/labels`, { body: { labels: ['VIP', 'billing'] } });
		expect(dispatcher.outbox.events).toEqual([]);
		expect(await (await dispatcher.request('GET', `${conversation}/labels`)).json()).toEqual({ payload: ['billing', 'VIP'] });
	});

	it('absent or [] removes them all', async () => {
		await dispatcher.request('POST', `${conversation}/labels`, { body: { labels: ['billing'] } });
		expect(await (await dispatcher.request('POST', `${conversation}/labels`, { body: {} })).json()).toEqual({ payload: [] });
		expect((await (await dispatcher.request('GET', conversation)).json()).labels).toEqual([]);
	});
});

describe('custom attributes', () => {
	it('replaces the whole hash and emits [updated_at, custom_attributes]', async () => {
		await dispatcher.request('POST', `${conversation}/custom_attributes`, { body: { custom_attributes: { plan: 'pro', seats: 3 } } });
		dispatcher.outbox.clear();
		const response = await dispatcher.request('POST', `${conversation}/custom_attributes`, { body: { custom_attributes: { region: 'emea' } } });
		expect(await response.json()).toEqual({ custom_attributes: { region: 'emea' } });
		expect(updated().changed_attributes[1]).toEqual({
			custom_attributes: { previous_value: { plan: 'pro', seats: 3 }, current_value: { region: 'emea' } },
		});
	});

	it('refuses a text over 1500 characters with 422 and changes nothing', async () => {
		const response = await dispatcher.request('POST', `${conversation}/custom_attributes`, {
			body: { custom_attributes: { note: 'x'.repeat(1501) } },
		});
		expect(response.status).toBe(422);
		expect(dispatcher.outbox.events).toEqual([]);
	});
});

describe('PATCH', () => {
	it('writes the priority only and answers the conversation view; status and assignee in the body are ignored', async () => {
		const response = await dispatcher.request('PATCH', conversation, { body: { priority: 'high', status: 'resolved', assignee_id: 2 } });
		const view = await response.json();
		expect(view).toMatchObject({ id: 1, priority: 'high', status: 'open' });
		expect(view.meta).not.toHaveProperty('assignee');
		expect(updated().changed_attributes.map((change: Json) => Object.keys(change)[0])).toEqual(['updated_at', 'priority']);
	});
});

describe('the REST view', () => {
	it('has Chatwoot\'s keys in order, the newest message of any type, and unread_count at most 10', async () => {
		for (let index = 0; index < 12; index++) {
			await dispatcher.request('POST', `${conversation}/messages`, { body: { content: `message ${index}`, message_type: 'incoming' } });
		}
		await dispatcher.request('POST', `${conversation}/messages`, { body: { content: 'internal', private: true } });
		const view = await (await dispatcher.request('GET', conversation)).json();
		expect(Object.keys(view)).toEqual([
			'meta',
			'id',
			'messages',
			'account_id',
			'additional_attributes',
			'agent_last_seen_at',
			'assignee_last_seen_at',
			'can_reply',
			'contact_last_seen_at',
			'custom_attributes',
			'inbox_id',
			'labels',
			'muted',
			'snoozed_until',
			'status',
			'created_at',
			'updated_at',
			'timestamp',
			'first_reply_created_at',
			'unread_count',
			'last_non_activity_message',
			'last_activity_at',
			'priority',
			'waiting_since',
			'sla_policy_id',
		]);
		expect(view.messages).toMatchObject([{ content: 'internal', private: true }]);
		expect(view.last_non_activity_message).toMatchObject({ content: 'internal' });
		expect(view.unread_count).toBe(10);
		expect(Object.keys(view.meta)).toEqual(['sender', 'channel', 'hmac_verified']);
	});
});

describe('messages index', () => {
	it('gives the newest 20 oldest first; before pages back, after forward', async () => {
		for (let index = 1; index <= 25; index++) {
			await dispatcher.request('POST', `${conversation}/messages`, { body: { content: `m${index}`, message_type: 'incoming' } });
		}
		const page = async (query = '') => (await (await dispatcher.request('GET', `${conversation}/messages${query}`)).json()).payload as Json[];
		const newest = await page();
		expect(newest.map((message) => message.content)).toEqual(Array.from({ length: 20 }, (_, index) => `m${index + 6}`));
		const older = await page(`?before=${newest[0].id}`);
		expect(older.map((message) => message.content)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
		expect((await page(`?after=${older[4].id}`)).map((message) => message.content)).toEqual(newest.map((message) => message.content));
	});
});
