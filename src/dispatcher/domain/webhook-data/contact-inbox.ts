import { isoTime } from '../schema/chatwoot-time';
import type { AccountRow, ContactInboxRow, ContactRow, InboxRow } from '../schema/records';
import { accountWebhookData } from './account';
import { contactWebhookData } from './contact';
import { inboxWebhookData } from './inbox';

/** The raw ContactInbox record, as `conversation.webhook_data` embeds it (`contact_inbox: contact_inbox`). */
export function contactInboxRecord(contactInbox: ContactInboxRow): Record<string, unknown> {
	return {
		id: contactInbox.id,
		contact_id: contactInbox.contact_id,
		inbox_id: contactInbox.inbox_id,
		source_id: contactInbox.source_id,
		created_at: isoTime(contactInbox.created_at),
		updated_at: isoTime(contactInbox.updated_at),
		hmac_verified: contactInbox.hmac_verified === 1,
		pubsub_token: contactInbox.pubsub_token,
	};
}

/** `ContactInbox#webhook_data`, the body of `webwidget_triggered`. */
export function contactInboxWebhookData(
	contactInbox: ContactInboxRow,
	contact: ContactRow,
	inbox: InboxRow,
	account: AccountRow,
	currentConversation: Record<string, unknown> | null,
): Record<string, unknown> {
	return {
		id: contactInbox.id,
		contact: contactWebhookData(contact, account),
		inbox: inboxWebhookData(inbox),
		account: accountWebhookData(account),
		current_conversation: currentConversation,
		source_id: contactInbox.source_id,
	};
}
