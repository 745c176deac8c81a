import { createHmac, randomUUID } from 'node:crypto';

import { Webhook } from 'standardwebhooks';

import { deliveryHeaders } from '../src/protocol';
import { messageBody } from '../testkit/message-payload';
import { triggerVerifyPath } from './trigger-verify-path';

/**
 * Verification: how many signed deliveries per second the Chatwoot Trigger's verify path accepts (raw
 * body and headers in, as n8n hands them over), against a bare `createHmac` over the same bytes and
 * against the `standardwebhooks` library's `verify` on an equivalent message. The candidates run in
 * interleaved rounds (order alternating) so that a noisy neighbour hurts them all alike; each rate is the
 * median round, and each ratio the median of the rounds' own ratios (a round's candidates ran seconds
 * apart, so their ratio survives a load that changes between rounds).
 */
export interface VerificationResult {
	readonly iterations: number;
	readonly rounds: number;
	readonly bodyBytes: number;
	readonly triggerPerSecond: number;
	readonly bareHmacPerSecond: number;
	readonly standardWebhooksPerSecond: number;
	/** Time of the trigger's path ÷ time of bare HMAC: 1.0 is "as fast as bare HMAC". */
	readonly ratio: number;
	/** Time of standardwebhooks ÷ time of bare HMAC. */
	readonly standardWebhooksRatio: number;
	/** Every candidate accepted the valid delivery and refused a tampered one. */
	readonly allAgree: boolean;
	readonly verifyPath: string;
}

const SECRET = 'bench-verify-secret-3xQk9PzL';
// standardwebhooks wants a base64 key; these 24 bytes are the same length as a Chatwoot secret.
const STANDARD_SECRET = `whsec_${Buffer.from(SECRET, 'utf8').toString('base64')}`;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function opsPerSecond(iterations: number, run: () => boolean): number {
	let accepted = 0;
	const started = process.hrtime.bigint();
	for (let i = 0; i < iterations; i++) if (run()) accepted += 1;
	const elapsedNs = Number(process.hrtime.bigint() - started);
	if (accepted !== iterations) throw new Error(`a valid delivery was refused ${iterations - accepted} times`);
	return (iterations / elapsedNs) * 1e9;
}

export async function runVerification(iterations = 20_000, rounds = 11): Promise<VerificationResult> {
	const body = messageBody(1);
	const timestamp = Math.floor(Date.now() / 1000);
	const deliveryId = randomUUID();
	// Header names as Node's http parser hands them to n8n: lowercase.
	const headers = Object.fromEntries(
		Object.entries(deliveryHeaders({ body, deliveryId, secret: SECRET, timestamp })).map(([name, value]) => [name.toLowerCase(), value]),
	);
	headers['content-type'] = 'application/json';

	const expectedHex = headers['x-chatwoot-signature'].slice('sha256='.length);
	const bareHmac = (bytes: Buffer, signatureHex: string): boolean =>
		createHmac('sha256', SECRET).update(`${timestamp}.`).update(bytes).digest('hex') === signatureHex;

	const standard = new Webhook(STANDARD_SECRET);
	const standardHeaders = {
		'webhook-id': deliveryId,
		'webhook-timestamp': String(timestamp),
		'webhook-signature': standard.sign(deliveryId, new Date(timestamp * 1000), body),
	};
	const standardVerify = (bytes: Buffer): boolean => {
		try {
			standard.verify(bytes, standardHeaders, { jsonParse: false });
			return true;
		} catch {
			return false;
		}
	};
	const trigger = triggerVerifyPath(SECRET);

	const tampered = Buffer.from(body);
	tampered[tampered.length - 3] ^= 1;
	const allAgree =
		trigger.verify(body, headers) &&
		bareHmac(body, expectedHex) &&
		standardVerify(body) &&
		!trigger.verify(tampered, headers) &&
		!bareHmac(tampered, expectedHex) &&
		!standardVerify(tampered);

	// Warm-up so every candidate runs optimised code before it is timed.
	const warm = Math.min(iterations, 5_000);
	opsPerSecond(warm, () => trigger.verify(body, headers));
	opsPerSecond(warm, () => bareHmac(body, expectedHex));
	opsPerSecond(warm, () => standardVerify(body));

	const triggerRounds: number[] = [];
	const bareRounds: number[] = [];
	const standardRounds: number[] = [];
	const ratios: number[] = [];
	const standardRatios: number[] = [];
	for (let round = 0; round < rounds; round++) {
		globalThis.gc?.();
		let bare: number;
		let path: number;
		if (round % 2 === 0) {
			bare = opsPerSecond(iterations, () => bareHmac(body, expectedHex));
			path = opsPerSecond(iterations, () => trigger.verify(body, headers));
		} else {
			path = opsPerSecond(iterations, () => trigger.verify(body, headers));
			bare = opsPerSecond(iterations, () => bareHmac(body, expectedHex));
		}
		const standard = opsPerSecond(Math.ceil(iterations / 4), () => standardVerify(body));
		bareRounds.push(bare);
		triggerRounds.push(path);
		standardRounds.push(standard);
		ratios.push(bare / path);
		standardRatios.push(bare / standard);
		// Let timers and I/O of the rest of the process run between rounds.
		await new Promise((resolve) => setImmediate(resolve));
	}
	const triggerPerSecond = median(triggerRounds);
	const bareHmacPerSecond = median(bareRounds);
	const standardWebhooksPerSecond = median(standardRounds);
	return {
		iterations,
		rounds,
		bodyBytes: body.length,
		triggerPerSecond,
		bareHmacPerSecond,
		standardWebhooksPerSecond,
		ratio: median(ratios),
		standardWebhooksRatio: median(standardRatios),
		allAgree,
		verifyPath: trigger.description,
	};
}
