import { runThroughput } from '../../bench/throughput';

/** The throughput benchmark at small N: every (event, webhook) pair arrives once, signed; the ratio is a number. */
test('every delivery arrives exactly once with a valid signature, and the ratio is a finite number', async () => {
	const result = await runThroughput({ events: 40, webhooks: 3, verifySignatures: true, timeoutMs: 60_000 });
	expect(result.deliveries).toBe(120);
	expect(result.receiver.uniquePairs).toBe(120);
	expect(result.receiver.uniqueByPath).toEqual({ '/hook/0': 40, '/hook/1': 40, '/hook/2': 40 });
	expect(result.receiver.repeats).toBe(0);
	expect(result.receiver.withoutDeliveryId).toBe(0);
	expect(result.receiver.badSignatures).toBe(0);
	expect(result.baselineBefore.failed).toBe(0);
	expect(result.baselineAfter.failed).toBe(0);
	// The baseline posts the bytes the dispatcher sends: same size.
	expect(Math.abs(result.meanBodyBytes - result.baselineBodyBytes)).toBeLessThan(4);
	expect(Number.isFinite(result.ratio)).toBe(true);
	expect(result.ratio).toBeGreaterThan(0);
	expect(Number.isFinite(result.dispatcherPeakRssMb)).toBe(true);
}, 120_000);
