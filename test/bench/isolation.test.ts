import { runIsolation } from '../../bench/isolation';

/** The isolation benchmark at small N: the healthy webhook gets everything in all three runs. */
test('the healthy webhook gets every delivery alone and beside a black hole, which is really sent to', async () => {
	const result = await runIsolation({ events: 30, timeoutMs: 60_000 });
	for (const run of [result.aloneBefore, result.withBlackhole, result.withHealthyTwin, result.aloneAfter]) expect(run.delivered).toBe(30);
	expect(result.aloneBefore.blackholeRequests).toBe(0);
	expect(result.withBlackhole.blackholeRequests).toBeGreaterThan(0);
	// The control's twin got every event too.
	expect(result.withHealthyTwin.blackholeRequests).toBe(30);
	expect(Number.isFinite(result.ratio)).toBe(true);
	expect(Number.isFinite(result.twinRatio)).toBe(true);
	expect(result.ratio).toBeGreaterThan(0);
}, 120_000);
