import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { RecordNotFound } from '../domain/models/record-errors';
import { authenticated, currentAccount, requireAccountMember } from './access-token-auth';
import { sendJson } from './json-response';
import { inboxView } from './views/inbox';

/** `inboxes#index` (`{"payload":[…]}`, an agent's own inboxes only) and `#show` (bare; admins and members). */
export function inboxesRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const authorize = requireAccountMember(chatwoot);

	router.get('/inboxes', ...authorize, (_req, res) => {
		const { user } = authenticated(res);
		sendJson(res, 200, { payload: chatwoot.users.inboxes(user).map((inbox) => inboxView(inbox, user.administrator)) });
	});

	router.get('/inboxes/:id', ...authorize, (req, res) => {
		const { user } = authenticated(res);
		const inbox = /^\d+$/.test(String(req.params.id)) ? chatwoot.accounts.inbox(currentAccount(res).id, Number(req.params.id)) : undefined;
		if (!inbox) throw new RecordNotFound('Inbox');
		if (!user.administrator && !chatwoot.users.isInboxMember(inbox.id, user.id)) {
			return sendJson(res, 401, { error: 'You are not authorized to do this action' });
		}
		sendJson(res, 200, inboxView(inbox, user.administrator));
	});

	return router;
}
