import { deliveryHeaders } from '../../protocol';
import { USER_AGENT } from './user-agent';

export interface AttemptHeadersInput {
	readonly body: string;
	/** Null for senders that send none (automation rules' and macros' "send webhook"). */
	readonly deliveryId: string | null;
	readonly secret: string | null;
	/** Unix seconds: the attempt's start, so that the log can show what was signed. */
	readonly timestamp: number;
}

/** Every header of one delivery attempt, as the sender sends it and the delivery log shows it. */
export function attemptHeaders(input: AttemptHeadersInput): Record<string, string> {
	return {
		'Content-Type': 'application/json',
		Accept: 'application/json',
		'User-Agent': USER_AGENT,
		...deliveryHeaders({ body: input.body, deliveryId: input.deliveryId, secret: input.secret, timestamp: input.timestamp }),
	};
}

/** `"<timestamp>.<raw body>"`, the string Chatwoot's HMAC covers; null when there is no secret to sign with. */
export function signedString(input: AttemptHeadersInput): string | null {
	return input.secret ? `${input.timestamp}.${input.body}` : null;
}

/**
 * The headers as the log shows them: the signature cut to its first 8 hex digits. A full signature is
 * valid for its timestamp's tolerance window, so the log shows enough to compare, never enough to replay;
 * a fresh, whole one comes only from an explicit ask (the signed curl command).
 */
export function shownHeaders(headers: Record<string, string>): Record<string, string> {
	const signature = headers['X-Chatwoot-Signature'];
	if (signature === undefined) return headers;
	return { ...headers, 'X-Chatwoot-Signature': `${signature.slice(0, 'sha256='.length + 8)}… (shortened)` };
}
