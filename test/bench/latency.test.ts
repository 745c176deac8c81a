import { runLatency } from '../../bench/latency';

/** The latency benchmark at small N: every paced event reaches every webhook; percentiles are numbers. */
test('every (event, webhook) pair arrives and the percentiles are finite and ordered', async () => {
	const result = await runLatency({ deliveriesPerSecond: 60, webhooks: 2, durationMs: 500, timeoutMs: 60_000 });
	expect(result.events).toBe(15);
	expect(result.missing).toBe(0);
	expect(result.dispatcher.count).toBe(30);
	expect(result.baseline.count).toBe(30);
	for (const percentiles of [result.dispatcher, result.baseline]) {
		expect(Number.isFinite(percentiles.p99)).toBe(true);
		expect(percentiles.p50).toBeGreaterThanOrEqual(0);
		expect(percentiles.p50).toBeLessThanOrEqual(percentiles.p99);
		expect(percentiles.p99).toBeLessThanOrEqual(percentiles.max);
	}
	expect(Number.isFinite(result.p99Ratio)).toBe(true);
}, 120_000);
