import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { RecordNotFound } from '../domain/models/record-errors';
import { authenticated, currentAccount, requireAccountMember } from './access-token-auth';
import { sendJson } from './json-response';
import { agentView } from './views/agent';
import { teamView } from './views/team';

/** `teams#index`, `#show` and `team_members#index`: any user of the account may read them (bare arrays). */
export function teamsRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const authorize = requireAccountMember(chatwoot);
	const teamOf = (accountId: number, param: unknown) => {
		if (!/^\d+$/.test(String(param))) throw new RecordNotFound('Team');
		return chatwoot.teams.find(accountId, Number(param));
	};

	router.get('/teams', ...authorize, (_req, res) => {
		const userId = authenticated(res).user.id;
		sendJson(res, 200, chatwoot.teams.list(currentAccount(res).id).map((team) => teamView(team, chatwoot.teams.isMember(team.id, userId))));
	});

	router.get('/teams/:id', ...authorize, (req, res) => {
		const team = teamOf(currentAccount(res).id, req.params.id);
		sendJson(res, 200, teamView(team, chatwoot.teams.isMember(team.id, authenticated(res).user.id)));
	});

	router.get('/teams/:id/team_members', ...authorize, (req, res) => {
		const team = teamOf(currentAccount(res).id, req.params.id);
		sendJson(res, 200, chatwoot.teams.members(team.id).map(agentView));
	});

	return router;
}
