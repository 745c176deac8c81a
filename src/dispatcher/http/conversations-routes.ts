import { Router } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { RecordNotFound } from '../domain/models/record-errors';
import { authenticated, currentAccount, requireAccountMember } from './access-token-auth';
import {
	assignmentParams,
	newConversationParams,
	toggleStatusParams,
	togglePriorityParams,
	typingStatusParams,
} from './conversation-params';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';
import { agentView } from './views/agent';
import { conversationView } from './views/conversation';

/** Conversations by display id: create, show, and the state changes that make Chatwoot emit events. */
export function conversationsRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const authorize = requireAccountMember(chatwoot);
	const view = (conversationId: number) => conversationView(chatwoot.records.conversationState(conversationId));

	router.post('/conversations', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const params = parseParams(newConversationParams, req.body);
		const user = chatwoot.records.user(authenticated(res).user.id);
		const { message, ...conversationParams } = params;
		// One transaction for the conversation and its first message: both are kept, with their events, or neither.
		const conversation = chatwoot.transaction(() => {
			const created = chatwoot.conversations.create(account.id, conversationParams);
			if (message) chatwoot.messages.create(account.id, created.display_id, user, message);
			return created;
		});
		sendJson(res, 200, view(conversation.id));
	});

	router.get('/conversations/:conversation_id', ...authorize, (req, res) => {
		sendJson(res, 200, view(conversationOf(chatwoot, currentAccount(res).id, req.params.conversation_id).id));
	});

	router.post('/conversations/:conversation_id/toggle_status', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const { display_id } = conversationOf(chatwoot, account.id, req.params.conversation_id);
		const params = parseParams(toggleStatusParams, req.body);
		const conversation = chatwoot.conversations.toggleStatus(account.id, display_id, params.status, params.snoozed_until);
		sendJson(res, 200, {
			meta: {},
			payload: {
				success: true,
				conversation_id: conversation.display_id,
				current_status: conversation.status,
				snoozed_until: conversation.snoozed_until === null ? null : Math.floor(conversation.snoozed_until / 1000),
			},
		});
	});

	router.post('/conversations/:conversation_id/toggle_priority', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const { display_id } = conversationOf(chatwoot, account.id, req.params.conversation_id);
		chatwoot.conversations.togglePriority(account.id, display_id, parseParams(togglePriorityParams, req.body).priority ?? null);
		res.status(200).end();
	});

	router.post('/conversations/:conversation_id/assignments', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const { display_id } = conversationOf(chatwoot, account.id, req.params.conversation_id);
		const assignee = chatwoot.conversations.assign(account.id, display_id, parseParams(assignmentParams, req.body).assignee_id ?? null);
		sendJson(res, 200, assignee ? agentView(assignee) : null);
	});

	router.post('/conversations/:conversation_id/toggle_typing_status', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const { display_id } = conversationOf(chatwoot, account.id, req.params.conversation_id);
		const params = parseParams(typingStatusParams, req.body);
		const user = chatwoot.records.user(authenticated(res).user.id);
		chatwoot.conversations.toggleTyping(account.id, display_id, user, params.typing_status === 'on', params.is_private ?? false);
		res.status(200).end();
	});

	return router;
}

/** The conversation of `:conversation_id` (a display id) in the account, or 404 before any param is read. */
export function conversationOf(chatwoot: Chatwoot, accountId: number, param: unknown): { id: number; display_id: number } {
	const text = String(param);
	if (!/^\d+$/.test(text)) throw new RecordNotFound('Conversation');
	return chatwoot.conversations.find(accountId, Number(text));
}
