import { verify } from '../../../src/protocol';
import { BAD_VARIANT_NAMES, badVariantHeaders } from '../../../src/dispatcher/delivery/bad-variants';

const input = { body: '{"event":"message_created"}', deliveryId: 'c1a7b9e4-0000-4000-8000-000000000001', secret: 'the-secret', now: Date.parse('2026-11-29T06:00:00Z') };

describe('bad delivery variants', () => {
	test.each([
		['wrong_secret', 'mismatch'],
		['stale_timestamp', 'stale'],
		['body_only_signature', 'mismatch'],
		['missing_headers', 'missing_signature'],
	] as const)('%s is refused by verify as %s', (variant, reason) => {
		const { headers } = badVariantHeaders(variant, input);
		const result = verify({ body: input.body, headers, secret: input.secret, now: () => input.now });
		expect(result).toMatchObject({ valid: false, reason });
	});

	test('each names what it signed', () => {
		expect(badVariantHeaders('stale_timestamp', input).signedString).toBe(`${input.now / 1000 - 3600}.${input.body}`);
		expect(badVariantHeaders('body_only_signature', input).signedString).toBe(input.body);
		expect(badVariantHeaders('missing_headers', input).signedString).toBeNull();
		expect(BAD_VARIANT_NAMES.every((variant) => badVariantHeaders(variant, input).headers['X-Chatwoot-Delivery'] === input.deliveryId)).toBe(true);
	});
});
