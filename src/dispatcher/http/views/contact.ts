import { isoTime, unixTime } from '../../domain/schema/chatwoot-time';
import { jsonColumn, type ContactInboxRow, type ContactRow, type InboxRow } from '../../domain/schema/records';

/** `api/v1/models/_contact.json.jbuilder` with `with_contact_inboxes: true`, as the contacts endpoints render it. */
export function contactView(contact: ContactRow, contactInboxes: Array<{ contactInbox: ContactInboxRow; inbox: InboxRow }>): Record<string, unknown> {
	const view: Record<string, unknown> = {
		additional_attributes: jsonColumn(contact.additional_attributes),
		availability_status: 'offline',
		email: contact.email,
		id: contact.id,
		name: contact.name,
		phone_number: contact.phone_number,
		blocked: contact.blocked === 1,
		identifier: contact.identifier,
		thumbnail: '',
		custom_attributes: jsonColumn(contact.custom_attributes),
	};
	if (contact.last_activity_at !== null) view.last_activity_at = unixTime(contact.last_activity_at);
	view.created_at = unixTime(contact.created_at);
	view.contact_inboxes = contactInboxes.map(({ contactInbox, inbox }) => ({
		source_id: contactInbox.source_id,
		inbox: { id: inbox.id, avatar_url: '', channel_id: inbox.channel_id, name: inbox.name, channel_type: inbox.channel_type, provider: null },
	}));
	return view;
}

/** The raw Inbox record `create.json.jbuilder` puts in `contact_inbox.inbox` (the columns the dispatcher has). */
export function inboxRecord(inbox: InboxRow): Record<string, unknown> {
	return {
		id: inbox.id,
		channel_id: inbox.channel_id,
		account_id: inbox.account_id,
		name: inbox.name,
		created_at: isoTime(inbox.created_at),
		updated_at: isoTime(inbox.updated_at),
		channel_type: inbox.channel_type,
	};
}
