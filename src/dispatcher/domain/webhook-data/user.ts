import type { UserRow } from '../schema/records';

/** `User#webhook_data`: a message's sender and a typing event's actor. */
export function userWebhookData(user: UserRow): Record<string, unknown> {
	return { id: user.id, name: user.name, email: user.email, type: 'user' };
}

/**
 * `User#push_event_data`: the assignee in `meta` and a sender inside `conversation.messages`. Users of
 * the dispatcher have no display name, avatar or presence tracker, so these read as Chatwoot's defaults.
 */
export function userPushEventData(user: UserRow): Record<string, unknown> {
	return {
		id: user.id,
		name: user.name,
		available_name: user.name,
		avatar_url: '',
		type: 'user',
		availability_status: 'offline',
		thumbnail: '',
	};
}
