import { runVerification } from '../../bench/verification';

/** The verification benchmark at small N: the same code as `npm run bench`, asserting correctness only. */
test('the trigger path, bare HMAC and standardwebhooks all accept the delivery and refuse a tampered one', async () => {
	const result = await runVerification(500, 3);
	expect(result.allAgree).toBe(true);
	expect(result.verifyPath).toContain('verify');
	for (const value of [result.triggerPerSecond, result.bareHmacPerSecond, result.standardWebhooksPerSecond, result.ratio, result.standardWebhooksRatio]) {
		expect(Number.isFinite(value)).toBe(true);
		expect(value).toBeGreaterThan(0);
	}
});
