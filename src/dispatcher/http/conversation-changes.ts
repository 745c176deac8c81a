import type { NextFunction, Request, RequestHandler, Response } from 'express';

import type { ConversationNotice } from './live-feed';

const CONVERSATION_PATH = /^\/api\/v1\/accounts\/(\d+)\/conversations(?:\/(\d+))?(?:\/|$)/;

/**
 * Tells the live feed about every conversation a request changed: a successful POST, PUT, PATCH or DELETE
 * under `/api/v1/accounts/:account_id/conversations[/:id]`. Every change to a conversation, by an agent,
 * a customer, n8n or a bot, comes through one of those routes, so watching them is watching all changes.
 */
export function conversationChanges(publish: (notice: ConversationNotice) => void): RequestHandler {
	return (req: Request, res: Response, next: NextFunction) => {
		if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
		const match = CONVERSATION_PATH.exec(req.path);
		if (!match) return next();
		res.on('finish', () => {
			if (res.statusCode >= 400) return;
			publish({ account_id: Number(match[1]), id: match[2] === undefined ? null : Number(match[2]) });
		});
		next();
	};
}
