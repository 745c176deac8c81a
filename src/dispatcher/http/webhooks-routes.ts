import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { RecordNotFound } from '../domain/models/record-errors';
import { currentAccount, requireAccountMember, requireAdministrator } from './access-token-auth';
import { sendJson } from './json-response';
import { readWebhookParams } from './webhook-params';

/**
 * `resources :webhooks, only: [:index, :create, :update, :destroy]`: no show route, so
 * `GET .../webhooks/:id` is left to the 404 of unrouted paths. Answers use the jbuilder envelopes.
 */
export function webhooksRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const authorize = [...requireAccountMember(chatwoot), requireAdministrator()];

	router.get('/webhooks', ...authorize, (_req, res) => {
		sendJson(res, 200, { payload: { webhooks: chatwoot.webhooks.list(currentAccount(res).id) } });
	});

	router.post('/webhooks', ...authorize, (req, res) => {
		const webhook = chatwoot.webhooks.create(currentAccount(res).id, readWebhookParams(req.body));
		sendJson(res, 200, { payload: { webhook } });
	});

	for (const method of ['patch', 'put'] as const) {
		router[method]('/webhooks/:id', ...authorize, (req, res) => {
			const account = currentAccount(res);
			const webhookId = webhookIdOf(String(req.params.id));
			// `before_action :fetch_webhook` finds the record (404) before the action reads the params (422).
			chatwoot.webhooks.get(account.id, webhookId);
			const webhook = chatwoot.webhooks.update(account.id, webhookId, readWebhookParams(req.body));
			sendJson(res, 200, { payload: { webhook } });
		});
	}

	router.delete('/webhooks/:id', ...authorize, (req, res) => {
		chatwoot.webhooks.destroy(currentAccount(res).id, webhookIdOf(String(req.params.id)));
		res.status(200).end();
	});

	return router;
}

function webhookIdOf(param: string): number {
	if (!/^\d+$/.test(param)) throw new RecordNotFound('Webhook');
	return Number(param);
}
