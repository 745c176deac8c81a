import { createChatwoot, type Chatwoot } from '../../../src/dispatcher/domain/chatwoot';
import { openDatabase, type Database } from '../../../src/dispatcher/store/database';
import { CapturingOutbox } from '../../support/capturing-outbox';
import { MESSAGE_CREATED_EXAMPLE, shapeOf } from './reference-examples';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('payloads, against the reference', () => {
	let db: Database;
	let outbox: CapturingOutbox;
	let chatwoot: Chatwoot;
	let clock: number;

	beforeEach(() => {
		db = openDatabase(':memory:');
		outbox = new CapturingOutbox();
		// Milliseconds that are not zero, so updated_at is visibly a float.
		clock = Date.parse('2026-06-17T10:20:29.901Z');
		chatwoot = createChatwoot(db, outbox, { requireHttps: false, now: () => new Date((clock += 111)) });
		outbox.subscribeEverywhere(chatwoot);
	});
	afterEach(() => db.close());

	function incomingConversation() {
		const { contact, contactInbox } = chatwoot.contacts.create(1, {
			name: 'Jane Doe',
			email: 'jane@example.com',
			phone_number: '+15551234567',
			inbox_id: 1,
		});
		const conversation = chatwoot.conversations.create(1, { source_id: contactInbox?.source_id, inbox_id: 1 });
		outbox.clear();
		const admin = chatwoot.records.user(1);
		const message = chatwoot.messages.create(1, conversation.display_id, admin, { content: 'Hi, I need help', message_type: 'incoming' });
		return { contact, contactInbox, conversation, message };
	}

	it('message_created (incoming, API inbox) has the reference example\'s keys, order and types', () => {
		const { contact, contactInbox, conversation, message } = incomingConversation();
		const created = outbox.events.find((event) => event.event === 'message_created');
		expect(created?.accountId).toBe(1);
		const payload = created?.payload as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
		expect(shapeOf(payload)).toEqual(shapeOf(MESSAGE_CREATED_EXAMPLE));
		expect(Object.keys(payload).at(-1)).toBe('event');
		expect(payload).toMatchObject({
			id: message.id,
			message_type: 'incoming',
			inbox: { id: 1, name: 'Support API' },
			account: { id: 1, name: 'Acme' },
			sender: { id: contact.id, name: 'Jane Doe', email: 'jane@example.com' },
		});
		expect(payload.created_at).toMatch(ISO_MS);
		expect(payload.conversation.id).toBe(conversation.display_id);
		expect(payload.conversation.contact_inbox.source_id).toBe(contactInbox?.source_id);
		expect(payload.conversation.contact_inbox.created_at).toMatch(ISO_MS);
		expect(payload.conversation.messages[0]).toMatchObject({ id: message.id, message_type: 0, conversation_id: conversation.display_id });
		expect(payload.conversation.messages[0].updated_at).toMatch(ISO_MS);
		expect(payload.conversation.unread_count).toBe(1);
		expect(Number.isInteger(payload.conversation.updated_at)).toBe(false);
		expect(payload.conversation.updated_at).toBe(message.created_at / 1000);
		expect(payload.conversation.waiting_since).toBe(Math.floor(conversation.created_at / 1000));
	});

	it('conversation_created is the conversation at top level, with no messages yet, then event; no changed_attributes', () => {
		chatwoot.contacts.create(1, { name: 'Jane Doe', email: 'jane@example.com', phone_number: '+15551234567', inbox_id: 1 });
		const contact = chatwoot.contacts.find(1, 1);
		chatwoot.conversations.create(1, { contact_id: contact.id, inbox_id: 1 });
		const created = outbox.events.find((event) => event.event === 'conversation_created');
		const payload = created?.payload as Record<string, unknown>;
		const { messages: _messages, ...conversation } = MESSAGE_CREATED_EXAMPLE.conversation;
		const { messages, ...rest } = payload;
		expect(messages).toEqual([]);
		expect(shapeOf(rest)).toEqual(shapeOf({ ...conversation, unread_count: 0, updated_at: 0.5, event: 'x' }));
		expect(payload).toMatchObject({ id: 1, status: 'open', unread_count: 0, event: 'conversation_created' });
		expect('changed_attributes' in payload).toBe(false);
	});

	it('is serialised with Chatwoot\'s to_json escapes', () => {
		const { conversation } = incomingConversation();
		const admin = chatwoot.records.user(1);
		outbox.clear();
		chatwoot.messages.create(1, conversation.display_id, admin, { content: '<b>Tom & Jerry</b>' });
		// The bytes the domain handed the outbox are the bytes every attempt signs and sends.
		const json = outbox.deliveries[0].body;
		expect(json).toContain('"content":"\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e"');
		expect(json.endsWith('"event":"message_created"}')).toBe(true);
	});

	it('normalises webhook content as WebhookContentNormalizer does, but keeps the stored content', () => {
		const { conversation } = incomingConversation();
		outbox.clear();
		chatwoot.messages.create(1, conversation.display_id, chatwoot.records.user(1), { content: 'line one\\\nline two\n\n' });
		const payload = outbox.events[0].payload as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
		expect(payload.content).toBe('line one\nline two');
		expect(payload.conversation.messages[0].content).toBe('line one\\\nline two\n\n');
	});
});
