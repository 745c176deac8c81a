import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { dispatcherEventParams } from './dispatcher-event-params';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';

/**
 * `POST /_dispatcher/events`: emit any of Chatwoot's 12 events now, `data` deep-merged over a realistic
 * fixture. Mounted behind the dispatcher's administrator check.
 */
export function dispatcherEventsRoutes(chatwoot: Chatwoot): Router {
	const router = Router();
	router.post('/events', (req, res) => {
		const params = parseParams(dispatcherEventParams, req.body);
		const emitted = chatwoot.events.emit(params.account_id ?? chatwoot.accountId, params.event, params.data);
		sendJson(res, 200, emitted);
	});
	return router;
}
