import { isoTime } from '../../domain/schema/chatwoot-time';
import type { TeamRow } from '../../domain/schema/records';

function teamFields(team: TeamRow): Record<string, unknown> {
	return {
		id: team.id,
		name: team.name,
		description: team.description,
		allow_auto_assign: team.allow_auto_assign === 1,
		account_id: team.account_id,
	};
}

/** `api/v1/models/_team.json.jbuilder`; `is_member` is whether the token's user belongs to the team. */
export function teamView(team: TeamRow, isMember: boolean): Record<string, unknown> {
	return { ...teamFields(team), is_member: isMember };
}

/** `render json: @team` in `assignments#create`: the record's own JSON, not the `_team` partial. */
export function teamRecord(team: TeamRow): Record<string, unknown> {
	return { ...teamFields(team), created_at: isoTime(team.created_at), updated_at: isoTime(team.updated_at) };
}
