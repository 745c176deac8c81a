import type { UserRow } from '../../domain/schema/records';

/**
 * `api/v1/models/_agent.json.jbuilder`: the agents list, team members, a conversation's `meta.assignee`
 * and what `assignments#create` answers with an agent. Nobody has a browser session open on the
 * dispatcher, so every agent is `offline`, as Chatwoot's presence would say. `custom_role_id` is there
 * because Chatwoot's images ship the enterprise folder.
 */
export function agentView(user: UserRow): Record<string, unknown> {
	return {
		id: user.id,
		account_id: user.account_id,
		availability_status: 'offline',
		auto_offline: true,
		confirmed: true,
		email: user.email,
		provider: 'email',
		available_name: user.name,
		name: user.name,
		role: user.administrator === 1 ? 'administrator' : 'agent',
		thumbnail: '',
		custom_role_id: null,
	};
}
