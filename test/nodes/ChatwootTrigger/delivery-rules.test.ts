import { filterDelivery, type DeliveryFilter } from '../../../nodes/ChatwootTrigger/delivery-filter';
import { hostKind, reachabilityHint } from '../../../nodes/ChatwootTrigger/reachability-hint';
import { RecentDeliveries, recentDeliveriesOf } from '../../../nodes/ChatwootTrigger/recent-deliveries';
import { readEventScope } from '../../../src/protocol/event-scope';

/** The trigger's small pure rules: where each event keeps its inbox, the filter, the repeat memory, the hint. */
describe('readEventScope: where each Chatwoot payload carries its inbox, type and private flag', () => {
	it.each([
		['conversation_created', { inbox_id: 3, event: 'conversation_created' }, { inboxId: 3 }],
		['conversation_updated', { inbox_id: 3, event: 'conversation_updated' }, { inboxId: 3 }],
		['conversation_status_changed', { inbox_id: 3, event: 'conversation_status_changed' }, { inboxId: 3 }],
		[
			'message_created',
			{ inbox: { id: 3, name: 'Support' }, message_type: 'outgoing', private: true, event: 'message_created' },
			{ inboxId: 3, messageType: 'outgoing', isPrivate: true },
		],
		[
			'message_created by an agent bot',
			{ inbox: { id: 3 }, message_type: 'outgoing', private: false, sender: { id: 2, name: 'Bot', type: 'agent_bot' }, event: 'message_created' },
			{ inboxId: 3, messageType: 'outgoing', isPrivate: false, sender: { type: 'agent_bot', id: 2 } },
		],
		[
			'message_created by a contact (no type key)',
			{ inbox: { id: 3 }, message_type: 'incoming', sender: { id: 77, name: 'Jane' }, event: 'message_created' },
			{ inboxId: 3, messageType: 'incoming', sender: { type: 'contact', id: 77 } },
		],
		['conversation_opened (agent bots)', { inbox_id: 3, event: 'conversation_opened' }, { inboxId: 3 }],
		['conversation_resolved (agent bots)', { inbox_id: 3, event: 'conversation_resolved' }, { inboxId: 3 }],
		['an automation rule webhook', { inbox_id: 3, event: 'automation_event.message_created' }, { inboxId: 3 }],
		['a macro webhook', { inbox_id: 3, event: 'macro.executed' }, { inboxId: 3 }],
		[
			'message_updated without top-level inbox (falls back to the conversation)',
			{ conversation: { inbox_id: 4 }, message_type: 'template', private: false, event: 'message_updated' },
			{ inboxId: 4, messageType: 'template', isPrivate: false },
		],
		['message with the enum integer', { inbox: { id: 1 }, message_type: 2, event: 'message_created' }, { inboxId: 1, messageType: 'activity' }],
		['webwidget_triggered', { inbox: { id: 5, name: 'Website' }, event: 'webwidget_triggered' }, { inboxId: 5 }],
		[
			'conversation_typing_on',
			{ event: 'conversation_typing_on', user: { id: 1, type: 'user' }, conversation: { inbox_id: 6 }, is_private: true },
			{ inboxId: 6, isPrivate: true, sender: { type: 'user', id: 1 } },
		],
		['conversation_typing_off', { event: 'conversation_typing_off', conversation: { inbox_id: 6 }, is_private: false }, { inboxId: 6, isPrivate: false }],
		['contact_created', { id: 77, name: 'Jane', event: 'contact_created' }, {}],
		['inbox_updated', { channel: { id: 9 }, event: 'inbox_updated' }, {}],
		['an unknown event', { inbox_id: 1, event: 'agent_added' }, {}],
		['string ids', { inbox_id: '12', event: 'conversation_created' }, { inboxId: 12 }],
	])('%s', (_name, payload, scope) => {
		expect(readEventScope(payload)).toEqual(scope);
	});

	it.each([[null], ['text'], [[1, 2]], [{ event: 'message_created', inbox: 'x', message_type: 'sms' }]])('tolerates %j', (payload) => {
		expect(readEventScope(payload)).toEqual({});
	});
});

describe('filterDelivery', () => {
	const filter: DeliveryFilter = {
		events: new Set(['message_created', 'conversation_typing_on', 'contact_created']),
		inboxIds: new Set([1]),
		messageTypes: new Set(['incoming']),
		privateNotes: 'exclude',
		senderTypes: new Set(),
		ignoredUserIds: new Set(),
		changedAttributes: new Set(),
	};

	it.each([
		[{ event: 'message_created', inbox: { id: 1 }, message_type: 'incoming', private: false }, true],
		[{ event: 'message_created', inbox: { id: 2 }, message_type: 'incoming', private: false }, false],
		[{ event: 'message_created', inbox: { id: 1 }, message_type: 'outgoing', private: false }, false],
		[{ event: 'message_created', inbox: { id: 1 }, message_type: 'incoming', private: true }, false],
		[{ event: 'conversation_typing_on', conversation: { inbox_id: 1 }, is_private: true }, false],
		[{ event: 'conversation_typing_on', conversation: { inbox_id: 1 }, is_private: false }, true],
		[{ event: 'contact_created', id: 3 }, true],
		[{ event: 'conversation_created', inbox_id: 1 }, false],
		[{ content: 'no event' }, false],
	])('%j passes: %s', (payload, pass) => {
		expect(filterDelivery(payload, filter).pass).toBe(pass);
	});

	it('applies no inbox rule when no inbox is chosen', () => {
		const anyInbox = { ...filter, inboxIds: new Set<number>() };
		expect(filterDelivery({ event: 'message_created', inbox: { id: 9 }, message_type: 'incoming' }, anyInbox)).toEqual({ pass: true });
	});
});

describe('RecentDeliveries', () => {
	it('forgets an id after the window', () => {
		let clock = 0;
		const memory = new RecentDeliveries(1_000, 10, () => clock);
		expect(memory.firstSeen('a')).toBe(true);
		clock = 999;
		expect(memory.firstSeen('a')).toBe(false);
		clock = 1_000;
		expect(memory.firstSeen('a')).toBe(true);
	});

	it('keeps at most its capacity, dropping the oldest', () => {
		const memory = new RecentDeliveries(60_000, 3, () => 0);
		for (const id of ['a', 'b', 'c', 'd']) memory.firstSeen(id);
		expect(memory.size).toBe(3);
		expect(memory.firstSeen('a')).toBe(true);
		expect(memory.firstSeen('d')).toBe(false);
	});

	it('keeps one memory per workflow and node', () => {
		expect(recentDeliveriesOf('w1', 'n1')).toBe(recentDeliveriesOf('w1', 'n1'));
		expect(recentDeliveriesOf('w1', 'n1')).not.toBe(recentDeliveriesOf('w1', 'n2'));
		expect(recentDeliveriesOf('w1', 'n1')).not.toBe(recentDeliveriesOf('w2', 'n1'));
	});
});

describe('reachabilityHint', () => {
	it.each([
		['http://localhost:5678/webhook/x', 'loopback'],
		['http://127.0.0.1:5678/webhook/x', 'loopback'],
		['http://[::1]:5678/webhook/x', 'loopback'],
		['http://192.168.1.20:5678/webhook/x', 'private'],
		['http://10.0.0.5/webhook/x', 'private'],
		['http://172.20.0.3/webhook/x', 'private'],
		['http://172.32.0.3/webhook/x', 'public'],
		['http://n8n:5678/webhook/x', 'private'],
		['http://n8n.local/webhook/x', 'private'],
		['http://[fd00::1]/webhook/x', 'private'],
		['https://n8n.example.com/webhook/x', 'public'],
		['not a url', undefined],
	])('%s is %s', (url, kind) => {
		expect(hostKind(url)).toBe(kind);
	});

	it('explains that Chatwoot Cloud cannot reach a localhost n8n', () => {
		const hint = reachabilityHint('http://localhost:5678/webhook/x/webhook', 'https://app.chatwoot.com');
		expect(hint).toContain('"localhost" on Chatwoot\'s server is Chatwoot itself');
		expect(hint).toContain('SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true');
	});

	it('explains private network blocking for a LAN n8n', () => {
		const hint = reachabilityHint('http://192.168.1.20:5678/webhook/x/webhook', 'https://chatwoot.example.com');
		expect(hint).toContain('private network address');
		expect(hint).toContain('SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true');
	});

	it('says nothing when Chatwoot itself runs on this machine (local Chatwoot, the dispatcher)', () => {
		expect(reachabilityHint('http://localhost:5678/webhook/x', 'http://localhost:3000')).toBeUndefined();
		expect(reachabilityHint('http://127.0.0.1:5678/webhook/x', 'http://127.0.0.1:3000')).toBeUndefined();
	});

	it('says nothing for a public n8n URL', () => {
		expect(reachabilityHint('https://n8n.example.com/webhook/x', 'https://app.chatwoot.com')).toBeUndefined();
	});
});
