import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { currentAccount, requireAccountMember } from './access-token-auth';
import { sendJson } from './json-response';
import { agentView } from './views/agent';

/** `agents#index`: the account's users as a bare array of `_agent`, by name. */
export function agentsRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	router.get('/agents', ...requireAccountMember(chatwoot), (_req, res) => {
		sendJson(res, 200, chatwoot.users.agents(currentAccount(res).id).map(agentView));
	});
	return router;
}
