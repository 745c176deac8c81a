import type { Settlement } from '../store/delivery-store';
import { formatDuration } from './duration';
import type { RetryPolicy } from './retry-policy';

/** A finished scheduled attempt, as far as the retry policy cares. */
export interface FinishedAttempt {
	readonly deliveryId: string;
	/** The final status after redirects; null when no response came (timeout, refused, too many redirects). */
	readonly statusCode: number | null;
	/** Why the attempt failed, in words; null when it succeeded. */
	readonly error: string | null;
	/** A 429's Retry-After in milliseconds, when it sent a readable one. */
	readonly retryAfterMs?: number;
	/** Scheduled attempts of the delivery including this one: after the first, the schedule's first entry applies. */
	readonly attemptsMade: number;
	readonly now: number;
	/**
	 * Records on the webhook whether this delivery failed for good (a success resets it) and returns the
	 * failed deliveries in a row after it. Called only once the delivery is settled, never while it is retried.
	 */
	readonly recordFailureStreak: (failed: boolean) => number;
}

/** Everything the worker writes and logs once a scheduled attempt has finished. */
export interface SettlementDecision {
	readonly settlement: Settlement;
	/** What happens next, for the attempt's log line: `delivered`, `retry in 1m`, `failed: ...`. */
	readonly next: string;
	/** Set when the webhook must be disabled now (410 Gone, or too many failed deliveries in a row). */
	readonly disableReason: string | null;
}

const GONE = 410;
const TOO_MANY_REQUESTS = 429;

export function isSuccess(statusCode: number | null): boolean {
	return statusCode !== null && statusCode >= 200 && statusCode < 300;
}

/** A 2xx whose body never came is no answer at all. */
export function isDelivered(attempt: { readonly statusCode: number | null; readonly error: string | null }): boolean {
	return isSuccess(attempt.statusCode) && attempt.error === null;
}

function isRetryable(policy: RetryPolicy, statusCode: number | null): boolean {
	if (policy.retryOn === 'any-failure') return true;
	return statusCode !== null && policy.retryOn.statuses.includes(statusCode);
}

function retryDelay(policy: RetryPolicy, attempt: FinishedAttempt): number | undefined {
	const scheduled = policy.retryDelaysMs[attempt.attemptsMade - 1];
	if (scheduled === undefined || !isRetryable(policy, attempt.statusCode)) return undefined;
	if (attempt.statusCode !== TOO_MANY_REQUESTS || attempt.retryAfterMs === undefined) return scheduled;
	// The receiver knows its own rate limit better than our schedule, but a huge Retry-After must not park
	// a delivery for hours, and a tiny one must not make us retry faster than the schedule promises.
	return Math.min(Math.max(attempt.retryAfterMs, scheduled), scheduled * policy.retryAfterMaxFactor);
}

function failureReason(policy: RetryPolicy, attempt: FinishedAttempt, gone: boolean): string {
	if (gone) return `${attempt.error}: the endpoint is gone`;
	if (attempt.attemptsMade > 1) return `${attempt.error} (gave up after ${attempt.attemptsMade} attempts)`;
	if (policy.retryDelaysMs.length && policy.retryOn !== 'any-failure') {
		return `${attempt.error} (not retried: the ${policy.name} policy retries only ${policy.retryOn.statuses.join(' and ')})`;
	}
	return attempt.error ?? 'failed';
}

/** The settlement of a delivery after one of its scheduled attempts, by the policy's rules. */
export function decideSettlement(policy: RetryPolicy, attempt: FinishedAttempt): SettlementDecision {
	if (isDelivered(attempt)) {
		attempt.recordFailureStreak(false);
		return { settlement: { status: 'delivered' }, next: 'delivered', disableReason: null };
	}
	const gone = attempt.statusCode === GONE && policy.goneDisablesImmediately;
	const delayMs = gone ? undefined : retryDelay(policy, attempt);
	if (delayMs !== undefined) {
		return {
			settlement: { status: 'pending', nextAttemptAt: attempt.now + delayMs },
			next: `retry in ${formatDuration(delayMs)}`,
			disableReason: null,
		};
	}
	const reason = failureReason(policy, attempt, gone);
	const streak = attempt.recordFailureStreak(true);
	const threshold = policy.disable?.afterConsecutiveFailedDeliveries;
	const disableReason = gone
		? `the endpoint answered 410 Gone (delivery ${attempt.deliveryId})`
		: threshold !== undefined && streak >= threshold
			? `${streak} deliveries in a row failed every attempt; the last one: ${attempt.error}`
			: null;
	return { settlement: { status: 'failed', reason }, next: `failed: ${reason}`, disableReason };
}
