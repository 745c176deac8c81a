import { Router, type Response } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { RecordNotFound } from '../domain/models/record-errors';
import { authenticated, currentAccount, requireAccountMember, requireAdministrator } from './access-token-auth';
import { agentBotParams, setAgentBotParams } from './agent-bot-params';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';
import { agentBotView } from './views/agent-bot';

/**
 * `resources :agent_bots` (index and show for any member; create, update, destroy, `reset_secret`,
 * `reset_access_token` for administrators, `AgentBotPolicy`) and the inbox routes that connect a bot:
 * `POST /inboxes/{id}/set_agent_bot` (administrators) and `GET /inboxes/{id}/agent_bot`.
 */
export function agentBotsRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const member = requireAccountMember(chatwoot);
	const administrator = [...member, requireAdministrator()];
	const view = (res: Response, botId: number) =>
		agentBotView(chatwoot.agentBots.get(currentAccount(res).id, botId), { administrator: authenticated(res).user.administrator });

	router.get('/agent_bots', ...member, (_req, res) => {
		const administrator = authenticated(res).user.administrator;
		sendJson(res, 200, chatwoot.agentBots.list(currentAccount(res).id).map((bot) => agentBotView(bot, { administrator })));
	});

	router.get('/agent_bots/:id', ...member, (req, res) => {
		sendJson(res, 200, view(res, idOf('AgentBot', req.params.id)));
	});

	router.post('/agent_bots', ...administrator, (req, res) => {
		const bot = chatwoot.agentBots.create(currentAccount(res).id, parseParams(agentBotParams, req.body));
		sendJson(res, 200, view(res, bot.id));
	});

	for (const method of ['patch', 'put'] as const) {
		router[method]('/agent_bots/:id', ...administrator, (req, res) => {
			const bot = chatwoot.agentBots.update(currentAccount(res).id, idOf('AgentBot', req.params.id), parseParams(agentBotParams, req.body));
			sendJson(res, 200, view(res, bot.id));
		});
	}

	router.delete('/agent_bots/:id', ...administrator, (req, res) => {
		chatwoot.agentBots.destroy(currentAccount(res).id, idOf('AgentBot', req.params.id));
		res.status(200).end();
	});

	router.post('/agent_bots/:id/reset_secret', ...administrator, (req, res) => {
		const bot = chatwoot.agentBots.resetSecret(currentAccount(res).id, idOf('AgentBot', req.params.id));
		sendJson(res, 200, view(res, bot.id));
	});

	router.post('/agent_bots/:id/reset_access_token', ...administrator, (req, res) => {
		const bot = chatwoot.agentBots.resetAccessToken(currentAccount(res).id, idOf('AgentBot', req.params.id));
		sendJson(res, 200, view(res, bot.id));
	});

	router.post('/inboxes/:id/set_agent_bot', ...administrator, (req, res) => {
		const { agent_bot: botId } = parseParams(setAgentBotParams, req.body);
		chatwoot.agentBots.setInboxBot(currentAccount(res).id, idOf('Inbox', req.params.id), botId ?? null);
		res.status(200).end();
	});

	router.get('/inboxes/:id/agent_bot', ...member, (req, res) => {
		const bot = chatwoot.agentBots.inboxBot(currentAccount(res).id, idOf('Inbox', req.params.id));
		sendJson(res, 200, bot ? { agent_bot: agentBotView(bot, { administrator: authenticated(res).user.administrator }) } : {});
	});

	return router;
}

function idOf(what: string, param: unknown): number {
	if (!/^\d+$/.test(String(param))) throw new RecordNotFound(what);
	return Number(param);
}
