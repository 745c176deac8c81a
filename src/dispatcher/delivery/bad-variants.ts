import { createHmac, randomBytes } from 'node:crypto';

import { sign, SIGNATURE_PREFIX } from '../../protocol';

/**
 * Deliberately wrong deliveries, to watch a flow refuse them: each is what a real mistake looks like on
 * the wire (a secret from another webhook, a replayed old request, the HMAC over the body alone as
 * Chatwoot issue #13809 expected, a proxy that drops the signature headers).
 */
export const BAD_VARIANT_NAMES = ['wrong_secret', 'stale_timestamp', 'body_only_signature', 'missing_headers'] as const;
export type BadVariant = (typeof BAD_VARIANT_NAMES)[number];

/** An hour: well outside the trigger's default tolerance of 300 s. */
const STALE_BY_SECONDS = 3600;

export interface SignedHeaders {
	/** The `X-Chatwoot-*` headers as this variant sends them. */
	headers: Record<string, string>;
	/** The string the signature was computed over; null when nothing was signed. */
	signedString: string | null;
	description: string;
}

export function badVariantHeaders(variant: BadVariant, input: { body: string; deliveryId: string; secret: string; now: number }): SignedHeaders {
	const timestamp = Math.floor(input.now / 1000);
	const signed = (secret: string, at: number, description: string): SignedHeaders => ({
		headers: {
			'X-Chatwoot-Delivery': input.deliveryId,
			'X-Chatwoot-Timestamp': String(at),
			'X-Chatwoot-Signature': sign(secret, at, input.body),
		},
		signedString: `${at}.${input.body}`,
		description,
	});
	switch (variant) {
		case 'wrong_secret':
			return signed(randomBytes(24).toString('base64url'), timestamp, 'Signed with a secret that is not this webhook\'s');
		case 'stale_timestamp':
			return signed(input.secret, timestamp - STALE_BY_SECONDS, `Correctly signed, but dated ${STALE_BY_SECONDS} s ago`);
		case 'body_only_signature':
			return {
				headers: {
					'X-Chatwoot-Delivery': input.deliveryId,
					'X-Chatwoot-Timestamp': String(timestamp),
					'X-Chatwoot-Signature': SIGNATURE_PREFIX + createHmac('sha256', input.secret).update(input.body, 'utf8').digest('hex'),
				},
				signedString: input.body,
				description: 'The HMAC over the body alone, without "<timestamp>."',
			};
		case 'missing_headers':
			return { headers: { 'X-Chatwoot-Delivery': input.deliveryId }, signedString: null, description: 'No X-Chatwoot-Signature or X-Chatwoot-Timestamp' };
	}
}
