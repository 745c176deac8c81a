import express, { type Router } from 'express';
import { z } from 'zod';

import type { Chatwoot } from '../domain/chatwoot';
import { checkBotLoop } from '../domain/models/bot-loop';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';

const query = z.object({
	conversation_id: z.coerce.number().int().positive(),
	account_id: z.coerce.number().int().positive().optional(),
});

/** `GET /_dispatcher/bot_loop?conversation_id=`: whether the conversation looks like a flow answering itself. */
export function botLoopRoutes(chatwoot: Chatwoot): Router {
	const router = express.Router();
	router.get('/bot_loop', (req, res) => {
		const params = parseParams(query, req.query);
		const { messages } = chatwoot.messages.list(params.account_id ?? chatwoot.accountId, params.conversation_id);
		sendJson(res, 200, { payload: checkBotLoop(messages) });
	});
	return router;
}
