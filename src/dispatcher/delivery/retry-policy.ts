import { formatDuration, parseDurationList, parseDuration } from './duration';

/**
 * How a webhook's deliveries are retried, as data: the worker reads these fields and has no `if` per
 * policy. The named policies are the behaviours a user of Chatwoot may want to test against.
 */
export interface RetryPolicy {
	readonly name: string;
	readonly description: string;
	/** Bounds one attempt: connect, every redirect hop, headers and the response body together. */
	readonly timeoutMs: number;
	/** The wait before each retry; its length is the number of retries after the first attempt. */
	readonly retryDelaysMs: readonly number[];
	/** Which failures are retried: all of them, or only these HTTP statuses (not timeouts or refused connections). */
	readonly retryOn: 'any-failure' | { readonly statuses: readonly number[] };
	/** When a webhook that keeps failing is disabled; null: never. */
	readonly disable: { readonly afterConsecutiveFailedDeliveries: number } | null;
	/** 410 Gone says the endpoint is gone for good: fail the delivery and disable the webhook at once. */
	readonly goneDisablesImmediately: boolean;
	/** A 429's Retry-After is honoured up to this multiple of the scheduled delay, never below it. */
	readonly retryAfterMaxFactor: number;
}

/**
 * What Chatwoot's API documentation promises. "Keeps failing" is 5 deliveries in a row that each used up
 * all their retries with no successful attempt in between, so a short outage of an n8n instance does
 * not cost the user their webhook, while an endpoint that is gone stops being hammered.
 */
export const DOCUMENTED: RetryPolicy = {
	name: 'documented',
	description: 'what the Chatwoot API docs promise: 10s timeout, retries after 1m, 2m, 4m, disables a webhook that keeps failing',
	timeoutMs: 10_000,
	retryDelaysMs: [60_000, 120_000, 240_000],
	retryOn: 'any-failure',
	disable: { afterConsecutiveFailedDeliveries: 5 },
	goneDisablesImmediately: true,
	retryAfterMaxFactor: 2,
};

/** What Chatwoot v4 does for account webhooks (`WebhookJob` has no retry_on, `WEBHOOK_TIMEOUT` 5s). */
export const CHATWOOT_V4: RetryPolicy = {
	name: 'chatwoot-v4',
	description: 'what Chatwoot v4 does: 5s timeout, one attempt, never disables',
	timeoutMs: 5_000,
	retryDelaysMs: [],
	retryOn: 'any-failure',
	disable: null,
	goneDisablesImmediately: false,
	retryAfterMaxFactor: 1,
};

/** Chatwoot's agent-bot path: `retry_on RetryableError, wait: 3.seconds, attempts: 3`, raised on 429 and 500 only. */
export const AGENT_BOT: RetryPolicy = {
	name: 'agent-bot',
	description: "Chatwoot's agent-bot webhooks: 5s timeout, 3 attempts 3s apart on 429 and 500 only",
	timeoutMs: 5_000,
	retryDelaysMs: [3_000, 3_000],
	retryOn: { statuses: [429, 500] },
	disable: null,
	goneDisablesImmediately: false,
	retryAfterMaxFactor: 2,
};

export const RETRY_POLICIES: readonly RetryPolicy[] = [CHATWOOT_V4, DOCUMENTED, AGENT_BOT];

/**
 * What the dispatcher does unless told otherwise: what Chatwoot does, so a flow tested here is not
 * treated more kindly than Chatwoot will treat it. The documented and agent-bot behaviours are options.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = CHATWOOT_V4;

export class RetryPolicyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RetryPolicyError';
	}
}

export function retryPolicyNamed(name: string): RetryPolicy {
	const policy = RETRY_POLICIES.find((candidate) => candidate.name === name);
	if (!policy) {
		const names = RETRY_POLICIES.map((candidate) => candidate.name).join(', ');
		throw new RetryPolicyError(`Unknown retry policy "${name}"; choose one of ${names}`);
	}
	return policy;
}

export interface CustomRetryPolicyInput {
	/** The policy whose rules (what is retried, when a webhook is disabled) are kept; `documented` by default. */
	readonly base?: RetryPolicy;
	readonly retryDelaysMs?: readonly number[];
	readonly timeoutMs?: number;
}

/** A named policy with its own schedule and timeout, so tests run the whole pipeline in seconds. */
export function customRetryPolicy(input: CustomRetryPolicyInput): RetryPolicy {
	const base = input.base ?? DOCUMENTED;
	const retryDelaysMs = input.retryDelaysMs ?? base.retryDelaysMs;
	const timeoutMs = input.timeoutMs ?? base.timeoutMs;
	if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RetryPolicyError('The timeout must be above zero');
	if (retryDelaysMs.some((delay) => !Number.isFinite(delay) || delay < 0)) {
		throw new RetryPolicyError('Retry delays must be zero or more');
	}
	const schedule = retryDelaysMs.length ? retryDelaysMs.map(formatDuration).join(',') : 'none';
	return {
		...base,
		name: 'custom',
		description: `${base.name} rules with timeout ${formatDuration(timeoutMs)} and retries after ${schedule}`,
		timeoutMs,
		retryDelaysMs: [...retryDelaysMs],
	};
}

/**
 * The policy the CLI flags describe: `--retry-policy <name>`, optionally reshaped by
 * `--retry-schedule 1s,2s,4s` and `--timeout 2s`.
 */
export function retryPolicyFromFlags(flags: { policy?: string; schedule?: string; timeout?: string }): RetryPolicy {
	const base = retryPolicyNamed(flags.policy ?? DEFAULT_RETRY_POLICY.name);
	if (flags.schedule === undefined && flags.timeout === undefined) return base;
	return customRetryPolicy({
		base,
		retryDelaysMs: flags.schedule === undefined ? undefined : parseDurationList(flags.schedule),
		timeoutMs: flags.timeout === undefined ? undefined : parseDuration(flags.timeout),
	});
}
