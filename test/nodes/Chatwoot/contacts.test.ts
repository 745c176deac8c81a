import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { accessTo, picked, runJson } from './chatwoot-node';

/** The Contact resource's writes and reads by ID, against the dispatcher. */
let dispatcher: TestDispatcher;

beforeEach(async () => {
	dispatcher = await startTestDispatcher();
});

afterEach(async () => {
	await dispatcher.close();
});

async function createJane(): Promise<{ id: number } & Record<string, unknown>> {
	const [contact] = await runJson(accessTo(dispatcher), {
		resource: 'contact',
		operation: 'create',
		inbox: picked(1, 'list'),
		name: 'Jane Doe',
		additionalFields: {
			email: 'jane@example.com',
			phoneNumber: '+15551234567',
			identifier: 'crm-42',
			customAttributes: { attribute: [{ key: 'plan', value: 'enterprise' }] },
		},
	});
	return contact as { id: number } & Record<string, unknown>;
}

describe('create', () => {
	it('creates the contact in the inbox and outputs it with its source ID there', async () => {
		const contact = await createJane();
		expect(contact).toMatchObject({
			id: expect.any(Number),
			name: 'Jane Doe',
			email: 'jane@example.com',
			phone_number: '+15551234567',
			identifier: 'crm-42',
			custom_attributes: { plan: 'enterprise' },
			contact_inboxes: [{ source_id: expect.any(String), inbox: { id: 1, name: 'Support API' } }],
		});
	});

	it("passes Chatwoot's validation message on verbatim", async () => {
		const attempt = runJson(accessTo(dispatcher), {
			resource: 'contact',
			operation: 'create',
			inbox: picked(1),
			name: 'Bad Phone',
			additionalFields: { phoneNumber: '555' },
		});
		await expect(attempt).rejects.toMatchObject({ httpCode: '422', message: 'Phone number should be in e164 format' });
	});
});

describe('get', () => {
	it('outputs the contact', async () => {
		const created = await createJane();
		const [contact] = await runJson(accessTo(dispatcher), { resource: 'contact', operation: 'get', contactId: created.id });
		expect(contact).toEqual(created);
	});

	it('refuses a contact ID of 0 before calling Chatwoot', async () => {
		await expect(runJson(accessTo(dispatcher), { resource: 'contact', operation: 'get', contactId: 0 })).rejects.toThrow(
			'The contact ID must be a whole number such as 1',
		);
	});
});

describe('update', () => {
	it('changes the fields given; custom attributes are merged into the contact’s', async () => {
		const created = await createJane();
		const [contact] = await runJson(accessTo(dispatcher), {
			resource: 'contact',
			operation: 'update',
			contactId: created.id,
			updateFields: { name: 'Jane Smith', customAttributes: { attribute: [{ key: 'tier', value: 'gold' }] } },
		});
		expect(contact).toMatchObject({
			id: created.id,
			name: 'Jane Smith',
			email: 'jane@example.com',
			custom_attributes: { plan: 'enterprise', tier: 'gold' },
		});
	});

	it('refuses an update without fields', async () => {
		const created = await createJane();
		await expect(
			runJson(accessTo(dispatcher), { resource: 'contact', operation: 'update', contactId: created.id, updateFields: {} }),
		).rejects.toThrow('Add at least one field to update');
	});
});
