import type { InboxRow } from '../../domain/schema/records';

/** `_inbox.json.jbuilder`'s web-widget keys: an API inbox answers them with null, `hmac_mandatory` with false. */
const WIDGET_KEYS = [
	'allowed_domains',
	'widget_color',
	'website_url',
	'hmac_mandatory',
	'welcome_title',
	'welcome_tagline',
	'web_widget_script',
	'website_token',
	'selected_feature_flags',
	'reply_time',
] as const;

/**
 * `api/v1/models/_inbox.json.jbuilder` for the dispatcher's API inboxes, key for key. The channel's
 * tokens (`hmac_token`, `secret`) are shown to administrators only; the dispatcher keeps the `secret` that
 * signs the inbox's callbacks, not the `hmac_token` of the client API's identity check, which reads null.
 */
export function inboxView(inbox: InboxRow, administrator: boolean): Record<string, unknown> {
	const view: Record<string, unknown> = {
		id: inbox.id,
		avatar_url: '',
		channel_id: inbox.channel_id,
		name: inbox.name,
		channel_type: inbox.channel_type,
		greeting_enabled: false,
		greeting_message: null,
		working_hours_enabled: false,
		enable_email_collect: true,
		csat_survey_enabled: false,
		csat_config: {},
		enable_auto_assignment: true,
		auto_assignment_config: {},
		out_of_office_message: null,
		working_hours: [],
		timezone: 'UTC',
		callback_webhook_url: null,
		allow_messages_after_resolved: true,
		lock_to_single_conversation: false,
		sender_name_type: 'friendly',
		business_name: null,
	};
	for (const key of WIDGET_KEYS) view[key] = key === 'hmac_mandatory' ? false : null;
	view.messaging_service_sid = null;
	view.phone_number = null;
	if (administrator) {
		view.hmac_token = null;
		view.secret = inbox.secret;
	}
	view.webhook_url = inbox.webhook_url;
	view.inbox_identifier = null;
	view.additional_attributes = {};
	view.provider = null;
	return view;
}
