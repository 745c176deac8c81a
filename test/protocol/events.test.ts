import { CHATWOOT_EVENT_NAMES, CHATWOOT_EVENTS, DEFAULT_SUBSCRIPTIONS, isChatwootEvent } from '../../src/protocol';

describe('the event catalogue', () => {
	it('holds the 12 events Chatwoot accepts, each described once', () => {
		expect(CHATWOOT_EVENT_NAMES).toHaveLength(12);
		expect(CHATWOOT_EVENTS.map((event) => event.name)).toEqual([...CHATWOOT_EVENT_NAMES]);
		for (const event of CHATWOOT_EVENTS) expect(event.description.length).toBeGreaterThan(10);
	});

	it('subscribes the 8 events of Chatwoot\'s column default, in its order', () => {
		expect(DEFAULT_SUBSCRIPTIONS).toEqual([
			'conversation_status_changed',
			'conversation_updated',
			'conversation_created',
			'contact_created',
			'contact_updated',
			'message_created',
			'message_updated',
			'webwidget_triggered',
		]);
	});

	it('recognises only catalogue names', () => {
		expect(isChatwootEvent('message_created')).toBe(true);
		expect(isChatwootEvent('Message_Created')).toBe(false);
		expect(isChatwootEvent('agent_added')).toBe(false);
		expect(isChatwootEvent(undefined)).toBe(false);
	});
});
