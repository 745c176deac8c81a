import { createHmac } from 'node:crypto';

import { deliveryHeaders, sign, verify, type VerifyInput } from '../../src/protocol';

// Known answer computed with openssl, an implementation independent of ours:
//   printf '%s' "1781691630.$BODY" | openssl dgst -sha256 -hmac "$SECRET"
// The body and timestamp come from the message_created example in shared/reference/chatwoot-webhooks.md.
const SECRET = 'x5Fq8M2wKp9RtZc3NvB7hJyD';
const TIMESTAMP = 1781691630;
const BODY = '{"account":{"id":1,"name":"Acme"},"content":"Hi, I need help","message_type":"incoming","event":"message_created"}';
const KNOWN_SIGNATURE = 'sha256=f281ad5d42f701828f8db7e032cdd6e8fef6c3c8c458c5d15436628473ab750c';
// What chatwoot#13809's reporter computed: an HMAC of the body alone (also from openssl).
const BODY_ONLY_SIGNATURE = 'sha256=0d96abf9aae3429bd3dce4795392006f954db4618683eb158fcee98975c74546';
const DELIVERY_ID = '0b6f2a4e-58c1-4a43-9d3b-2f7e7c1d9a10';

const atTimestamp = () => TIMESTAMP * 1000;

function input(overrides: Partial<VerifyInput> = {}): VerifyInput {
	return {
		body: Buffer.from(BODY),
		headers: {
			'x-chatwoot-signature': KNOWN_SIGNATURE,
			'x-chatwoot-timestamp': String(TIMESTAMP),
			'x-chatwoot-delivery': DELIVERY_ID,
		},
		secret: SECRET,
		now: atTimestamp,
		...overrides,
	};
}

describe('sign', () => {
	it('produces the known vector for Chatwoot\'s "<timestamp>.<raw body>" scheme', () => {
		expect(sign(SECRET, TIMESTAMP, BODY)).toBe(KNOWN_SIGNATURE);
		expect(sign(SECRET, String(TIMESTAMP), Buffer.from(BODY))).toBe(KNOWN_SIGNATURE);
	});

	it('signs bytes, so non-ASCII bodies sign their UTF-8 encoding', () => {
		const body = '{"content":"Olá — 你好","event":"message_created"}';
		const expected = createHmac('sha256', SECRET).update(`${TIMESTAMP}.`).update(Buffer.from(body, 'utf8')).digest('hex');
		expect(sign(SECRET, TIMESTAMP, body)).toBe(`sha256=${expected}`);
	});
});

describe('deliveryHeaders', () => {
	it('sets the delivery id, timestamp and signature with Chatwoot\'s capitalisation', () => {
		expect(deliveryHeaders({ body: BODY, deliveryId: DELIVERY_ID, secret: SECRET, timestamp: TIMESTAMP })).toEqual({
			'X-Chatwoot-Delivery': DELIVERY_ID,
			'X-Chatwoot-Timestamp': String(TIMESTAMP),
			'X-Chatwoot-Signature': KNOWN_SIGNATURE,
		});
	});

	it('sends only the delivery id for a webhook without a secret, as Chatwoot before 4.11 did', () => {
		expect(deliveryHeaders({ body: BODY, deliveryId: DELIVERY_ID, secret: null })).toEqual({
			'X-Chatwoot-Delivery': DELIVERY_ID,
		});
	});

	it('takes the timestamp from the clock when none is given', () => {
		const before = Math.floor(Date.now() / 1000);
		const headers = deliveryHeaders({ body: BODY, deliveryId: DELIVERY_ID, secret: SECRET });
		const timestamp = Number(headers['X-Chatwoot-Timestamp']);
		expect(timestamp).toBeGreaterThanOrEqual(before);
		expect(headers['X-Chatwoot-Signature']).toBe(sign(SECRET, timestamp, BODY));
	});
});

describe('verify', () => {
	it('accepts the known vector and returns the timestamp and delivery id', () => {
		expect(verify(input())).toEqual({ valid: true, timestamp: TIMESTAMP, deliveryId: DELIVERY_ID });
	});

	it('accepts the body as a string and headers in any case', () => {
		const result = verify(
			input({
				body: BODY,
				headers: { 'X-Chatwoot-Signature': KNOWN_SIGNATURE, 'X-CHATWOOT-TIMESTAMP': String(TIMESTAMP) },
			}),
		);
		expect(result).toEqual({ valid: true, timestamp: TIMESTAMP });
	});

	it('rejects an HMAC over the body alone (chatwoot#13809)', () => {
		const result = verify(input({ headers: { ...input().headers, 'x-chatwoot-signature': BODY_ONLY_SIGNATURE } }));
		expect(result).toMatchObject({ valid: false, reason: 'mismatch' });
	});

	it('rejects a one-byte change anywhere in the body', () => {
		const original = Buffer.from(BODY);
		for (let index = 0; index < original.length; index++) {
			const changed = Buffer.from(original);
			changed[index] ^= 0x01;
			expect(verify(input({ body: changed }))).toMatchObject({ valid: false, reason: 'mismatch' });
		}
	});

	it('rejects a wrong secret', () => {
		expect(verify(input({ secret: `${SECRET}x` }))).toMatchObject({ valid: false, reason: 'mismatch' });
	});

	it('rejects a signature moved to another timestamp', () => {
		const headers = { ...input().headers, 'x-chatwoot-timestamp': String(TIMESTAMP + 1) };
		expect(verify(input({ headers }))).toMatchObject({ valid: false, reason: 'mismatch' });
	});

	it('rejects a stale delivery just past the default 300 s and accepts one at the edge', () => {
		expect(verify(input({ now: () => (TIMESTAMP + 300) * 1000 }))).toMatchObject({ valid: true });
		expect(verify(input({ now: () => (TIMESTAMP + 301) * 1000 }))).toMatchObject({ valid: false, reason: 'stale' });
	});

	it('rejects a delivery from the future beyond the tolerance', () => {
		expect(verify(input({ now: () => (TIMESTAMP - 300) * 1000 }))).toMatchObject({ valid: true });
		expect(verify(input({ now: () => (TIMESTAMP - 301) * 1000 }))).toMatchObject({ valid: false, reason: 'future' });
	});

	it('honours a custom tolerance', () => {
		const now = () => (TIMESTAMP + 10) * 1000;
		expect(verify(input({ now, toleranceSeconds: 5 }))).toMatchObject({ valid: false, reason: 'stale' });
		expect(verify(input({ now, toleranceSeconds: 10 }))).toMatchObject({ valid: true });
	});

	it.each([
		['missing_signature', { 'x-chatwoot-timestamp': String(TIMESTAMP) }],
		['missing_signature', { 'x-chatwoot-signature': '', 'x-chatwoot-timestamp': String(TIMESTAMP) }],
		['missing_timestamp', { 'x-chatwoot-signature': KNOWN_SIGNATURE }],
		['malformed_signature', { 'x-chatwoot-signature': KNOWN_SIGNATURE.slice(7), 'x-chatwoot-timestamp': String(TIMESTAMP) }],
		['malformed_signature', { 'x-chatwoot-signature': KNOWN_SIGNATURE.toUpperCase(), 'x-chatwoot-timestamp': String(TIMESTAMP) }],
		['malformed_signature', { 'x-chatwoot-signature': `${KNOWN_SIGNATURE} `, 'x-chatwoot-timestamp': String(TIMESTAMP) }],
		['malformed_signature', { 'x-chatwoot-signature': [KNOWN_SIGNATURE, KNOWN_SIGNATURE], 'x-chatwoot-timestamp': String(TIMESTAMP) }],
		['malformed_signature', { 'x-chatwoot-signature': `sha1=${'0'.repeat(40)}`, 'x-chatwoot-timestamp': String(TIMESTAMP) }],
		['malformed_timestamp', { 'x-chatwoot-signature': KNOWN_SIGNATURE, 'x-chatwoot-timestamp': `${TIMESTAMP}000.5` }],
		['malformed_timestamp', { 'x-chatwoot-signature': KNOWN_SIGNATURE, 'x-chatwoot-timestamp': `-${TIMESTAMP}` }],
		['malformed_timestamp', { 'x-chatwoot-signature': KNOWN_SIGNATURE, 'x-chatwoot-timestamp': ` ${TIMESTAMP}` }],
	] as const)('says %s for headers %j', (reason, headers) => {
		const result = verify(input({ headers }));
		expect(result).toMatchObject({ valid: false, reason });
		expect(result.valid ? '' : result.message).not.toHaveLength(0);
	});

	it('never throws, whatever the body and headers', () => {
		expect(() => verify(input({ body: Buffer.alloc(0) }))).not.toThrow();
		expect(() => verify(input({ headers: {} }))).not.toThrow();
		expect(verify(input({ body: Buffer.alloc(0) }))).toMatchObject({ valid: false, reason: 'mismatch' });
	});
});
