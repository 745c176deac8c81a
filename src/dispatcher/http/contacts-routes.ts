import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { RecordNotFound } from '../domain/models/record-errors';
import { currentAccount, requireAccountMember } from './access-token-auth';
import { contactParams, newContactParams } from './contact-params';
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
