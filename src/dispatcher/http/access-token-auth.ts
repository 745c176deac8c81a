import type { NextFunction, Request, RequestHandler, Response } from 'express';

import type { Account } from '../domain/models/accounts';
import type { Chatwoot } from '../domain/chatwoot';
import type { MessageAuthor } from '../domain/models/messages';
import type { User } from '../domain/models/users';
import type { AgentBotRow } from '../domain/schema/records';
import { sendJson } from './json-response';

/**
 * Chatwoot's API authentication, step by step as its controllers run it: devise (no credentials),
 * `AccessTokenAuthHelper` (unknown token), `EnsureCurrentAccountHelper` (account), Pundit (role). Each
 * step answers with Chatwoot's own status and body; all of them are 401, none is 403.
 */
export interface Authenticated {
	user: User;
	account?: Account;
}

/**
 * An agent bot calling with its own access token. Chatwoot lets a bot call only `BOT_ACCESSIBLE_ENDPOINTS`
 * (`AccessTokenAuthHelper`); the routes that take bots say so with `requireAccountMember(chatwoot, { bots: true })`.
 */
export interface AuthenticatedBot {
	bot: AgentBotRow;
	account?: Account;
}

const BOTS_REFUSED = { error: 'Access to this endpoint is not authorized for bots' };

const NO_CREDENTIALS = { errors: ['You need to sign in or sign up before continuing.'] };

export function authenticated(res: Response): Authenticated {
	const auth = res.locals.chatwootAuth as Authenticated | undefined;
	if (!auth) throw new Error('A route that needs a user was mounted without requireAccessToken');
	return auth;
}

/** The agent bot whose own token made this request, if a bot made it. */
export function authenticatedBot(res: Response): AuthenticatedBot | undefined {
	return res.locals.chatwootBot as AuthenticatedBot | undefined;
}

/** Who writes a message posted with this request's token: the user, or the bot. */
export function messageAuthor(res: Response, chatwoot: Chatwoot): MessageAuthor {
	const bot = authenticatedBot(res);
	return bot ? { bot: bot.bot } : { user: chatwoot.records.user(authenticated(res).user.id) };
}

/** The account the request is for, after requireAccountAccess ran. */
export function currentAccount(res: Response): Account {
	const account = (authenticatedBot(res) ?? authenticated(res)).account;
	if (!account) throw new Error('A route that needs an account was mounted without requireAccountAccess');
	return account;
}

export function requireAccessToken(chatwoot: Chatwoot, options: { bots?: boolean } = {}): RequestHandler {
	return (req: Request, res: Response, next: NextFunction) => {
		const token = req.get('api_access_token');
		if (!token) return sendJson(res, 401, NO_CREDENTIALS);
		const user = chatwoot.users.authenticate(token);
		const bot = user ? undefined : chatwoot.agentBots.authenticate(token);
		if (bot) {
			if (!options.bots) return sendJson(res, 401, BOTS_REFUSED);
			res.locals.chatwootBot = { bot } satisfies AuthenticatedBot;
			return next();
		}
		if (!user) return sendJson(res, 401, { error: 'Invalid Access Token' });
		res.locals.chatwootAuth = { user } satisfies Authenticated;
		next();
	};
}

/** `Account.find(params[:account_id])` (404 when absent), then membership (401 when not a member). */
export function requireAccountAccess(chatwoot: Chatwoot): RequestHandler {
	return (req: Request, res: Response, next: NextFunction) => {
		const accountId = Number(req.params.account_id);
		const account = /^\d+$/.test(String(req.params.account_id)) ? chatwoot.accounts.find(accountId) : undefined;
		if (!account) return sendJson(res, 404, { error: 'Resource could not be found' });
		const bot = authenticatedBot(res);
		if (bot) {
			if (bot.bot.account_id !== account.id) return sendJson(res, 401, { error: 'Bot is not authorized to access this account' });
			bot.account = account;
			return next();
		}
		const auth = authenticated(res);
		if (auth.user.accountId !== account.id) {
			return sendJson(res, 401, { error: 'You are not authorized to access this account' });
		}
		auth.account = account;
		next();
	};
}

/** Pundit's refusal for policies that need `administrator?`, such as `WebhookPolicy`. */
export function requireAdministrator(): RequestHandler {
	return (_req: Request, res: Response, next: NextFunction) => {
		if (!authenticated(res).user.administrator) {
			return sendJson(res, 401, { error: 'You are not authorized to do this action' });
		}
		next();
	};
}

/**
 * The dispatcher's own routes (`/_dispatcher/*`) act on every account, so only the administrator's token
 * opens them. `GET /_dispatcher/health` stays open for process supervisors and readiness probes.
 */
export function requireDispatcherAdmin(chatwoot: Chatwoot): RequestHandler {
	const accessToken = requireAccessToken(chatwoot);
	const administrator = requireAdministrator();
	return (req: Request, res: Response, next: NextFunction) => {
		if (req.method === 'GET' && req.path.replace(/\/+$/, '') === '/health') return next();
		accessToken(req, res, (error?: unknown) => {
			if (error) return next(error);
			administrator(req, res, next);
		});
	};
}

/** The chain every `/api/v1/accounts/:account_id/...` route starts with. */
export function requireAccountMember(chatwoot: Chatwoot, options: { bots?: boolean } = {}): RequestHandler[] {
	return [requireAccessToken(chatwoot, options), requireAccountAccess(chatwoot)];
}
