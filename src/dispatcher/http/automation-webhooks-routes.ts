import { Router } from 'express';
import { z } from 'zod';

import { UNSIGNED_SENDER_EVENT_NAMES, type UnsignedSenderEvent } from '../../protocol';
import type { Chatwoot } from '../domain/chatwoot';
import { sendJson } from './json-response';
import { parseParams, recordId } from './parse-params';

/**
 * `POST /_dispatcher/automation_webhooks` `{"url", "conversation_id", "event", "account_id"}`: what an
 * automation rule's or a macro's "Send webhook" action does when it runs on a conversation (the display id),
 * `event` being `automation_event.<conversation_created|conversation_updated|conversation_opened|
 * conversation_resolved|message_created>` or `macro.executed`. The delivery goes through the outbox,
 * unsigned and without `X-Chatwoot-Delivery`, once, as Chatwoot sends it; the answer is its id for the
 * delivery log. Mounted behind the dispatcher's administrator check.
 */
const automationWebhookParams = z.object({
	url: z.string({ message: 'is missing' }),
	conversation_id: recordId,
	event: z.enum(UNSIGNED_SENDER_EVENT_NAMES as [UnsignedSenderEvent, ...UnsignedSenderEvent[]], {
		message: 'is not automation_event.<event> or macro.executed',
	}),
	account_id: recordId.optional(),
});

export function automationWebhooksRoutes(chatwoot: Chatwoot): Router {
	const router = Router();
	router.post('/automation_webhooks', (req, res) => {
		const params = parseParams(automationWebhookParams, req.body);
		const id = chatwoot.webhookActions.send(params.account_id ?? chatwoot.accountId, params.conversation_id, params.url, params.event);
		sendJson(res, 200, { id, event: params.event });
	});
	return router;
}
