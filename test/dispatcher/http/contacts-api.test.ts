import { startApiDispatcher, type Json, type ApiDispatcher } from '../../support/api-dispatcher';

describe('contacts over the API', () => {
	let dispatcher: ApiDispatcher;
	beforeEach(async () => {
		dispatcher = await startApiDispatcher({ captureEvents: true });
	});
	afterEach(async () => {
		await dispatcher.close();
	});

	const contacts = '/api/v1/accounts/1/contacts';
	const contactRows = () => dispatcher.db.prepare('SELECT * FROM contacts ORDER BY id').all();

	it('creates a contact (contact_created, account webhooks only) and answers in Chatwoot\'s envelope', async () => {
		const response = await dispatcher.request('POST', contacts, {
			body: { name: 'Jane Doe', email: 'Jane@Example.com', phone_number: '+15551234567', inbox_id: 1, custom_attributes: { plan: 'pro' } },
		});
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(Object.keys(body.payload)).toEqual(['contact', 'contact_inbox']);
		expect(body.payload.contact).toMatchObject({ name: 'Jane Doe', email: 'jane@example.com', custom_attributes: { plan: 'pro' } });
		expect(body.payload.contact.contact_inboxes).toEqual([
			expect.objectContaining({ source_id: body.payload.contact_inbox.source_id, inbox: expect.objectContaining({ id: 1 }) }),
		]);
		expect(body.payload.contact_inbox.inbox).toMatchObject({ id: 1, name: 'Support API', channel_type: 'Channel::Api' });
		expect(dispatcher.outbox.names()).toEqual(['contact_created']);
		const payload = dispatcher.outbox.events[0].payload as Json;
		expect(Object.keys(payload)).toEqual([
			'account',
			'additional_attributes',
			'avatar',
			'custom_attributes',
			'email',
			'id',
			'identifier',
			'name',
			'phone_number',
			'thumbnail',
			'blocked',
			'event',
		]);
		const shown = await (await dispatcher.request('GET', `${contacts}/${body.payload.contact.id}`)).json();
		expect(shown.payload).toEqual(body.payload.contact);
	});

	it('updates with changed_attributes, merging attribute hashes; an update that changes nothing emits nothing', async () => {
		const { contact } = dispatcher.chatwoot.contacts.create(1, { name: 'Jane', custom_attributes: { plan: 'pro' } });
		dispatcher.outbox.clear();
		const response = await dispatcher.request('PUT', `${contacts}/${contact.id}`, {
			body: { name: 'Jane Doe', custom_attributes: { seats: 3 } },
		});
		expect((await response.json()).payload).toMatchObject({ name: 'Jane Doe', custom_attributes: { plan: 'pro', seats: 3 } });
		expect(dispatcher.outbox.names()).toEqual(['contact_updated']);
		const payload = dispatcher.outbox.events[0].payload as Json;
		expect(Object.keys(payload).slice(-2)).toEqual(['event', 'changed_attributes']);
		// In the order of the contacts table's columns in Chatwoot's schema: name, updated_at, custom_attributes.
		expect(payload.changed_attributes.map((change: Json) => Object.keys(change)[0])).toEqual(['name', 'updated_at', 'custom_attributes']);
		expect(payload.changed_attributes[0]).toEqual({ name: { previous_value: 'Jane', current_value: 'Jane Doe' } });
		expect(payload.changed_attributes[2]).toEqual({
			custom_attributes: { previous_value: { plan: 'pro' }, current_value: { plan: 'pro', seats: 3 } },
		});

		dispatcher.outbox.clear();
		const same = await dispatcher.request('PATCH', `${contacts}/${contact.id}`, { body: { name: 'Jane Doe' } });
		expect(same.status).toBe(200);
		expect(dispatcher.outbox.events).toEqual([]);
	});

	it('refuses invalid contacts in Chatwoot\'s words and writes nothing', async () => {
		dispatcher.chatwoot.contacts.create(1, { name: 'Jane', email: 'jane@example.com', identifier: 'crm-1' });
		dispatcher.outbox.clear();
		const before = contactRows();
		const cases: Array<[Json, Json]> = [
			[{ email: 'JANE@example.com' }, { message: 'Email has already been taken', attributes: ['email'] }],
			[{ email: 'not an email' }, { message: 'Email Invalid email', attributes: ['email'] }],
			[{ phone_number: '555-1234' }, { message: 'Phone number should be in e164 format', attributes: ['phone_number'] }],
			[{ identifier: 'crm-1' }, { message: 'Identifier has already been taken', attributes: ['identifier'] }],
			[{ name: 42, blocked: 'maybe' }, { message: 'Name is invalid, Blocked is invalid', attributes: ['name', 'blocked'] }],
		];
		for (const [body, error] of cases) {
			const response = await dispatcher.request('POST', contacts, { body });
			expect(response.status).toBe(422);
			expect(await response.json()).toEqual(error);
		}
		expect((await dispatcher.request('POST', contacts, { body: { name: 'X', inbox_id: 77 } })).status).toBe(404);
		expect((await dispatcher.request('PUT', `${contacts}/999`, { body: { name: 'X' } })).status).toBe(404);
		expect((await dispatcher.request('GET', `${contacts}/999`)).status).toBe(404);
		expect(contactRows()).toEqual(before);
		expect(dispatcher.outbox.events).toEqual([]);
	});
});
