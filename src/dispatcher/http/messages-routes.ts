import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { RecordNotFound } from '../domain/models/record-errors';
import { messagePushEventData } from '../domain/webhook-data/message';
import { contactPushEventData } from '../domain/webhook-data/contact';
import { userPushEventData } from '../domain/webhook-data/user';
import { jsonColumn } from '../domain/schema/records';
import { authenticated, currentAccount, messageAuthor, requireAccountMember } from './access-token-auth';
import { conversationForCaller, conversationOf } from './conversations-routes';
import { sendJson } from './json-response';
import { messageUpdateParams, newMessageParams } from './message-params';
import { parseParams } from './parse-params';

/**
 * A conversation's messages. Creating one is how a bot answers with an api_access_token, so an outgoing
 * message's sender is the token's user, or the agent bot whose token it is; an incoming one's is the
 * conversation's contact.
 */
export function messagesRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const authorize = requireAccountMember(chatwoot);
	const view = (messageId: number) => {
		const state = chatwoot.records.messageState(messageId);
		return messagePushEventData(state.message, state.sender, state.conversation);
	};

	router.get('/conversations/:conversation_id/messages', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const { display_id, id } = conversationOf(chatwoot, account.id, req.params.conversation_id, authenticated(res).user);
		const query = req.query as Record<string, unknown>;
		const idParam = (value: unknown) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined);
		const { messages } = chatwoot.messages.list(account.id, display_id, { before: idParam(query.before), after: idParam(query.after) });
		const state = chatwoot.records.conversationState(id);
		const meta: Record<string, unknown> = {
			labels: jsonColumn<string[]>(state.conversation.labels),
			additional_attributes: jsonColumn(state.conversation.additional_attributes),
			contact: contactPushEventData(state.contact),
		};
		if (state.assignee) meta.assignee = userPushEventData(state.assignee);
		meta.agent_last_seen_at = state.conversation.agent_last_seen_at === null ? null : new Date(state.conversation.agent_last_seen_at).toISOString();
		meta.assignee_last_seen_at = null;
		sendJson(res, 200, { meta, payload: messages.map((message) => view(message.id)) });
	});

	// `conversations/messages#create` is one of the endpoints a bot's own token may call.
	router.post('/conversations/:conversation_id/messages', ...requireAccountMember(chatwoot, { bots: true }), (req, res) => {
		const account = currentAccount(res);
		const author = messageAuthor(res, chatwoot);
		const { display_id } = conversationForCaller(chatwoot, res, req.params.conversation_id);
		const message = chatwoot.messages.create(account.id, display_id, author, parseParams(newMessageParams, req.body));
		sendJson(res, 200, view(message.id));
	});

	for (const method of ['patch', 'put'] as const) {
		router[method]('/conversations/:conversation_id/messages/:id', ...authorize, (req, res) => {
			const account = currentAccount(res);
			const { display_id } = conversationOf(chatwoot, account.id, req.params.conversation_id, authenticated(res).user);
			const messageId = messageIdOf(String(req.params.id));
			chatwoot.messages.find(account.id, display_id, messageId);
			const message = chatwoot.messages.update(account.id, display_id, messageId, parseParams(messageUpdateParams, req.body));
			sendJson(res, 200, view(message.id));
		});
	}

	return router;
}

function messageIdOf(param: string): number {
	if (!/^\d+$/.test(param)) throw new RecordNotFound('Message');
	return Number(param);
}
