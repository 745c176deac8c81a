import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { RecordNotFound } from '../domain/models/record-errors';
import { authenticated, currentAccount, requireAccountMember } from './access-token-auth';
import { contactLabelsParams, contactParams, newContactParams } from './contact-params';
import { viewConversation } from './conversations-routes';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';
import { contactView, inboxRecord } from './views/contact';

/** The part of `resources :contacts` that makes and changes contacts: create, show, update. */
export function contactsRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const authorize = requireAccountMember(chatwoot);
	const view = (contactId: number, accountId: number) =>
		contactView(chatwoot.contacts.find(accountId, contactId), chatwoot.contacts.contactInboxes(contactId));

	router.post('/contacts', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const { contact, contactInbox } = chatwoot.contacts.create(account.id, parseParams(newContactParams, req.body));
		const inbox = contactInbox ? chatwoot.records.inbox(contactInbox.inbox_id) : null;
		sendJson(res, 200, {
			payload: {
				contact: view(contact.id, account.id),
				contact_inbox: { inbox: inbox ? inboxRecord(inbox) : null, source_id: contactInbox?.source_id ?? null },
			},
		});
	});

	router.post('/contacts/filter', ...authorize, (req, res) => {
		const body = (req.body ?? {}) as { payload?: unknown; page?: unknown };
		const page = /^\d+$/.test(String(body.page ?? '')) ? Number(body.page) : 1;
		const account = currentAccount(res);
		const { contacts, total } = chatwoot.contacts.filter(account.id, body.payload, page);
		sendJson(res, 200, { meta: { count: total, current_page: body.page ?? 1 }, payload: contacts.map((contact) => view(contact.id, account.id)) });
	});

	router.get('/contacts/search', ...authorize, (req, res) => {
		const query = req.query as Record<string, unknown>;
		const q = typeof query.q === 'string' ? query.q : '';
		// Chatwoot's guard renders an empty answer before its own meta: counts are null, the page is 1.
		if (q.trim() === '') return sendJson(res, 200, { meta: { count: null, current_page: 1, has_more: null }, payload: [] });
		const pageParam = typeof query.page === 'string' && /^\d+$/.test(query.page) ? query.page : undefined;
		const account = currentAccount(res);
		const { contacts, hasMore } = chatwoot.contacts.search(account.id, q, Math.max(1, Number(pageParam ?? 1)));
		sendJson(res, 200, {
			// `params[:page] || 1`: the string from the query, or the integer 1.
			meta: { count: contacts.length, current_page: pageParam ?? 1, has_more: hasMore },
			payload: contacts.map((contact) => view(contact.id, account.id)),
		});
	});

	router.get('/contacts/:id/conversations', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const contactId = contactIdOf(String(req.params.id));
		chatwoot.contacts.find(account.id, contactId);
		const { user } = authenticated(res);
		const conversations = chatwoot.conversations.ofContact(account.id, contactId, { userId: user.id, administrator: user.administrator });
		sendJson(res, 200, { payload: conversations.map((conversation) => viewConversation(chatwoot, conversation.id, user.id)) });
	});

	router.get('/contacts/:id/labels', ...authorize, (req, res) => {
		const contact = chatwoot.contacts.find(currentAccount(res).id, contactIdOf(String(req.params.id)));
		sendJson(res, 200, { payload: JSON.parse(contact.labels) as string[] });
	});

	router.post('/contacts/:id/labels', ...authorize, (req, res) => {
		const labels = parseParams(contactLabelsParams, req.body).labels ?? [];
		sendJson(res, 200, { payload: chatwoot.contacts.setLabels(currentAccount(res).id, contactIdOf(String(req.params.id)), labels) });
	});

	router.get('/contacts/:id', ...authorize, (req, res) => {
		const account = currentAccount(res);
		sendJson(res, 200, { payload: view(contactIdOf(String(req.params.id)), account.id) });
	});

	for (const method of ['put', 'patch'] as const) {
		router[method]('/contacts/:id', ...authorize, (req, res) => {
			const account = currentAccount(res);
			const contactId = contactIdOf(String(req.params.id));
			chatwoot.contacts.find(account.id, contactId);
			chatwoot.contacts.update(account.id, contactId, parseParams(contactParams, req.body));
			sendJson(res, 200, { payload: view(contactId, account.id) });
		});
	}

	return router;
}

function contactIdOf(param: string): number {
	if (!/^\d+$/.test(param)) throw new RecordNotFound('Contact');
	return Number(param);
}
