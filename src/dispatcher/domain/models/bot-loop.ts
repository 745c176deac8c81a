/**
 * A bot loop, as the playground warns of it: a flow that answers `message_created` without filtering to
 * incoming messages answers its own replies, because Chatwoot sends `message_created` for outgoing
 * messages too. People do not send this many outgoing messages this fast; a loop does.
 */
export const BOT_LOOP_MESSAGES = 5;
export const BOT_LOOP_WINDOW_MS = 10_000;

export interface BotLoopCheck {
	likely: boolean;
	reason: string | null;
}

/** `messages`: the conversation's messages, any order, with Chatwoot's message_type and privacy. */
export function checkBotLoop(messages: ReadonlyArray<{ message_type: number; private: number; created_at: number }>): BotLoopCheck {
	const outgoing = messages
		.filter((message) => message.message_type === 1 && message.private === 0)
		.map((message) => message.created_at)
		.sort((a, b) => a - b);
	for (let end = outgoing.length - 1; end >= BOT_LOOP_MESSAGES - 1; end -= 1) {
		const start = end - BOT_LOOP_MESSAGES + 1;
		const spanMs = outgoing[end] - outgoing[start];
		if (spanMs <= BOT_LOOP_WINDOW_MS) {
			return {
				likely: true,
				reason:
					`${BOT_LOOP_MESSAGES} outgoing messages within ${Math.max(1, Math.round(spanMs / 1000))} s. Chatwoot sends message_created ` +
					'for outgoing messages too, so a flow that replies to every message_created replies to its own replies. In the ' +
					"Chatwoot Trigger keep Message Types at Incoming only.",
			};
		}
	}
	return { likely: false, reason: null };
}
