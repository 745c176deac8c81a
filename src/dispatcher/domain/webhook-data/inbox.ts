import { createHash } from 'node:crypto';

import { isoTime } from '../schema/chatwoot-time';
import type { AccountRow, InboxRow } from '../schema/records';
import { accountWebhookData } from './account';

/** `Inbox#webhook_data`. */
export function inboxWebhookData(inbox: InboxRow): { id: number; name: string } {
	return { id: inbox.id, name: inbox.name };
}

/** Chatwoot creates Monday to Friday 9:00–17:00 and a closed weekend for every new inbox. */
function workingHours(inbox: InboxRow): Array<Record<string, unknown>> {
	return [0, 1, 2, 3, 4, 5, 6].map((day) => {
		const weekend = day === 0 || day === 6;
		return {
			id: (inbox.id - 1) * 7 + day + 1,
			inbox_id: inbox.id,
			account_id: inbox.account_id,
			day_of_week: day,
			closed_all_day: weekend,
			open_hour: weekend ? null : 9,
			open_minutes: weekend ? null : 0,
			close_hour: weekend ? null : 17,
			close_minutes: weekend ? null : 0,
			created_at: isoTime(inbox.created_at),
			updated_at: isoTime(inbox.created_at),
			open_all_day: false,
		};
	});
}

/**
 * The channel's `identifier` and `hmac_token` are not stored by the dispatcher; stable stand-ins of the
 * same length keep the payload's shape without pretending to be usable credentials. The channel `secret`
 * is stored (it signs the inbox's callbacks) and goes out as Chatwoot sends it.
 */
function standInToken(purpose: string, inbox: InboxRow): string {
	return createHash('sha256').update(`${purpose}:${inbox.account_id}:${inbox.channel_id}`).digest('base64url').slice(0, 24);
}

/**
 * The raw `Channel::Api` record, which the inbox payload embeds as `channel`: every column of
 * `channel_api`, in `db/schema.rb`'s order (id, account_id, webhook_url, created_at, updated_at,
 * identifier, hmac_token, hmac_mandatory, additional_attributes, secret), and nothing else.
 */
function apiChannelRecord(inbox: InboxRow): Record<string, unknown> {
	return {
		id: inbox.channel_id,
		account_id: inbox.account_id,
		webhook_url: inbox.webhook_url ?? '',
		created_at: isoTime(inbox.created_at),
		updated_at: isoTime(inbox.updated_at),
		identifier: standInToken('identifier', inbox),
		hmac_token: standInToken('hmac_token', inbox),
		hmac_mandatory: false,
		additional_attributes: {},
		secret: inbox.secret ?? standInToken('secret', inbox),
	};
}

/**
 * `Inbox::EventDataPresenter`: the inbox's settings, times, raw channel and account, for `inbox_created`
 * and `inbox_updated`. It has no `id` or `name` of the inbox itself; that is Chatwoot's shape, not a gap.
 */
export function inboxEventData(inbox: InboxRow, account: AccountRow): Record<string, unknown> {
	return {
		allow_messages_after_resolved: true,
		lock_to_single_conversation: false,
		add_label_to_resolve_conversation: false,
		auto_assignment_config: {},
		enable_auto_assignment: true,
		enable_email_collect: true,
		greeting_enabled: false,
		greeting_message: null,
		csat_survey_enabled: false,
		business_name: null,
		sender_name_type: 'friendly',
		timezone: 'UTC',
		out_of_office_message: null,
		working_hours_enabled: false,
		working_hours: workingHours(inbox),
		created_at: isoTime(inbox.created_at),
		updated_at: isoTime(inbox.updated_at),
		channel: apiChannelRecord(inbox),
		account: accountWebhookData(account),
	};
}
