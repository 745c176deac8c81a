import { Router } from 'express';

import { CHATWOOT_EVENTS } from '../../protocol';
import type { Chatwoot } from '../domain/chatwoot';
import { dispatcherEventBatchParams, dispatcherEventParams, eventCatalogueParams } from './dispatcher-event-params';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';

function isBatch(body: unknown): boolean {
	return typeof body === 'object' && body !== null && 'events' in body;
}

/**
 * Chatwoot's events on demand, mounted behind the dispatcher's administrator check:
 * `GET /_dispatcher/events` lists the 12 with a realistic fixture each and the same as n8n pinned data
 * (what the Chatwoot Trigger outputs for it), and `POST /_dispatcher/events` emits one now, `data`
 * deep-merged over the fixture, to every subscribed webhook or to the one `webhook_id` names.
 *
 * A body `{"events": [...]}` emits a batch in one transaction, so one group commit (one fsync) covers all
 * of it and the answer, sent after that commit, lists each event's result in order. Every element is
 * checked before anything is written, and an unknown account anywhere rolls the whole batch back.
 */
export function dispatcherEventsRoutes(chatwoot: Chatwoot): Router {
	const router = Router();
	router.get('/events', (req, res) => {
		const accountId = parseParams(eventCatalogueParams, req.query).account_id ?? chatwoot.accountId;
		const payload = CHATWOOT_EVENTS.map((info) => {
			const fixture = chatwoot.events.fixture(accountId, info.name);
			return {
				name: info.name,
				display_name: info.displayName,
				description: info.description,
				fixture,
				pinned_data: [
					{
						...fixture,
						chatwootDelivery: {
							id: '00000000-0000-4000-8000-000000000000',
							timestamp: Math.floor(Date.now() / 1000),
							event: info.name,
							verified: true,
							verification: 'signature',
						},
					},
				],
			};
		});
		sendJson(res, 200, { payload });
	});
	router.post('/events', (req, res) => {
		if (isBatch(req.body)) {
			const batch = parseParams(dispatcherEventBatchParams, req.body);
			const emitted = chatwoot.transaction(() =>
				batch.events.map((params) =>
					chatwoot.events.emit(params.account_id ?? chatwoot.accountId, params.event, params.data, params.webhook_id),
				),
			);
			sendJson(res, 200, { events: emitted });
			return;
		}
		const params = parseParams(dispatcherEventParams, req.body);
		const emitted = chatwoot.events.emit(params.account_id ?? chatwoot.accountId, params.event, params.data, params.webhook_id);
		sendJson(res, 200, emitted);
	});
	return router;
}
