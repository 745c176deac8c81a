import { Router, type Response } from 'express';

import type { Chatwoot } from '../domain/chatwoot';
import { NotAuthorized, RecordNotFound } from '../domain/models/record-errors';
import type { User } from '../domain/models/users';
import { authenticated, authenticatedBot, currentAccount, requireAccountMember } from './access-token-auth';
import {
	assignmentParams,
	conversationCustomAttributesParams,
	conversationLabelsParams,
	conversationListParams,
	conversationUpdateParams,
	newConversationParams,
	toggleStatusParams,
	togglePriorityParams,
	typingStatusParams,
} from './conversation-params';
import { sendJson } from './json-response';
import { parseParams } from './parse-params';
import { agentView } from './views/agent';
import { conversationView } from './views/conversation';
import { teamRecord } from './views/team';

/**
 * The REST view of one conversation for the token's user (`is_member` of its team depends on who asks);
 * `userId` undefined for a bot's token, which is no team's member.
 */
export function viewConversation(chatwoot: Chatwoot, conversationId: number, userId: number | undefined): Record<string, unknown> {
	const state = chatwoot.records.conversationState(conversationId);
	return conversationView({
		state,
		...chatwoot.records.latestMessages(conversationId),
		viewerIsTeamMember: state.team !== null && userId !== undefined && chatwoot.teams.isMember(state.team.id, userId),
	});
}

function viewer(res: Response): { userId: number; administrator: boolean } {
	const { user } = authenticated(res);
	return { userId: user.id, administrator: user.administrator };
}

/** Conversations by display id: list, create, show, update, and the state changes that make Chatwoot emit events. */
export function conversationsRoutes(chatwoot: Chatwoot): Router {
	const router = Router({ mergeParams: true });
	const authorize = requireAccountMember(chatwoot);
	// The routes of `BOT_ACCESSIBLE_ENDPOINTS` the dispatcher lets a bot's own token call.
	const botOrMember = requireAccountMember(chatwoot, { bots: true });
	const view = (res: Response, conversationId: number) =>
		viewConversation(chatwoot, conversationId, authenticatedBot(res) ? undefined : authenticated(res).user.id);

	router.get('/conversations', ...authorize, (req, res) => {
		const params = parseParams(conversationListParams, req.query);
		const { conversations, counts } = chatwoot.conversations.list(currentAccount(res).id, viewer(res), {
			status: params.status,
			assigneeType: params.assignee_type,
			inboxId: params.inbox_id,
			teamId: params.team_id,
			labels: params.labels,
			q: params.q,
			page: params.page,
		});
		sendJson(res, 200, { data: { meta: counts, payload: conversations.map((conversation) => view(res, conversation.id)) } });
	});

	router.post('/conversations/filter', ...authorize, (req, res) => {
		const body = (req.body ?? {}) as { payload?: unknown; page?: unknown };
		const page = /^\d+$/.test(String(body.page ?? '')) ? Number(body.page) : 1;
		const { conversations, counts } = chatwoot.conversations.filter(currentAccount(res).id, viewer(res), body.payload, page);
		// The filter view has no `data` wrapper and no `assigned_count`.
		sendJson(res, 200, {
			meta: { mine_count: counts.mine_count, unassigned_count: counts.unassigned_count, all_count: counts.all_count },
			payload: conversations.map((conversation) => view(res, conversation.id)),
		});
	});

	router.post('/conversations', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const params = parseParams(newConversationParams, req.body);
		const user = chatwoot.records.user(authenticated(res).user.id);
		const { message, ...conversationParams } = params;
		// One transaction for the conversation and its first message: both are kept, with their events, or neither.
		const conversation = chatwoot.conversations.create(
			account.id,
			conversationParams,
			message ? (created) => chatwoot.messages.write(account.id, created.display_id, { user }, message) : undefined,
		);
		sendJson(res, 200, view(res, conversation.id));
	});

	router.get('/conversations/:conversation_id', ...botOrMember, (req, res) => {
		sendJson(res, 200, view(res, conversationForCaller(chatwoot, res, req.params.conversation_id).id));
	});

	for (const method of ['patch', 'put'] as const) {
		router[method]('/conversations/:conversation_id', ...botOrMember, (req, res) => {
			const account = currentAccount(res);
			const { id, display_id } = conversationForCaller(chatwoot, res, req.params.conversation_id);
			const params = parseParams(conversationUpdateParams, req.body);
			if (params.priority !== undefined) chatwoot.conversations.togglePriority(account.id, display_id, params.priority);
			sendJson(res, 200, view(res, id));
		});
	}

	router.post('/conversations/:conversation_id/toggle_status', ...botOrMember, (req, res) => {
		const account = currentAccount(res);
		const { display_id } = conversationForCaller(chatwoot, res, req.params.conversation_id);
		const params = parseParams(toggleStatusParams, req.body);
		const conversation = chatwoot.conversations.toggleStatus(account.id, display_id, params.status, params.snoozed_until);
		// The view's empty `json.meta do end` renders no `meta` key at all.
		sendJson(res, 200, {
			payload: {
				success: true,
				conversation_id: conversation.display_id,
				current_status: conversation.status,
				snoozed_until: conversation.snoozed_until === null ? null : new Date(conversation.snoozed_until).toISOString(),
			},
		});
	});

	router.post('/conversations/:conversation_id/toggle_priority', ...botOrMember, (req, res) => {
		const account = currentAccount(res);
		const { display_id } = conversationForCaller(chatwoot, res, req.params.conversation_id);
		chatwoot.conversations.togglePriority(account.id, display_id, parseParams(togglePriorityParams, req.body).priority ?? null);
		res.status(200).end();
	});

	router.post('/conversations/:conversation_id/assignments', ...botOrMember, (req, res) => {
		const account = currentAccount(res);
		const { display_id } = conversationForCaller(chatwoot, res, req.params.conversation_id);
		const result = chatwoot.conversations.assign(account.id, display_id, assignmentParams(req.body));
		if (result?.kind === 'agent') return sendJson(res, 200, agentView(result.user));
		if (result?.kind === 'team') return sendJson(res, 200, teamRecord(result.team));
		sendJson(res, 200, null);
	});

	router.get('/conversations/:conversation_id/labels', ...botOrMember, (req, res) => {
		const { id } = conversationForCaller(chatwoot, res, req.params.conversation_id);
		sendJson(res, 200, { payload: JSON.parse(chatwoot.records.conversation(id).labels) as string[] });
	});

	router.post('/conversations/:conversation_id/labels', ...botOrMember, (req, res) => {
		const account = currentAccount(res);
		const { display_id } = conversationForCaller(chatwoot, res, req.params.conversation_id);
		const labels = chatwoot.conversations.setLabels(account.id, display_id, parseParams(conversationLabelsParams, req.body).labels ?? []);
		sendJson(res, 200, { payload: labels });
	});

	router.post('/conversations/:conversation_id/custom_attributes', ...botOrMember, (req, res) => {
		const account = currentAccount(res);
		const { display_id } = conversationForCaller(chatwoot, res, req.params.conversation_id);
		const params = parseParams(conversationCustomAttributesParams, req.body);
		sendJson(res, 200, { custom_attributes: chatwoot.conversations.setCustomAttributes(account.id, display_id, params.custom_attributes) });
	});

	router.post('/conversations/:conversation_id/toggle_typing_status', ...authorize, (req, res) => {
		const account = currentAccount(res);
		const { display_id } = conversationOf(chatwoot, account.id, req.params.conversation_id, authenticated(res).user);
		const params = parseParams(typingStatusParams, req.body);
		const user = chatwoot.records.user(authenticated(res).user.id);
		chatwoot.conversations.toggleTyping(account.id, display_id, user, params.typing_status === 'on', params.is_private ?? false);
		res.status(200).end();
	});

	return router;
}

/**
 * The conversation of `:conversation_id` (a display id) in the account, or 404 before any param is read;
 * then `ConversationPolicy#show?`: an administrator, or an agent of its inbox or its team, else 401.
 */
export function conversationOf(chatwoot: Chatwoot, accountId: number, param: unknown, user: User): { id: number; display_id: number } {
	const text = String(param);
	if (!/^\d+$/.test(text)) throw new RecordNotFound('Conversation');
	const conversation = chatwoot.conversations.find(accountId, Number(text));
	const allowed =
		user.administrator ||
		chatwoot.users.isInboxMember(conversation.inbox_id, user.id) ||
		(conversation.team_id !== null && chatwoot.teams.isMember(conversation.team_id, user.id));
	if (!allowed) throw new NotAuthorized('show the conversation');
	return conversation;
}

/**
 * The conversation of `:conversation_id` for whoever calls: an agent bot's own token may act on any
 * conversation of its account (Chatwoot's bots are not scoped by ConversationPolicy), a user as
 * `conversationOf` allows.
 */
export function conversationForCaller(chatwoot: Chatwoot, res: Response, param: unknown): { id: number; display_id: number } {
	const account = currentAccount(res);
	if (!authenticatedBot(res)) return conversationOf(chatwoot, account.id, param, authenticated(res).user);
	if (!/^\d+$/.test(String(param))) throw new RecordNotFound('Conversation');
	return chatwoot.conversations.find(account.id, Number(param));
}
