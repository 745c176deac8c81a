import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { RecordNotFound } from '../domain/models/record-errors';
import { authenticated, currentAccount, requireAccountMember, requireAdministrator } from './access-token-auth';
import { parseInboxParams } from './inbox-params';
import { sendJson } from './json-response';
import { inboxView } from './views/inbox';

/**
 * `inboxes#index` (`{"payload":[…]}`, an agent's own inboxes only) and `#show` (bare; admins and members);
 * for administrators `#update` (`PATCH`/`PUT`, the API channel's `webhook_url`) and `#reset_secret`, both
 * answering the bare `_inbox`, whose `secret` is the channel secret the inbox's callbacks are signed with.
 */
export function inboxesRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const authorize = requireAccountMember(chatwoot);
	const administrator = [...authorize, requireAdministrator()];
	const inboxId = (param: unknown): number => {
		if (!/^\d+$/.test(String(param))) throw new RecordNotFound('Inbox');
		return Number(param);
	};

	router.get('/inboxes', ...authorize, (_req, res) => {
		const { user } = authenticated(res);
		sendJson(res, 200, { payload: chatwoot.users.inboxes(user).map((inbox) => inboxView(inbox, user.administrator)) });
	});

	router.get('/inboxes/:id', ...authorize, (req, res) => {
		const { user } = authenticated(res);
		const inbox = chatwoot.inboxes.get(currentAccount(res).id, inboxId(req.params.id));
		if (!user.administrator && !chatwoot.users.isInboxMember(inbox.id, user.id)) {
			return sendJson(res, 401, { error: 'You are not authorized to do this action' });
		}
		sendJson(res, 200, inboxView(inbox, user.administrator));
	});

	for (const method of ['patch', 'put'] as const) {
		router[method]('/inboxes/:id', ...administrator, (req, res) => {
			const inbox = chatwoot.inboxes.update(currentAccount(res).id, inboxId(req.params.id), parseInboxParams(req.body));
			sendJson(res, 200, inboxView(inbox, true));
		});
	}

	router.post('/inboxes/:id/reset_secret', ...administrator, (req, res) => {
		const inbox = chatwoot.inboxes.resetSecret(currentAccount(res).id, inboxId(req.params.id));
		sendJson(res, 200, inboxView(inbox, true));
	});

	return router;
}
