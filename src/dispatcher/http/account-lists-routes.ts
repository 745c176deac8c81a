import { Router } from 'express';
import { z } from 'zod';

import type { Chatwoot } from '../domain/chatwoot';
import { currentAccount, requireAccountMember } from './access-token-auth';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';
import { agentView } from './views/agent';
import { contactView, inboxRecord } from './views/contact';
import { conversationView } from './views/conversation';

/** Chatwoot pages contacts by 15 (`RESULTS_PER_PAGE`) and conversations by 25. */
const CONTACTS_PER_PAGE = 15;
const CONVERSATIONS_PER_PAGE = 25;

const pageQuery = z.object({ page: z.coerce.number().int().min(1).default(1) });
const conversationsQuery = pageQuery.extend({ status: z.enum(['open', 'resolved', 'pending', 'snoozed', 'all']).default('open') });

/** The index routes the playground lists from: `GET` inboxes, agents, contacts and conversations. */
export function accountListsRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const authorize = requireAccountMember(chatwoot);
	const lists = chatwoot.lists;

	router.get('/inboxes', ...authorize, (_req, res) => {
		sendJson(res, 200, { payload: lists.inboxes(currentAccount(res).id).map(inboxRecord) });
	});

	router.get('/agents', ...authorize, (_req, res) => {
		sendJson(res, 200, lists.agents(currentAccount(res).id).map(agentView));
	});

	router.get('/contacts', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const { page } = parseParams(pageQuery, req.query);
		const { contacts, count } = lists.contacts(account.id, page, CONTACTS_PER_PAGE);
		sendJson(res, 200, {
			meta: { count, current_page: page },
			payload: contacts.map((contact) => contactView(contact, chatwoot.contacts.contactInboxes(contact.id))),
		});
	});

	router.get('/conversations', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const { page, status } = parseParams(conversationsQuery, req.query);
		const { conversations, count } = lists.conversations(account.id, status, page, CONVERSATIONS_PER_PAGE);
		sendJson(res, 200, {
			data: {
				meta: { all_count: count },
				payload: conversations.map((conversation) => conversationView(chatwoot.records.conversationState(conversation.id))),
			},
		});
	});

	return router;
}
