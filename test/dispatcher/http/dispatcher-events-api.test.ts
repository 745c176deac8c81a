import { Router } from 'express';

import { CHATWOOT_EVENT_NAMES } from '../../../src/protocol';
import { startApiDispatcher, type Json, type ApiDispatcher } from '../../support/api-dispatcher';

describe('POST /_dispatcher/events', () => {
	let dispatcher: ApiDispatcher;
	beforeEach(async () => {
		const router = Router();
		router.get('/health', (_req, res) => {
			res.json({ status: 'ok' });
		});
		router.get('/deliveries', (_req, res) => {
			res.json({ deliveries: [] });
		});
		dispatcher = await startApiDispatcher({ routers: [{ path: '/_dispatcher', router }], captureEvents: true });
	});
	afterEach(async () => {
		await dispatcher.close();
	});

	it.each(CHATWOOT_EVENT_NAMES.map((event) => [event]))('emits %s with a fixture payload', async (event) => {
		const response = await dispatcher.request('POST', '/_dispatcher/events', { body: { event } });
		expect(response.status).toBe(200);
		const [emitted] = dispatcher.outbox.events;
		expect(await response.json()).toEqual({ event, deliveries: [emitted.deliveryId] });
		expect(emitted).toMatchObject({ accountId: 1, event });
		expect(emitted.payload.event).toBe(event);
		const keys = Object.keys(emitted.payload);
		if (event.startsWith('conversation_typing')) expect(keys[0]).toBe('event');
		else if (['conversation_updated', 'conversation_status_changed', 'contact_updated', 'inbox_updated'].includes(event))
			expect(keys.slice(-2)).toEqual(['event', 'changed_attributes']);
		else if (event === 'webwidget_triggered') expect(keys.slice(-2)).toEqual(['event', 'event_info']);
		else expect(keys.at(-1)).toBe('event');
	});

	it('deep-merges data over the fixture, keeping the event and Chatwoot\'s key order', async () => {
		const response = await dispatcher.request('POST', '/_dispatcher/events', {
			body: {
				event: 'message_created',
				data: { content: 'Custom', event: 'ignored', conversation: { id: 77, meta: { sender: { name: 'Zed' } } }, extra: true },
			},
		});
		expect(response.status).toBe(200);
		const payload = dispatcher.outbox.events[0].payload as Json;
		expect(payload).toMatchObject({ content: 'Custom', conversation: { id: 77, channel: 'Channel::Api', meta: { sender: { name: 'Zed', type: 'contact' } } } });
		expect(Object.keys(payload).slice(-2)).toEqual(['extra', 'event']);
		expect(payload.event).toBe('message_created');
	});

	it('refuses unknown events and accounts, and needs the administrator\'s token', async () => {
		const unknown = await dispatcher.request('POST', '/_dispatcher/events', { body: { event: 'message_deleted' } });
		expect(unknown.status).toBe(422);
		expect(await unknown.json()).toEqual({ message: "Event is not one of Chatwoot's webhook events", attributes: ['event'] });
		expect((await dispatcher.request('POST', '/_dispatcher/events', { body: { event: 'contact_created', account_id: 9 } })).status).toBe(404);
		expect((await dispatcher.request('POST', '/_dispatcher/events', { body: { event: 'contact_created', data: [] } })).status).toBe(422);
		const anonymous = await dispatcher.request('POST', '/_dispatcher/events', { token: null, body: { event: 'contact_created' } });
		expect(anonymous.status).toBe(401);
		const agent = await dispatcher.request('POST', '/_dispatcher/events', { token: dispatcher.chatwoot.agentToken(), body: { event: 'contact_created' } });
		expect(agent.status).toBe(401);
		expect(dispatcher.outbox.events).toEqual([]);
	});

	it('emits for another account to that account', async () => {
		await dispatcher.request('POST', '/_dispatcher/events', { body: { event: 'contact_created', account_id: 2 } });
		expect(dispatcher.outbox.events[0]).toMatchObject({ accountId: 2, payload: { account: { id: 2, name: 'Globex' } } });
	});

	it('mounts the delivery side\'s routers behind the same check, with health left open', async () => {
		expect((await dispatcher.request('GET', '/_dispatcher/health', { token: null })).status).toBe(200);
		expect((await dispatcher.request('GET', '/_dispatcher/deliveries', { token: null })).status).toBe(401);
		expect((await dispatcher.request('GET', '/_dispatcher/deliveries', { token: 'wrong' })).status).toBe(401);
		const allowed = await dispatcher.request('GET', '/_dispatcher/deliveries');
		expect(await allowed.json()).toEqual({ deliveries: [] });
	});
});
