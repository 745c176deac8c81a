import { jsonColumn, type AccountRow, type ContactRow } from '../schema/records';
import { accountWebhookData } from './account';

/** `Contact#webhook_data`: no `type` key since Chatwoot #6415. */
export function contactWebhookData(contact: ContactRow, account: AccountRow): Record<string, unknown> {
	return {
		account: accountWebhookData(account),
		additional_attributes: jsonColumn(contact.additional_attributes),
		avatar: '',
		custom_attributes: jsonColumn(contact.custom_attributes),
		email: contact.email,
		id: contact.id,
		identifier: contact.identifier,
		name: contact.name,
		phone_number: contact.phone_number,
		thumbnail: '',
		blocked: contact.blocked === 1,
	};
}

/** `Contact#push_event_data`: `meta.sender` and senders inside `conversation.messages`, with `type`. */
export function contactPushEventData(contact: ContactRow): Record<string, unknown> {
	return {
		additional_attributes: jsonColumn(contact.additional_attributes),
		custom_attributes: jsonColumn(contact.custom_attributes),
		email: contact.email,
		id: contact.id,
		identifier: contact.identifier,
		name: contact.name,
		phone_number: contact.phone_number,
		thumbnail: '',
		blocked: contact.blocked === 1,
		type: 'contact',
	};
}
