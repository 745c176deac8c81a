import { startApiDispatcher, type Json, type ApiDispatcher } from '../../support/api-dispatcher';

describe('conversations and messages over the API', () => {
	let dispatcher: ApiDispatcher;
	let contactId: number;
	let sourceId: string;

	beforeEach(async () => {
		dispatcher = await startApiDispatcher({ captureEvents: true });
		const created = await (
			await dispatcher.request('POST', '/api/v1/accounts/1/contacts', {
				body: { name: 'Jane Doe', email: 'jane@example.com', phone_number: '+15551234567', inbox_id: 1 },
			})
		).json();
		contactId = created.payload.contact.id;
		sourceId = created.payload.contact_inbox.source_id;
		dispatcher.outbox.clear();
	});
	afterEach(async () => {
		await dispatcher.close();
	});

	const conversations = '/api/v1/accounts/1/conversations';
	const payloadOf = (event: string): Json => dispatcher.outbox.events.find((item) => item.event === event)?.payload;

	async function startConversation(message: Json = { content: 'Hi, I need help', message_type: 'incoming' }): Promise<Json> {
		const response = await dispatcher.request('POST', conversations, { body: { source_id: sourceId, inbox_id: 1, message } });
		expect(response.status).toBe(200);
		return response.json();
	}

	it('a customer writes in: conversation_created, then message_created, then the contact\'s activity', async () => {
		const conversation = await startConversation();
		expect(conversation).toMatchObject({ id: 1, inbox_id: 1, status: 'open', account_id: 1 });
		expect(dispatcher.outbox.names()).toEqual(['conversation_created', 'message_created', 'contact_updated']);
		// Chatwoot builds conversation_created in a job after the commit, so it carries the first message.
		expect(payloadOf('conversation_created').messages).toMatchObject([{ content: 'Hi, I need help', message_type: 0 }]);
		expect(payloadOf('message_created')).toMatchObject({
			message_type: 'incoming',
			content: 'Hi, I need help',
			sender: { id: contactId, name: 'Jane Doe' },
			conversation: { id: 1, messages: [{ message_type: 0, sender: { type: 'contact' } }] },
		});
		const activity = payloadOf('contact_updated').changed_attributes;
		// In the order of the contacts table's columns in Chatwoot's schema.
		expect(activity.map((change: Json) => Object.keys(change)[0])).toEqual(['updated_at', 'last_activity_at']);
	});

	it('an agent starts the conversation: the first message is outgoing by default and is the first reply', async () => {
		await startConversation({ content: 'Hello from Acme' });
		expect(dispatcher.outbox.names()).toEqual(['conversation_created', 'message_created', 'conversation_updated']);
		const updated = payloadOf('conversation_updated');
		expect(updated.changed_attributes.map((change: Json) => Object.keys(change)[0])).toEqual([
			'updated_at',
			'first_reply_created_at',
			'waiting_since',
		]);
		expect(updated.waiting_since).toBe(0);
	});

	it('toggle_status emits conversation_status_changed (changed_attributes null) and conversation_updated', async () => {
		await startConversation();
		dispatcher.outbox.clear();
		const response = await dispatcher.request('POST', `${conversations}/1/toggle_status`, { body: { status: 'resolved' } });
		// The view's empty `json.meta do end` renders no `meta` key.
		expect(await response.json()).toEqual({
			payload: { success: true, conversation_id: 1, current_status: 'resolved', snoozed_until: null },
		});
		expect(dispatcher.outbox.names()).toEqual(['conversation_status_changed', 'conversation_updated']);
		const statusChanged = payloadOf('conversation_status_changed');
		expect(statusChanged.status).toBe('resolved');
		expect(Object.keys(statusChanged).slice(-2)).toEqual(['event', 'changed_attributes']);
		expect(statusChanged.changed_attributes).toBeNull();
		const updated = payloadOf('conversation_updated');
		expect(updated.changed_attributes[0]).toEqual({ status: { previous_value: 'open', current_value: 'resolved' } });
		expect(Object.keys(updated.changed_attributes[1])).toEqual(['updated_at']);
		expect(updated.changed_attributes[1].updated_at.previous_value).toMatch(/\.\d{3}Z$/);

		dispatcher.outbox.clear();
		await dispatcher.request('POST', `${conversations}/1/toggle_status`, { body: { status: 'resolved' } });
		expect(dispatcher.outbox.names()).toEqual([]);
		const toggled = await (await dispatcher.request('POST', `${conversations}/1/toggle_status`, { body: {} })).json();
		expect(toggled.payload.current_status).toBe('open');
	});

	it('snoozes until a time and clears it when reopened', async () => {
		await startConversation();
		dispatcher.outbox.clear();
		const until = 1893456000;
		const snoozed = await (
			await dispatcher.request('POST', `${conversations}/1/toggle_status`, { body: { status: 'snoozed', snoozed_until: until } })
		).json();
		expect(snoozed.payload).toMatchObject({ current_status: 'snoozed', snoozed_until: new Date(until * 1000).toISOString() });
		expect(payloadOf('conversation_updated').snoozed_until).toBe(new Date(until * 1000).toISOString());
		dispatcher.outbox.clear();
		await dispatcher.request('POST', `${conversations}/1/toggle_status`, { body: { status: 'open' } });
		const reopened = payloadOf('conversation_updated');
		expect(reopened.snoozed_until).toBeNull();
		expect(reopened.changed_attributes.map((change: Json) => Object.keys(change)[0])).toEqual(['status', 'updated_at', 'snoozed_until']);
	});

	it('a bot replies with an api_access_token: message_created from that agent', async () => {
		await startConversation();
		dispatcher.outbox.clear();
		const response = await dispatcher.request('POST', `${conversations}/1/messages`, { body: { content: 'How can I help?' } });
		expect(response.status).toBe(200);
		const message = await response.json();
		expect(message).toMatchObject({ content: 'How can I help?', message_type: 1, sender_type: 'User', sender_id: 1, conversation_id: 1 });
		expect(dispatcher.outbox.names()).toEqual(['message_created', 'conversation_updated']);
		expect(payloadOf('message_created')).toMatchObject({
			message_type: 'outgoing',
			private: false,
			content_type: 'text',
			sender: { id: 1, name: 'Acme Admin', email: 'admin@acme.example.com', type: 'user' },
		});
		expect(Object.keys(payloadOf('message_created').sender)).toEqual(['id', 'name', 'email', 'type']);
	});

	it('private notes are delivered as message_created but are not the conversation\'s last message', async () => {
		await startConversation();
		dispatcher.outbox.clear();
		await dispatcher.request('POST', `${conversations}/1/messages`, { body: { content: 'internal', private: true } });
		expect(dispatcher.outbox.names()).toEqual(['message_created']);
		const payload = payloadOf('message_created');
		expect(payload.private).toBe(true);
		expect(payload.conversation.messages[0].content).toBe('Hi, I need help');
	});

	it('an incoming message reopens a resolved conversation', async () => {
		await startConversation();
		await dispatcher.request('POST', `${conversations}/1/toggle_status`, { body: { status: 'resolved' } });
		dispatcher.outbox.clear();
		await dispatcher.request('POST', `${conversations}/1/messages`, { body: { content: 'Still broken', message_type: 'incoming' } });
		expect(dispatcher.outbox.names()).toEqual(['conversation_status_changed', 'conversation_updated', 'message_created', 'contact_updated']);
		expect(payloadOf('message_created').conversation.status).toBe('open');
	});

	it('a message PATCH changes only its delivery status, as Chatwoot does; content stays', async () => {
		await startConversation();
		const list = await (await dispatcher.request('GET', `${conversations}/1/messages`)).json();
		expect(Object.keys(list)).toEqual(['meta', 'payload']);
		expect(list.meta.contact).toMatchObject({ id: contactId, type: 'contact' });
		const [first] = list.payload;
		dispatcher.outbox.clear();
		const unchanged = await dispatcher.request('PATCH', `${conversations}/1/messages/${first.id}`, { body: { content: 'Hi, I need help!' } });
		expect((await unchanged.json()).content).toBe('Hi, I need help');
		expect(dispatcher.outbox.names()).toEqual([]);
		const failed = await dispatcher.request('PATCH', `${conversations}/1/messages/${first.id}`, {
			body: { status: 'failed', external_error: 'WhatsApp refused it' },
		});
		expect(await failed.json()).toMatchObject({ status: 'failed', content_attributes: { external_error: 'WhatsApp refused it' } });
		expect(dispatcher.outbox.names()).toEqual(['message_updated']);
		expect('changed_attributes' in payloadOf('message_updated')).toBe(false);
		await dispatcher.request('PATCH', `${conversations}/1/messages/${first.id}`, { body: { status: 'failed' } });
		expect(dispatcher.outbox.names()).toEqual(['message_updated']);
		expect((await dispatcher.request('PATCH', `${conversations}/1/messages/999`, { body: { status: 'read' } })).status).toBe(404);
	});

	it('a read message stays read when "delivered" arrives late', async () => {
		await startConversation();
		const [first] = (await (await dispatcher.request('GET', `${conversations}/1/messages`)).json()).payload;
		await dispatcher.request('PATCH', `${conversations}/1/messages/${first.id}`, { body: { status: 'read' } });
		const late = await (await dispatcher.request('PATCH', `${conversations}/1/messages/${first.id}`, { body: { status: 'delivered' } })).json();
		expect(late.status).toBe('read');
	});

	it('toggle_priority and assignments emit conversation_updated with what changed', async () => {
		await startConversation();
		dispatcher.outbox.clear();
		const priority = await dispatcher.request('POST', `${conversations}/1/toggle_priority`, { body: { priority: 'urgent' } });
		expect(priority.status).toBe(200);
		const priorityChanges = payloadOf('conversation_updated').changed_attributes;
		expect(priorityChanges.map((change: Json) => Object.keys(change)[0])).toEqual(['updated_at', 'priority']);
		expect(priorityChanges[1]).toEqual({ priority: { previous_value: null, current_value: 'urgent' } });
		dispatcher.outbox.clear();
		const assigned = await (await dispatcher.request('POST', `${conversations}/1/assignments`, { body: { assignee_id: 2 } })).json();
		expect(assigned).toMatchObject({ id: 2, name: 'Alex Agent', role: 'agent' });
		const updated = payloadOf('conversation_updated');
		expect(updated.changed_attributes[0]).toEqual({ assignee_id: { previous_value: null, current_value: 2 } });
		expect(updated.meta).toMatchObject({ assignee: { id: 2, type: 'user' }, assignee_type: 'User' });
		const shown = await (await dispatcher.request('GET', `${conversations}/1`)).json();
		expect(shown).toMatchObject({ id: 1, priority: 'urgent', meta: { assignee: { id: 2 } } });
		// Chatwoot's `find_by` finds no agent 99 and unassigns: 200 with `null`.
		const unknown = await dispatcher.request('POST', `${conversations}/1/assignments`, { body: { assignee_id: 99 } });
		expect(unknown.status).toBe(200);
		expect(await unknown.json()).toBeNull();
		expect((await (await dispatcher.request('GET', `${conversations}/1`)).json()).meta).not.toHaveProperty('assignee');
	});

	it('typing events start with event and carry the agent as a user', async () => {
		await startConversation();
		dispatcher.outbox.clear();
		await dispatcher.request('POST', `${conversations}/1/toggle_typing_status`, { body: { typing_status: 'on', is_private: true } });
		await dispatcher.request('POST', `${conversations}/1/toggle_typing_status`, { body: { typing_status: 'off' } });
		expect(dispatcher.outbox.names()).toEqual(['conversation_typing_on', 'conversation_typing_off']);
		const on = payloadOf('conversation_typing_on');
		expect(Object.keys(on)).toEqual(['event', 'user', 'conversation', 'is_private']);
		expect(on).toMatchObject({ user: { id: 1, type: 'user' }, conversation: { id: 1 }, is_private: true });
		expect(payloadOf('conversation_typing_off').is_private).toBe(false);
		const bad = await dispatcher.request('POST', `${conversations}/1/toggle_typing_status`, { body: { typing_status: 'maybe' } });
		expect(bad.status).toBe(422);
		expect(await bad.json()).toEqual({ message: 'Typing status is invalid', attributes: ['typing_status'] });
	});

	it('a non-administrator agent may work conversations', async () => {
		await startConversation();
		dispatcher.outbox.clear();
		const response = await dispatcher.request('POST', `${conversations}/1/messages`, {
			token: dispatcher.chatwoot.agentToken(),
			body: { content: 'On it' },
		});
		expect(response.status).toBe(200);
		expect(payloadOf('message_created').sender).toEqual({ id: 2, name: 'Alex Agent', email: 'agent@acme.example.com', type: 'user' });
	});

	describe('refusals leave no trace', () => {
		const counts = (d: ApiDispatcher) =>
			['conversations', 'messages', 'contacts', 'contact_inboxes'].map(
				(table) => (d.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
			);

		it('404s unknown conversations, sources and inboxes, 422s bad bodies, and writes nothing', async () => {
			await startConversation();
			dispatcher.outbox.clear();
			const before = counts(dispatcher);
			const cases: Array<[string, string, Json, number]> = [
				['GET', `${conversations}/99`, undefined, 404],
				['POST', `${conversations}/99/messages`, { content: 'x' }, 404],
				['POST', `${conversations}/abc/toggle_status`, { status: 'open' }, 404],
				['POST', conversations, { source_id: 'nope', inbox_id: 1 }, 404],
				['POST', conversations, { contact_id: contactId, inbox_id: 42 }, 404],
				['POST', conversations, { contact_id: contactId, inbox_id: 1, status: 'closed' }, 422],
				['POST', conversations, { inbox_id: 1 }, 422],
				['POST', `${conversations}/1/messages`, { content: 5 }, 422],
				['POST', `${conversations}/1/messages`, { content: 'x', message_type: 'activity' }, 422],
				['POST', `${conversations}/1/toggle_status`, { status: 'closed' }, 422],
				['POST', `${conversations}/1/toggle_priority`, { priority: 'critical' }, 422],
				['POST', '/api/v1/accounts/2/conversations', { source_id: sourceId, inbox_id: 1 }, 401],
			];
			for (const [method, path, body, status] of cases) {
				const response = await dispatcher.request(method, path, { body });
				expect([method, path, response.status]).toEqual([method, path, status]);
			}
			expect(counts(dispatcher)).toEqual(before);
			expect(dispatcher.outbox.events).toEqual([]);
		});

		it('a failing outbox rolls the whole change back and answers 500 without details', async () => {
			const failing = await startApiDispatcher({ captureEvents: true });
			try {
				const contact = failing.chatwoot.contacts.create(1, { name: 'Ann', inbox_id: 1 });
				const before = counts(failing);
				failing.outbox.add = () => {
					throw new Error('disk full near secret s3cr3t');
				};
				const errors: unknown[] = [];
				const spy = jest.spyOn(console, 'error').mockImplementation((...args) => errors.push(args));
				const response = await failing.request('POST', conversations, {
					body: { contact_id: contact.contact.id, inbox_id: 1, message: { content: 'x' } },
				});
				spy.mockRestore();
				expect(response.status).toBe(500);
				expect(await response.json()).toEqual({ error: 'Internal server error' });
				expect(counts(failing)).toEqual(before);
				expect(JSON.stringify(errors)).not.toContain(failing.chatwoot.adminToken());
			} finally {
				await failing.close();
			}
		});
	});
});
