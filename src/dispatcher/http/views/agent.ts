import type { UserRow } from '../../domain/schema/records';

/** `api/v1/models/_agent.json.jbuilder`, what `assignments#create` answers with. */
export function agentView(user: UserRow): Record<string, unknown> {
	return {
		id: user.id,
		account_id: user.account_id,
		availability_status: 'online',
		auto_offline: true,
		confirmed: true,
		email: user.email,
		available_name: user.name,
		name: user.name,
		role: user.administrator === 1 ? 'administrator' : 'agent',
		thumbnail: '',
	};
}
