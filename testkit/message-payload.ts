import { serializePayload } from '../src/protocol';

/**
 * A `message_created` payload in Chatwoot's shape (reference §3, "Example message_created"), about 1 KB
 * once serialised. The sequence number is written into the message content as `bench-seq-<n>` so a
 * receiver can tell which API call caused a delivery without parsing JSON.
 */
export function messageData(seq: number): Record<string, unknown> {
	const content = `bench-seq-${seq} Hi, I need help with my order, it has not arrived yet`;
	const account = { id: 1, name: 'Acme' };
	const sender = {
		additional_attributes: {},
		custom_attributes: {},
		email: 'jane@example.com',
		id: 77,
		identifier: null,
		name: 'Jane Doe',
		phone_number: '+15551234567',
		thumbnail: '',
		blocked: false,
	};
	return {
		account,
		additional_attributes: {},
		content_attributes: {},
		content_type: 'text',
		content,
		conversation: {
			additional_attributes: {},
			can_reply: true,
			channel: 'Channel::Api',
			id: 42,
			inbox_id: 3,
			labels: [],
			meta: { sender: { ...sender, type: 'contact' }, assignee: null, assignee_type: null, team: null, hmac_verified: false },
			status: 'open',
			custom_attributes: {},
			snoozed_until: null,
			unread_count: 1,
			first_reply_created_at: null,
			priority: null,
			waiting_since: 1781691629,
			agent_last_seen_at: 0,
			contact_last_seen_at: 0,
			last_activity_at: 1781691630,
			timestamp: 1781691630,
			created_at: 1781691629,
			updated_at: 1781691630.456789,
			account,
		},
		created_at: '2026-06-17T10:20:30.123Z',
		id: 4821 + seq,
		inbox: { id: 3, name: 'Support API' },
		message_type: 'incoming',
		private: false,
		sender: { account, ...sender },
		source_id: null,
	};
}

/** The bytes Chatwoot would send for `messageData(seq)`: compact, `event` last. */
export function messageBody(seq: number): Buffer {
	return Buffer.from(serializePayload({ ...messageData(seq), event: 'message_created' }), 'utf8');
}

/** Reads the `bench-seq-<n>` marker from a delivered body; -1 when there is none. */
export function readSeq(body: string): number {
	const match = /bench-seq-(\d+)/.exec(body);
	return match ? Number(match[1]) : -1;
}
