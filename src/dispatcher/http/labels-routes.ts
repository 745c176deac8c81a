import { Router } from 'express';
import { z } from 'zod';

import type { Chatwoot } from '../domain/chatwoot';
import { ParameterMissing } from '../domain/models/record-errors';
import { authenticated, currentAccount, requireAccountMember } from './access-token-auth';
import { sendJson } from './json-response';
import { parseParams, railsBoolean } from './parse-params';
import { labelView } from './views/label';

/** `params.require(:label).permit(...)`; a flat JSON body is wrapped under `label` by Rails. */
const labelParams = z.object({
	title: z.string().nullable().optional(),
	description: z.string().nullable().optional(),
	color: z.string().nullable().optional(),
	show_on_sidebar: railsBoolean.nullable().optional(),
});

/** `labels#index` (`{"payload":[…]}`, by title) and `#create` (administrators; a bare label). */
export function labelsRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const authorize = requireAccountMember(chatwoot);

	router.get('/labels', ...authorize, (_req, res) => {
		sendJson(res, 200, { payload: chatwoot.labels.list(currentAccount(res).id).map(labelView) });
	});

	router.post('/labels', ...authorize, (req, res) => {
		if (!authenticated(res).user.administrator) return sendJson(res, 401, { error: 'You are not authorized to do this action' });
		const body = (req.body ?? {}) as Record<string, unknown>;
		const root = typeof body.label === 'object' && body.label !== null ? body.label : req.is('json') ? body : undefined;
		if (root === undefined || Object.keys(root).length === 0) throw new ParameterMissing('label');
		sendJson(res, 200, labelView(chatwoot.labels.create(currentAccount(res).id, parseParams(labelParams, root))));
	});

	return router;
}
