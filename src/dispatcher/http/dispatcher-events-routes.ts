import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { dispatcherEventBatchParams, dispatcherEventParams } from './dispatcher-event-params';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';

function isBatch(body: unknown): boolean {
	return typeof body === 'object' && body !== null && 'events' in body;
}

/**
 * `POST /_dispatcher/events`: emit any of Chatwoot's 12 events now, `data` deep-merged over a realistic
 * fixture. Mounted behind the dispatcher's administrator check.
 *
 * A body `{"events": [...]}` emits a batch in one transaction, so one group commit (one fsync) covers all
 * of it and the answer, sent after that commit, lists each event's result in order. Every element is
 * checked before anything is written, and an unknown account anywhere rolls the whole batch back.
 */
export function dispatcherEventsRoutes(chatwoot: Chatwoot): Router {
	const router = Router();
	router.post('/events', (req, res) => {
		if (isBatch(req.body)) {
			const batch = parseParams(dispatcherEventBatchParams, req.body);
			const emitted = chatwoot.transaction(() =>
				batch.events.map((params) => chatwoot.events.emit(params.account_id ?? chatwoot.accountId, params.event, params.data)),
			);
			sendJson(res, 200, { events: emitted });
			return;
		}
		const params = parseParams(dispatcherEventParams, req.body);
		const emitted = chatwoot.events.emit(params.account_id ?? chatwoot.accountId, params.event, params.data);
		sendJson(res, 200, emitted);
	});
	return router;
}
