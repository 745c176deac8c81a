import type { RetryPolicy } from './retry-policy';

/** What an attempt came to, as far as the retry policy cares. */
export interface AttemptVerdict {
	/** The final status after redirects; null when no response came (timeout, refused, too many redirects). */
	readonly statusCode: number | null;
	/** A 429's Retry-After in milliseconds, when it sent a readable one. */
	readonly retryAfterMs?: number;
}

export type NextStep =
	| { readonly kind: 'delivered' }
	| { readonly kind: 'retry'; readonly delayMs: number }
	/** No more scheduled attempts. `gone` asks for the webhook to be disabled now (410 under a policy that says so). */
	| { readonly kind: 'failed'; readonly gone: boolean };

const GONE = 410;
const TOO_MANY_REQUESTS = 429;

export function isSuccess(statusCode: number | null): boolean {
	return statusCode !== null && statusCode >= 200 && statusCode < 300;
}

function isRetryable(policy: RetryPolicy, statusCode: number | null): boolean {
	if (policy.retryOn === 'any-failure') return true;
	return statusCode !== null && policy.retryOn.statuses.includes(statusCode);
}

/**
 * The step after a scheduled attempt. `attemptsMade` counts scheduled attempts including this one, so
 * after the first attempt the first entry of the schedule applies.
 */
export function nextStep(policy: RetryPolicy, attemptsMade: number, verdict: AttemptVerdict): NextStep {
	if (isSuccess(verdict.statusCode)) return { kind: 'delivered' };
	if (verdict.statusCode === GONE && policy.goneDisablesImmediately) return { kind: 'failed', gone: true };
	const scheduled = policy.retryDelaysMs[attemptsMade - 1];
	if (scheduled === undefined || !isRetryable(policy, verdict.statusCode)) return { kind: 'failed', gone: false };
	if (verdict.statusCode === TOO_MANY_REQUESTS && verdict.retryAfterMs !== undefined) {
		// The receiver knows its own rate limit better than our schedule, but a huge Retry-After must not park
		// a delivery for hours, and a tiny one must not make us retry faster than the schedule promises.
		const ceiling = scheduled * policy.retryAfterMaxFactor;
		return { kind: 'retry', delayMs: Math.min(Math.max(verdict.retryAfterMs, scheduled), ceiling) };
	}
	return { kind: 'retry', delayMs: scheduled };
}
