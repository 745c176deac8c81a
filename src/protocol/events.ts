/**
 * Chatwoot's webhook event catalogue, as `app/models/webhook.rb` (ALLOWED_WEBHOOK_EVENTS) and the
 * `subscriptions` column default in `db/schema.rb` define it.
 */
export interface ChatwootEventInfo {
	readonly name: ChatwootEvent;
	readonly displayName: string;
	readonly description: string;
}

export const CHATWOOT_EVENT_NAMES = [
	'conversation_created',
	'conversation_status_changed',
	'conversation_updated',
	'message_created',
	'message_updated',
	'webwidget_triggered',
	'contact_created',
	'contact_updated',
	'conversation_typing_on',
	'conversation_typing_off',
	'inbox_created',
	'inbox_updated',
] as const;

export type ChatwootEvent = (typeof CHATWOOT_EVENT_NAMES)[number];

export const CHATWOOT_EVENTS: readonly ChatwootEventInfo[] = [
	{
		name: 'conversation_created',
		displayName: 'Conversation Created',
		description: 'A new conversation was opened in any inbox of the account',
	},
	{
		name: 'conversation_status_changed',
		displayName: 'Conversation Status Changed',
		description: 'A conversation was opened, resolved, set pending or snoozed',
	},
	{
		name: 'conversation_updated',
		displayName: 'Conversation Updated',
		description:
			'Assignee, team, status, priority, labels, custom attributes or snooze of a conversation changed',
	},
	{
		name: 'message_created',
		displayName: 'Message Created',
		description: 'A message was added to a conversation: incoming, outgoing, template or private note',
	},
	{
		name: 'message_updated',
		displayName: 'Message Updated',
		description: 'A message was edited or its delivery status changed',
	},
	{
		name: 'webwidget_triggered',
		displayName: 'Web Widget Triggered',
		description: 'A visitor opened the website chat widget',
	},
	{
		name: 'contact_created',
		displayName: 'Contact Created',
		description: 'A new contact was added to the account',
	},
	{
		name: 'contact_updated',
		displayName: 'Contact Updated',
		description: 'A contact changed (also on activity updates, so expect it often)',
	},
	{
		name: 'conversation_typing_on',
		displayName: 'Conversation Typing On',
		description: 'An agent or contact started typing in a conversation',
	},
	{
		name: 'conversation_typing_off',
		displayName: 'Conversation Typing Off',
		description: 'An agent or contact stopped typing in a conversation',
	},
	{
		name: 'inbox_created',
		displayName: 'Inbox Created',
		description: 'A new inbox was added (sent only when Chatwoot has ENABLE_INBOX_EVENTS set)',
	},
	{
		name: 'inbox_updated',
		displayName: 'Inbox Updated',
		description: 'An inbox changed (sent only when Chatwoot has ENABLE_INBOX_EVENTS set)',
	},
];

/**
 * What Chatwoot subscribes a webhook to when `subscriptions` is omitted or null: the column default in
 * `db/schema.rb`, in its order, so a webhook created without subscriptions reads back as from Chatwoot.
 */
export const DEFAULT_SUBSCRIPTIONS: readonly ChatwootEvent[] = [
	'conversation_status_changed',
	'conversation_updated',
	'conversation_created',
	'contact_created',
	'contact_updated',
	'message_created',
	'message_updated',
	'webwidget_triggered',
];

const known: ReadonlySet<string> = new Set(CHATWOOT_EVENT_NAMES);

export function isChatwootEvent(value: unknown): value is ChatwootEvent {
	return typeof value === 'string' && known.has(value);
}
