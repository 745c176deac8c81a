import { decideSettlement, type FinishedAttempt, type SettlementDecision } from '../../../src/dispatcher/delivery/retry-decision';
import { AGENT_BOT, CHATWOOT_V4, customRetryPolicy, DOCUMENTED, type RetryPolicy } from '../../../src/dispatcher/delivery/retry-policy';

const NOW = 1_000_000;
/** Documented rules on a millisecond schedule: what the tests' dispatchers run. */
const CUSTOM = customRetryPolicy({ retryDelaysMs: [100, 200], timeoutMs: 1_000 });

type Response = Pick<FinishedAttempt, 'statusCode' | 'error' | 'retryAfterMs'>;
const ok: Response = { statusCode: 204, error: null };
const bodyNeverCame: Response = { statusCode: 200, error: 'the response body never came' };
const notFound: Response = { statusCode: 404, error: 'HTTP 404' };
const gone: Response = { statusCode: 410, error: 'HTTP 410' };
const tooMany = (retryAfterMs?: number): Response => ({ statusCode: 429, error: 'HTTP 429', retryAfterMs });
const serverError: Response = { statusCode: 500, error: 'HTTP 500' };
const unavailable: Response = { statusCode: 503, error: 'HTTP 503' };
const timeout: Response = { statusCode: null, error: 'timed out after 10s' };
const refused: Response = { statusCode: null, error: 'connect ECONNREFUSED 127.0.0.1:9' };

const delivered: SettlementDecision = { settlement: { status: 'delivered' }, next: 'delivered', disableReason: null };
const retry = (delayMs: number, shown: string): SettlementDecision => ({
	settlement: { status: 'pending', nextAttemptAt: NOW + delayMs },
	next: `retry in ${shown}`,
	disableReason: null,
});
const failed = (reason: string, disableReason: string | null = null): SettlementDecision => ({
	settlement: { status: 'failed', reason },
	next: `failed: ${reason}`,
	disableReason,
});
const NOT_RETRIED = '(not retried: the agent-bot policy retries only 429 and 500)';

/**
 * [policy, case, response, scheduled attempts made (this one included), the webhook's failed deliveries
 * in a row once this one is counted, the decision].
 */
const CASES: Array<[RetryPolicy, string, Response, number, number, SettlementDecision]> = [
	[DOCUMENTED, '2xx', ok, 1, 0, delivered],
	[DOCUMENTED, '2xx whose body never came', bodyNeverCame, 1, 0, retry(60_000, '1m')],
	[DOCUMENTED, '4xx', notFound, 1, 0, retry(60_000, '1m')],
	[DOCUMENTED, '410', gone, 1, 1, failed('HTTP 410: the endpoint is gone', 'the endpoint answered 410 Gone (delivery d-1)')],
	[DOCUMENTED, '429 with Retry-After', tooMany(90_000), 1, 0, retry(90_000, '90s')],
	[DOCUMENTED, '429 with a Retry-After beyond the ceiling', tooMany(3_600_000), 1, 0, retry(120_000, '2m')],
	[DOCUMENTED, '429 without Retry-After', tooMany(), 1, 0, retry(60_000, '1m')],
	[DOCUMENTED, '5xx', serverError, 3, 0, retry(240_000, '4m')],
	[DOCUMENTED, 'timeout', timeout, 1, 0, retry(60_000, '1m')],
	[DOCUMENTED, 'network error', refused, 2, 0, retry(120_000, '2m')],
	[DOCUMENTED, 'last attempt', serverError, 4, 1, failed('HTTP 500 (gave up after 4 attempts)')],
	[DOCUMENTED, 'last attempt, 4 failed in a row', serverError, 4, 4, failed('HTTP 500 (gave up after 4 attempts)')],
	[
		DOCUMENTED,
		'last attempt, 5 failed in a row',
		serverError,
		4,
		5,
		failed('HTTP 500 (gave up after 4 attempts)', '5 deliveries in a row failed every attempt; the last one: HTTP 500'),
	],
	[CHATWOOT_V4, '2xx', ok, 1, 0, delivered],
	[CHATWOOT_V4, '4xx', notFound, 1, 1, failed('HTTP 404')],
	[CHATWOOT_V4, '410', gone, 1, 1, failed('HTTP 410')],
	[CHATWOOT_V4, '429 with Retry-After', tooMany(1_000), 1, 1, failed('HTTP 429')],
	[CHATWOOT_V4, '5xx', serverError, 1, 1, failed('HTTP 500')],
	[CHATWOOT_V4, 'timeout', timeout, 1, 1, failed('timed out after 10s')],
	[CHATWOOT_V4, 'network error, 100 failed in a row (never disables)', refused, 1, 100, failed('connect ECONNREFUSED 127.0.0.1:9')],
	[AGENT_BOT, '2xx', ok, 1, 0, delivered],
	[AGENT_BOT, '4xx', notFound, 1, 1, failed(`HTTP 404 ${NOT_RETRIED}`)],
	[AGENT_BOT, '410', gone, 1, 1, failed(`HTTP 410 ${NOT_RETRIED}`)],
	[AGENT_BOT, '429 with Retry-After', tooMany(5_000), 1, 0, retry(5_000, '5s')],
	[AGENT_BOT, '429 with a Retry-After shorter than the schedule', tooMany(1_000), 1, 0, retry(3_000, '3s')],
	[AGENT_BOT, '429 with a Retry-After of a day', tooMany(86_400_000), 1, 0, retry(6_000, '6s')],
	[AGENT_BOT, '429 without Retry-After', tooMany(), 2, 0, retry(3_000, '3s')],
	[AGENT_BOT, '500', serverError, 1, 0, retry(3_000, '3s')],
	[AGENT_BOT, '503', unavailable, 1, 1, failed(`HTTP 503 ${NOT_RETRIED}`)],
	[AGENT_BOT, 'timeout', timeout, 1, 1, failed(`timed out after 10s ${NOT_RETRIED}`)],
	[AGENT_BOT, 'network error', refused, 1, 1, failed(`connect ECONNREFUSED 127.0.0.1:9 ${NOT_RETRIED}`)],
	[AGENT_BOT, 'last attempt, 50 failed in a row (never disables)', serverError, 3, 50, failed('HTTP 500 (gave up after 3 attempts)')],
	[CUSTOM, '2xx', ok, 2, 0, delivered],
	[CUSTOM, '4xx', notFound, 1, 0, retry(100, '100ms')],
	[CUSTOM, '410', gone, 2, 1, failed('HTTP 410: the endpoint is gone', 'the endpoint answered 410 Gone (delivery d-1)')],
	[CUSTOM, '429 with Retry-After', tooMany(150), 1, 0, retry(150, '150ms')],
	[CUSTOM, '429 without Retry-After', tooMany(), 1, 0, retry(100, '100ms')],
	[CUSTOM, '5xx', serverError, 2, 0, retry(200, '200ms')],
	[CUSTOM, 'timeout', timeout, 1, 0, retry(100, '100ms')],
	[CUSTOM, 'network error', refused, 2, 0, retry(200, '200ms')],
	[CUSTOM, 'last attempt', serverError, 3, 2, failed('HTTP 500 (gave up after 3 attempts)')],
	[
		CUSTOM,
		'last attempt, 6 failed in a row',
		timeout,
		3,
		6,
		failed('timed out after 10s (gave up after 3 attempts)', '6 deliveries in a row failed every attempt; the last one: timed out after 10s'),
	],
];

describe('the settlement after a scheduled attempt', () => {
	it.each(CASES.map(([policy, name, ...rest]) => [policy.name, name, policy, ...rest] as const))(
		'%s, %s',
		(_policyName, _case, policy, response, attemptsMade, streakAfter, expected) => {
			const recorded: boolean[] = [];
			const decision = decideSettlement(policy, {
				deliveryId: 'd-1',
				...response,
				attemptsMade,
				now: NOW,
				recordFailureStreak: (failedForGood) => {
					recorded.push(failedForGood);
					return streakAfter;
				},
			});
			expect(decision).toEqual(expected);
			// The streak moves only once a delivery is settled: a retry leaves it alone.
			const settledAs = { delivered: [false], pending: [], failed: [true] }[expected.settlement.status];
			expect(recorded).toEqual(settledAs);
		},
	);
});
