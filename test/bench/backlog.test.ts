import { runBacklog } from '../../bench/backlog';

/** The backlog benchmark at small N: a restart resumes the backlog and everything drains, nothing lost. */
test('pending deliveries survive a restart and all drain once the receiver is back', async () => {
	const result = await runBacklog({ events: 60, webhooks: 3, timeoutMs: 60_000 });
	expect(result.deliveries).toBe(180);
	expect(result.lost).toBe(0);
	expect(result.deliveredPairs).toBe(180);
	expect(result.loggedDelivered).toBe(180);
	for (const value of [result.seedPeakRssMb, result.restartPeakRssMb, result.resumeMs, result.drainMs, result.seedMs]) {
		expect(Number.isFinite(value)).toBe(true);
	}
	expect(result.resumeMs).toBeGreaterThan(0);
}, 120_000);
