import { startApiDispatcher, type Json, type ApiDispatcher } from '../../support/api-dispatcher';

/** `GET …/contacts/search`: Chatwoot's matching, pages of 15, `count` of this page, `has_more`, the blank guard. */
let dispatcher: ApiDispatcher;
const contacts = '/api/v1/accounts/1/contacts';

beforeEach(async () => {
	dispatcher = await startApiDispatcher({ captureEvents: true });
});

afterEach(async () => {
	await dispatcher.close();
});

const search = async (query: string): Promise<Json> => (await dispatcher.request('GET', `${contacts}/search?${query}`)).json();

it('matches name, email and phone in any case, the identifier as written', async () => {
	dispatcher.chatwoot.contacts.create(1, { name: 'Jane Doe', email: 'jane@example.com', identifier: 'CRM-7' });
	dispatcher.chatwoot.contacts.create(1, { name: 'John Roe', phone_number: '+15550001111' });
	const names = async (q: string) => (await search(`q=${encodeURIComponent(q)}`)).payload.map((contact: Json) => contact.name);
	expect(await names('JANE')).toEqual(['Jane Doe']);
	expect(await names('0001111')).toEqual(['John Roe']);
	expect(await names('CRM-7')).toEqual(['Jane Doe']);
	expect(await names('crm-7')).toEqual([]);
	expect(await names('%')).toEqual([]);
});

it('pages by 15 with count of this page and has_more; page comes back as given', async () => {
	for (let index = 0; index < 17; index++) dispatcher.chatwoot.contacts.create(1, { name: `Lead ${index}` });
	const first = await search('q=lead');
	expect(first.meta).toEqual({ count: 15, current_page: 1, has_more: true });
	expect(first.payload[0]).toHaveProperty('contact_inboxes');
	const second = await search('q=lead&page=2');
	expect(second.meta).toEqual({ count: 2, current_page: '2', has_more: false });
});

it('a blank q answers the guard: count and has_more null, no contacts', async () => {
	dispatcher.chatwoot.contacts.create(1, { name: 'Jane' });
	expect(await search('q=')).toEqual({ meta: { count: null, current_page: 1, has_more: null }, payload: [] });
});

it("contact labels: POST replaces them and emits contact_updated [updated_at, label_list]", async () => {
	const { contact } = dispatcher.chatwoot.contacts.create(1, { name: 'Jane' });
	dispatcher.outbox.clear();
	const set = await dispatcher.request('POST', `${contacts}/${contact.id}/labels`, { body: { labels: ['vip', 'lead'] } });
	expect(await set.json()).toEqual({ payload: ['vip', 'lead'] });
	expect(dispatcher.outbox.names()).toEqual(['contact_updated']);
	const changed = (dispatcher.outbox.events[0].payload as Json).changed_attributes;
	expect(changed.map((change: Json) => Object.keys(change)[0])).toEqual(['updated_at', 'label_list']);
	expect(changed[1]).toEqual({ label_list: { previous_value: [], current_value: ['vip', 'lead'] } });
	dispatcher.outbox.clear();
	await dispatcher.request('POST', `${contacts}/${contact.id}/labels`, { body: { labels: ['lead', 'vip'] } });
	expect(dispatcher.outbox.events).toEqual([]);
	expect(await (await dispatcher.request('GET', `${contacts}/${contact.id}/labels`)).json()).toEqual({ payload: ['vip', 'lead'] });
});
