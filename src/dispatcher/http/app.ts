import express, { type Express, type Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { requireDispatcherAdmin } from './access-token-auth';
import { agentBotsRoutes } from './agent-bots-routes';
import { agentsRoutes } from './agents-routes';
import { contactsRoutes } from './contacts-routes';
import { conversationChanges } from './conversation-changes';
import { conversationsRoutes } from './conversations-routes';
import { automationWebhooksRoutes } from './automation-webhooks-routes';
import { dispatcherEventsRoutes } from './dispatcher-events-routes';
import { errorResponses, routeNotFound } from './error-responses';
import type { ConversationNotice } from './live-feed';
import { refuseDeepNesting } from './json-nesting';
import { inboxesRoutes } from './inboxes-routes';
import { labelsRoutes } from './labels-routes';
import { messagesRoutes } from './messages-routes';
import { teamsRoutes } from './teams-routes';
import { webhooksRoutes } from './webhooks-routes';

export interface HttpAppOptions {
	chatwoot: Chatwoot;
	/** Routers of the dispatcher's own API, mounted behind the administrator check (health excepted). */
	routers?: ReadonlyArray<{ path: string; router: Router }>;
	/** Largest accepted request body, in body-parser's notation; default 1mb. */
	bodyLimit?: string;
	/** Told of each conversation a request changed, once the answer is out (the live feed). */
	onConversationChanged?: (notice: ConversationNotice) => void;
}

/**
 * Chatwoot's REST API as the dispatcher serves it: JSON and form bodies as Rails parses them, Chatwoot's
 * routes under `/api/v1/accounts/:account_id`, the dispatcher's own under `/_dispatcher`, and every
 * refusal mapped in `error-responses.ts`.
 */
export function createHttpApp(options: HttpAppOptions): Express {
	const { chatwoot } = options;
	const limit = options.bodyLimit ?? '1mb';
	const app = express();
	app.disable('x-powered-by');
	app.set('etag', false);
	app.set('query parser', 'extended');
	app.use(express.json({ limit, type: ['application/json', 'application/*+json'] }));
	app.use(refuseDeepNesting());
	app.use(express.urlencoded({ limit, extended: true }));
	if (options.onConversationChanged) app.use(conversationChanges(options.onConversationChanged));

	const account = express.Router({ mergeParams: true });
	account.use(webhooksRoutes(chatwoot));
	account.use(agentBotsRoutes(chatwoot));
	account.use(contactsRoutes(chatwoot));
	account.use(conversationsRoutes(chatwoot));
	account.use(messagesRoutes(chatwoot));
	account.use(teamsRoutes(chatwoot));
	account.use(agentsRoutes(chatwoot));
	account.use(inboxesRoutes(chatwoot));
	account.use(labelsRoutes(chatwoot));
	app.use('/api/v1/accounts/:account_id', account);

	app.use('/_dispatcher', requireDispatcherAdmin(chatwoot));
	app.use('/_dispatcher', dispatcherEventsRoutes(chatwoot));
	app.use('/_dispatcher', automationWebhooksRoutes(chatwoot));
	for (const { path, router } of options.routers ?? []) app.use(path, router);

	app.use(routeNotFound);
	app.use(errorResponses);
	return app;
}
