import { createHmac, timingSafeEqual } from 'node:crypto';

import { DELIVERY_HEADER, readSingleHeader, SIGNATURE_HEADER, TIMESTAMP_HEADER, type HeaderBag } from './headers';

/**
 * Chatwoot's signing scheme (PR #13573, `Webhooks::Trigger#request_headers`):
 * `X-Chatwoot-Signature: sha256=<lowercase hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`
 * with `X-Chatwoot-Timestamp` in unix seconds. The delivery id is not covered by the signature.
 */
export const SIGNATURE_PREFIX = 'sha256=';
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SIGNATURE_PATTERN = /^sha256=[0-9a-f]{64}$/;
const TIMESTAMP_PATTERN = /^[0-9]{1,15}$/;

export type Body = string | Uint8Array;

function hmacHex(secret: string, timestamp: string, body: Body): string {
	return createHmac('sha256', secret)
		.update(`${timestamp}.`, 'utf8')
		.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
		.digest('hex');
}

/** The `X-Chatwoot-Signature` value for these exact body bytes at this timestamp. */
export function sign(secret: string, timestamp: number | string, body: Body): string {
	return SIGNATURE_PREFIX + hmacHex(secret, String(timestamp), body);
}

export interface DeliveryHeaderInput {
	readonly body: Body;
	/** null for an automation rule's or macro's webhook, which Chatwoot sends without one. */
	readonly deliveryId: string | null;
	/** Chatwoot before 4.11 had no secret and sent neither signature nor timestamp. */
	readonly secret?: string | null;
	/** Unix seconds; taken from the clock when absent. */
	readonly timestamp?: number;
}

/** The three `X-Chatwoot-*` headers for one delivery attempt, with Chatwoot's capitalisation. */
export function deliveryHeaders(input: DeliveryHeaderInput): Record<string, string> {
	const headers: Record<string, string> = input.deliveryId === null ? {} : { 'X-Chatwoot-Delivery': input.deliveryId };
	if (input.secret) {
		const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
		headers['X-Chatwoot-Timestamp'] = timestamp;
		headers['X-Chatwoot-Signature'] = sign(input.secret, timestamp, input.body);
	}
	return headers;
}

export type VerifyFailure =
	| 'missing_signature'
	| 'missing_timestamp'
	| 'malformed_signature'
	| 'malformed_timestamp'
	| 'mismatch'
	| 'stale'
	| 'future';

export type VerifyResult =
	| { readonly valid: true; readonly timestamp: number; readonly deliveryId?: string }
	| { readonly valid: false; readonly reason: VerifyFailure; readonly message: string };

export interface VerifyInput {
	/** The raw request bytes as received, never a re-serialised JSON body. */
	readonly body: Body;
	readonly headers: HeaderBag;
	readonly secret: string;
	/** Allowed clock difference in seconds, in both directions. */
	readonly toleranceSeconds?: number;
	/** Milliseconds since the epoch; injectable so tests need no fake timers. */
	readonly now?: () => number;
}

function fail(reason: VerifyFailure, message: string): VerifyResult {
	return { valid: false, reason, message };
}

/**
 * Verifies one delivery. Never throws: every way a request can be wrong is a typed result.
 * The signature is checked before the clock so that `stale` and `future` mean "authentic but
 * outside the window", which is what a user debugging clock skew needs to know.
 */
export function verify(input: VerifyInput): VerifyResult {
	const signature = readSingleHeader(input.headers, SIGNATURE_HEADER);
	const timestamp = readSingleHeader(input.headers, TIMESTAMP_HEADER);
	if (signature === undefined || signature === '') {
		return fail('missing_signature', 'The X-Chatwoot-Signature header is missing');
	}
	if (timestamp === undefined || timestamp === '') {
		return fail('missing_timestamp', 'The X-Chatwoot-Timestamp header is missing');
	}
	if (signature === null || !SIGNATURE_PATTERN.test(signature)) {
		return fail('malformed_signature', 'X-Chatwoot-Signature is not of the form sha256=<64 lowercase hex digits>');
	}
	if (timestamp === null || !TIMESTAMP_PATTERN.test(timestamp)) {
		return fail('malformed_timestamp', 'X-Chatwoot-Timestamp is not a unix time in seconds');
	}

	const expected = Buffer.from(hmacHex(input.secret, timestamp, input.body), 'utf8');
	const actual = Buffer.from(signature.slice(SIGNATURE_PREFIX.length), 'utf8');
	if (!timingSafeEqual(expected, actual)) {
		return fail('mismatch', 'The signature does not match the body and timestamp for this webhook secret');
	}

	const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	const seconds = Number(timestamp);
	const nowSeconds = Math.floor((input.now ?? Date.now)() / 1000);
	if (nowSeconds - seconds > tolerance) {
		return fail('stale', `The delivery is ${nowSeconds - seconds} s old; at most ${tolerance} s is accepted`);
	}
	if (seconds - nowSeconds > tolerance) {
		return fail('future', `The delivery is dated ${seconds - nowSeconds} s ahead; at most ${tolerance} s is accepted`);
	}

	const deliveryId = readSingleHeader(input.headers, DELIVERY_HEADER);
	return { valid: true, timestamp: seconds, ...(deliveryId ? { deliveryId } : {}) };
}
