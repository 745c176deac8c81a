import { createHmac, randomUUID } from 'node:crypto';

import { sign } from '../../src/protocol';

/**
 * Mutations of a valid signed Chatwoot delivery, drawn from a seeded PRNG. A mutation is "semantic"
 * when it changes what Chatwoot signed (body bytes, the timestamp or signature as the receiver reads
 * them) or puts the delivery outside the clock window; "cosmetic" ones (header-name case, whitespace
 * that HTTP strips, extra headers, a fresh delivery id, which Chatwoot does not sign) only add noise.
 * Every generated request carries at least one semantic mutation, and `stillAuthentic` double-checks.
 */
export type Header = [name: string, value: string];

export interface RawDelivery {
	headers: Header[];
	body: Buffer;
}

export interface SignedDelivery extends RawDelivery {
	readonly secret: string;
	readonly timestamp: number;
	readonly signature: string;
	readonly toleranceSeconds: number;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface Mutation {
	readonly name: string;
	apply(delivery: RawDelivery, original: SignedDelivery, random: () => number): void;
}

const int = (random: () => number, below: number): number => Math.floor(random() * below);
const pick = <T>(random: () => number, items: readonly T[]): T => items[int(random, items.length)];

function indexOf(headers: Header[], name: string): number {
	return headers.findIndex(([key]) => key.toLowerCase() === name);
}

function setHeader(delivery: RawDelivery, name: string, value: string): void {
	const index = indexOf(delivery.headers, name);
	if (index >= 0) delivery.headers[index] = [delivery.headers[index][0], value];
	else delivery.headers.push([name, value]);
}

function getHeader(delivery: RawDelivery, name: string): string | undefined {
	const index = indexOf(delivery.headers, name);
	return index >= 0 ? delivery.headers[index][1] : undefined;
}

function removeHeader(delivery: RawDelivery, name: string): void {
	delivery.headers = delivery.headers.filter(([key]) => key.toLowerCase() !== name);
}

const SIG = 'x-chatwoot-signature';
const TS = 'x-chatwoot-timestamp';

function hmacHex(secret: string, text: string | Buffer): string {
	return createHmac('sha256', secret).update(text).digest('hex');
}

function mutateSignature(delivery: RawDelivery, change: (signature: string) => string): void {
	setHeader(delivery, SIG, change(getHeader(delivery, SIG) ?? ''));
}

function resign(delivery: RawDelivery, original: SignedDelivery, timestamp: string): void {
	setHeader(delivery, TS, timestamp);
	setHeader(delivery, SIG, sign(original.secret, timestamp, delivery.body));
}

const HEX = '0123456789abcdef';

export const SEMANTIC_MUTATIONS: readonly Mutation[] = [
	// ---- body bytes
	{ name: 'body: flip a bit', apply: (d, _o, r) => void (d.body.length && (d.body[int(r, d.body.length)] ^= 1 << int(r, 8))) },
	{
		name: 'body: delete a byte',
		apply: (d, _o, r) => {
			const at = int(r, d.body.length);
			d.body = Buffer.concat([d.body.subarray(0, at), d.body.subarray(at + 1)]);
		},
	},
	{
		name: 'body: insert a byte',
		apply: (d, _o, r) => {
			const at = int(r, d.body.length + 1);
			d.body = Buffer.concat([d.body.subarray(0, at), Buffer.from([int(r, 256)]), d.body.subarray(at)]);
		},
	},
	{ name: 'body: truncate', apply: (d, _o, r) => void (d.body = d.body.subarray(0, int(r, d.body.length))) },
	{ name: 'body: empty', apply: (d) => void (d.body = Buffer.alloc(0)) },
	{ name: 'body: trailing newline', apply: (d) => void (d.body = Buffer.concat([d.body, Buffer.from('\n')])) },
	{ name: 'body: leading space', apply: (d) => void (d.body = Buffer.concat([Buffer.from(' '), d.body])) },
	{
		name: 'body: whitespace after a separator',
		apply: (d, _o, r) => {
			const text = d.body.toString('latin1');
			const positions = [...text.matchAll(/[:,]/g)].map((match) => match.index ?? 0);
			if (!positions.length) return void (d.body = Buffer.concat([d.body, Buffer.from(' ')]));
			const at = pick(r, positions) + 1;
			d.body = Buffer.from(text.slice(0, at) + pick(r, [' ', '\t', '\n', '\r\n']) + text.slice(at), 'latin1');
		},
	},
	{
		name: 'body: pretty-printed (same JSON, other bytes)',
		apply: (d) => {
			try {
				d.body = Buffer.from(JSON.stringify(JSON.parse(d.body.toString('utf8')), null, 1));
			} catch {
				d.body = Buffer.concat([d.body, Buffer.from(' ')]);
			}
		},
	},
	{
		name: 'body: case of one letter',
		apply: (d, _o, r) => {
			const text = d.body.toString('latin1');
			const letters = [...text.matchAll(/[a-zA-Z]/g)].map((match) => match.index ?? 0);
			if (!letters.length) return void (d.body = Buffer.from('A'));
			const at = pick(r, letters);
			const flipped = text[at] === text[at].toUpperCase() ? text[at].toLowerCase() : text[at].toUpperCase();
			d.body = Buffer.from(text.slice(0, at) + flipped + text.slice(at + 1), 'latin1');
		},
	},
	{ name: 'body: duplicated key in front', apply: (d) => void (d.body = Buffer.from(d.body.toString('utf8').replace(/^\{/, '{"event":"message_created",'))) },
	{ name: 'body: BOM in front', apply: (d) => void (d.body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), d.body])) },
	{ name: 'body: NUL byte appended', apply: (d) => void (d.body = Buffer.concat([d.body, Buffer.from([0])])) },
	{ name: 'body: é for e', apply: (d) => void (d.body = Buffer.from(d.body.toString('utf8').replace('e', 'é'))) },
	{ name: 'body: another delivery', apply: (d) => void (d.body = Buffer.from(d.body.toString('utf8').replace(/bench-seq-\d+/, 'bench-seq-999999'))) },
	{ name: 'body: a field added', apply: (d) => void (d.body = Buffer.concat([Buffer.from(d.body.toString('utf8').replace(/\}$/, ',"x":"\\u003c"}'))])) },

	// ---- the signature as sent
	{ name: 'signature: upper-case hex', apply: (d) => mutateSignature(d, (s) => s.slice(0, 7) + s.slice(7).toUpperCase()) },
	{ name: 'signature: upper-case prefix', apply: (d) => mutateSignature(d, (s) => s.replace('sha256=', 'SHA256=')) },
	{ name: 'signature: no prefix', apply: (d) => mutateSignature(d, (s) => s.replace('sha256=', '')) },
	{ name: 'signature: other prefix', apply: (d, _o, r) => mutateSignature(d, (s) => s.replace('sha256=', pick(r, ['sha1=', 'sha512=', 'v1,', 'v1=', 'sha256:', 'sha256 =']))) },
	{
		name: 'signature: one hex digit changed',
		apply: (d, _o, r) =>
			mutateSignature(d, (s) => {
				const at = 7 + int(r, Math.max(1, s.length - 7));
				const next = HEX[(HEX.indexOf(s[at]) + 1 + int(r, 15)) % 16] ?? '0';
				return s.slice(0, at) + next + s.slice(at + 1);
			}),
	},
	{ name: 'signature: truncated', apply: (d, _o, r) => mutateSignature(d, (s) => s.slice(0, int(r, s.length))) },
	{ name: 'signature: one digit too many', apply: (d, _o, r) => mutateSignature(d, (s) => s + pick(r, [...HEX])) },
	{ name: 'signature: base64 instead of hex', apply: (d) => mutateSignature(d, (s) => `sha256=${Buffer.from(s.slice(7), 'hex').toString('base64')}`) },
	{ name: 'signature: over the body only (chatwoot#13809)', apply: (d, o) => setHeader(d, SIG, `sha256=${hmacHex(o.secret, d.body)}`) },
	{ name: 'signature: another secret', apply: (d, o) => setHeader(d, SIG, sign(`${o.secret}x`, getHeader(d, TS) ?? String(o.timestamp), d.body)) },
	{ name: 'signature: the secret as the message', apply: (d, o) => setHeader(d, SIG, `sha256=${hmacHex(getHeader(d, TS) ?? '', o.secret)}`) },
	{ name: 'signature: sha1', apply: (d, o) => setHeader(d, SIG, `sha1=${createHmac('sha1', o.secret).update(`${o.timestamp}.`).update(d.body).digest('hex')}`) },
	{ name: 'signature: space inside', apply: (d, _o, r) => mutateSignature(d, (s) => { const at = 1 + int(r, s.length - 1); return s.slice(0, at) + pick(r, [' ', '\t']) + s.slice(at); }) },
	{ name: 'signature: missing', apply: (d) => removeHeader(d, SIG) },
	{ name: 'signature: empty', apply: (d) => setHeader(d, SIG, '') },
	{ name: 'signature: sent twice', apply: (d) => void d.headers.push(['X-Chatwoot-Signature', getHeader(d, SIG) ?? '']) },
	{ name: 'signature: a wrong one beside it', apply: (d) => void d.headers.unshift(['X-Chatwoot-Signature', `sha256=${'0'.repeat(64)}`]) },
	{ name: 'signature: two in one header', apply: (d, _o, r) => mutateSignature(d, (s) => pick(r, [`${s} ${s}`, `${s},${s}`, `sha256=${'f'.repeat(64)} ${s}`])) },
	{ name: 'signature: zeros', apply: (d) => setHeader(d, SIG, `sha256=${'0'.repeat(64)}`) },

	// ---- the timestamp as sent (signature not recomputed)
	{ name: 'timestamp: shifted', apply: (d, o, r) => setHeader(d, TS, String(o.timestamp + (int(r, 2) ? 1 : -1) * (1 + int(r, 1000)))) },
	{ name: 'timestamp: leading zero', apply: (d) => setHeader(d, TS, `0${getHeader(d, TS) ?? ''}`) },
	{ name: 'timestamp: other notation', apply: (d, o, r) => setHeader(d, TS, pick(r, [`+${o.timestamp}`, `${o.timestamp}.0`, `${o.timestamp / 1e9}e9`, `0x${o.timestamp.toString(16)}`, `-${o.timestamp}`, `${o.timestamp}000`])) },
	{ name: 'timestamp: space inside', apply: (d, o) => setHeader(d, TS, `${String(o.timestamp).slice(0, 5)} ${String(o.timestamp).slice(5)}`) },
	{ name: 'timestamp: missing', apply: (d) => removeHeader(d, TS) },
	{ name: 'timestamp: empty', apply: (d) => setHeader(d, TS, '') },
	{ name: 'timestamp: sent twice', apply: (d) => void d.headers.push(['X-Chatwoot-Timestamp', getHeader(d, TS) ?? '']) },
	{ name: 'timestamp: milliseconds', apply: (d, o) => setHeader(d, TS, String(o.timestamp * 1000)) },

	// ---- signed correctly, but replayed or dated ahead (outside the window)
	{ name: 're-signed: stale', apply: (d, o, r) => resign(d, o, String(o.timestamp - o.toleranceSeconds - 2 - int(r, 10_000_000))) },
	{ name: 're-signed: future', apply: (d, o, r) => resign(d, o, String(o.timestamp + o.toleranceSeconds + 2 + int(r, 10_000_000))) },
	{ name: 're-signed: timestamp 0', apply: (d, o) => resign(d, o, '0') },
	{ name: 're-signed: huge timestamp', apply: (d, o) => resign(d, o, '999999999999999') },
	{ name: 're-signed: timestamp not a number', apply: (d, o, r) => resign(d, o, pick(r, ['abc', 'NaN', 'Infinity', '1e10', '-1', `${o.timestamp}.5`])) },

	// ---- the headers' names
	{ name: 'signature header renamed', apply: (d, _o, r) => { const value = getHeader(d, SIG) ?? ''; removeHeader(d, SIG); d.headers.push([pick(r, ['X-Chatwoot-Signature-256', 'X-Hub-Signature-256', 'Webhook-Signature', 'X-Chatwoot-Sig']), value]); } },
	{ name: 'timestamp header renamed', apply: (d, _o, r) => { const value = getHeader(d, TS) ?? ''; removeHeader(d, TS); d.headers.push([pick(r, ['X-Chatwoot-Time', 'Webhook-Timestamp', 'X-Timestamp']), value]); } },
];

export const COSMETIC_MUTATIONS: readonly Mutation[] = [
	{ name: 'header names in upper case', apply: (d) => void (d.headers = d.headers.map(([name, value]) => [name.toUpperCase(), value])) },
	{ name: 'header names in lower case', apply: (d) => void (d.headers = d.headers.map(([name, value]) => [name.toLowerCase(), value])) },
	{ name: 'spaces around header values', apply: (d) => void (d.headers = d.headers.map(([name, value]) => [name, ` ${value}\t`])) },
	{ name: 'an unrelated header', apply: (d, _o, r) => void d.headers.push([pick(r, ['X-Forwarded-For', 'X-Request-Id', 'X-Chatwoot-Extra']), String(int(r, 1e9))]) },
	{ name: 'a fresh delivery id (not signed by Chatwoot)', apply: (d) => setHeader(d, 'x-chatwoot-delivery', randomUUID()) },
	{ name: 'headers reordered', apply: (d) => void d.headers.reverse() },
];

/** What the receiver sees after HTTP parsing: names folded, values trimmed, repeats joined with ", ". */
function asParsed(headers: Header[]): Map<string, string> {
	const parsed = new Map<string, string>();
	for (const [name, value] of headers) {
		const key = name.toLowerCase();
		const trimmed = value.trim();
		parsed.set(key, parsed.has(key) ? `${parsed.get(key)}, ${trimmed}` : trimmed);
	}
	return parsed;
}

/** True when the mutated request is, byte for byte where it matters, the delivery Chatwoot signed. */
export function stillAuthentic(mutated: RawDelivery, original: SignedDelivery): boolean {
	const parsed = asParsed(mutated.headers);
	return (
		mutated.body.equals(original.body) && parsed.get(SIG) === original.signature && parsed.get(TS) === String(original.timestamp)
	);
}

export interface GeneratedCase {
	readonly request: RawDelivery;
	readonly mutations: readonly string[];
}

/** One to three semantic mutations plus zero to two cosmetic ones, in random order. */
export function mutate(original: SignedDelivery, random: () => number): GeneratedCase {
	for (;;) {
		const request: RawDelivery = { headers: original.headers.map(([name, value]): Header => [name, value]), body: Buffer.from(original.body) };
		const chosen: Mutation[] = [];
		const semantic = 1 + int(random, 3);
		for (let i = 0; i < semantic; i++) chosen.push(pick(random, SEMANTIC_MUTATIONS));
		const cosmetic = int(random, 3);
		for (let i = 0; i < cosmetic; i++) chosen.splice(int(random, chosen.length + 1), 0, pick(random, COSMETIC_MUTATIONS));
		for (const mutation of chosen) mutation.apply(request, original, random);
		// Two mutations can undo each other (a digit changed back, say); such a draw is not a mutation.
		if (!stillAuthentic(request, original)) return { request, mutations: chosen.map((mutation) => mutation.name) };
	}
}
