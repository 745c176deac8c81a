import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * Chatwoot's conversations and messages carry 30-odd fields each. "Simplify" keeps the ones a workflow or
 * an AI Agent decides by, so a tool call's answer stays small; off gives Chatwoot's answer unchanged.
 */
export function simplifyProperty(resource: string, operations: string[]): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		displayOptions: { show: { resource: [resource], operation: operations } },
	};
}

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'];

function objectAt(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

function pick(source: IDataObject | undefined, keys: string[]): IDataObject | null {
	if (!source) return null;
	const picked: IDataObject = {};
	for (const key of keys) if (key in source) picked[key] = source[key];
	return picked;
}

/** A message of Chatwoot's API (`_message`, `message_type` an integer) with its type named. */
export function simplifyMessage(message: IDataObject): IDataObject {
	const type = message.message_type;
	return {
		id: message.id,
		conversation_id: message.conversation_id,
		content: message.content ?? null,
		message_type: typeof type === 'number' ? (MESSAGE_TYPES[type] ?? type) : (type ?? null),
		private: message.private ?? false,
		sender: pick(objectAt(message.sender), ['id', 'name', 'type']),
		created_at: message.created_at,
	};
}

/** A conversation of Chatwoot's API (`_conversation`): who, where, its state and its newest message. */
export function simplifyConversation(conversation: IDataObject): IDataObject {
	const meta = objectAt(conversation.meta);
	const messages = Array.isArray(conversation.messages) ? (conversation.messages as IDataObject[]) : [];
	const last = objectAt(conversation.last_non_activity_message) ?? messages[messages.length - 1];
	return {
		id: conversation.id,
		status: conversation.status,
		priority: conversation.priority ?? null,
		snoozed_until: conversation.snoozed_until ?? null,
		inbox_id: conversation.inbox_id,
		contact: pick(objectAt(meta?.sender), ['id', 'name', 'email', 'phone_number', 'identifier']),
		assignee: pick(objectAt(meta?.assignee), ['id', 'name', 'email']),
		team: pick(objectAt(meta?.team), ['id', 'name']),
		labels: conversation.labels ?? [],
		custom_attributes: conversation.custom_attributes ?? {},
		last_message: last ? simplifyMessage(last) : null,
		unread_count: conversation.unread_count,
		created_at: conversation.created_at,
		last_activity_at: conversation.last_activity_at,
	};
}
