import type { ChannelDirectory, DeliveryTarget, WebhookDirectory } from '../outbox/webhook-directory';
import {
	endpointKey,
	type Attempt,
	type ClaimedDelivery,
	type DeliveryQueue,
	type DeliveryStore,
	type DeliveryWithAttempts,
	type Endpoint,
	type NewAttempt,
	type WebhookType,
} from '../store/delivery-store';
import { redactedUrl } from './redacted-url';
import { decideSettlement, isDelivered } from './retry-decision';
import { AGENT_BOT, CHATWOOT_V4, type RetryPolicy } from './retry-policy';
import type { AttemptResult, AttemptSender } from './webhook-sender';

/** The worker's default limits, which the CLI uses (the benchmarks size their baselines by them). */
export const DEFAULT_CONCURRENCY = 128;
export const DEFAULT_PER_WEBHOOK_CONCURRENCY = 32;

export interface DeliveryWorkerOptions {
	readonly store: DeliveryStore;
	readonly queue: DeliveryQueue;
	readonly directory: WebhookDirectory;
	/** Agent bots and API inbox callbacks; without it their deliveries are cancelled as having nowhere to go. */
	readonly channels?: ChannelDirectory;
	readonly sender: AttemptSender;
	/** Account webhooks' policy. */
	readonly policy: RetryPolicy;
	/**
	 * Agent bots' and API inbox callbacks' policies: Chatwoot's own (`agent-bot`; one attempt) unless given,
	 * e.g. with shorter waits in tests.
	 */
	readonly channelPolicies?: Partial<Record<Exclude<WebhookType, 'account_webhook'>, RetryPolicy>>;
	/** Attempts in flight at once, over all webhooks. */
	readonly concurrency?: number;
	/** Attempts in flight at once to one webhook: a dead endpoint holds at most this many slots. */
	readonly perWebhookConcurrency?: number;
	/** The longest the worker sleeps without looking at the queue (a safety net: emits wake it anyway). */
	readonly pollIntervalMs?: number;
	/** How long `stop` lets in-flight attempts finish before abandoning them. */
	readonly shutdownGraceMs?: number;
	readonly logger?: (line: string) => void;
	readonly now?: () => number;
	/**
	 * The store's group commit, when it has one: the worker looks at the queue only once every write so far
	 * is on disk, so it never sends a delivery whose event could still be rolled back or lost in a crash.
	 */
	readonly commits?: {
		readonly pending: boolean;
		afterCommit(callback: () => void): void;
		/** Runs the worker's claims and outcome writes, whose loss in a power cut only repeats deliveries, without an fsync. */
		relaxed?<Result>(work: () => Result): Result;
	};
	/** Told which deliveries changed (claimed, attempted, settled, cancelled), after the change is written. */
	readonly onDeliveriesChanged?: (deliveryIds: readonly string[]) => void;
}

/** A redelivery that cannot be made, with the HTTP status that says why. */
export class RedeliveryError extends Error {
	constructor(
		readonly status: 404 | 409 | 503,
		message: string,
	) {
		super(message);
		this.name = 'RedeliveryError';
	}
}

type Outcome =
	| { readonly kind: 'attempt'; readonly delivery: ClaimedDelivery; readonly attempt: NewAttempt; readonly result: AttemptResult }
	| { readonly kind: 'release'; readonly deliveryId: string }
	| { readonly kind: 'cancel'; readonly deliveryId: string; readonly reason: string };

function shortId(id: string): string {
	return id.slice(0, 8);
}

/**
 * Takes due deliveries from the queue, sends them, and settles them by the retry policy. Outcomes are
 * written in batches (one transaction per turn of the event loop, which also claims the next batch),
 * because every commit costs a system call or, under synchronous=FULL, an fsync (the group commit spares the
 * worker's own groups that fsync). A delivery whose outcome was not yet written when the process died
 * is still in flight on disk and is sent again on restart, with the same delivery id: at least once.
 */
export class DeliveryWorker {
	private readonly concurrency: number;
	private readonly perWebhookConcurrency: number;
	private readonly pollIntervalMs: number;
	private readonly now: () => number;
	private readonly log: (line: string) => void;
	/** Attempts being made now, scheduled and manual, until their outcome is handed over. */
	private attemptsInFlight = 0;
	private stopped = false;
	private readonly scheduledByWebhook = new Map<string, number>();
	private scheduledInFlight = 0;
	private outcomes: Outcome[] = [];
	private pumpScheduled = false;
	private timer: NodeJS.Timeout | undefined;
	private lastSweepAt = 0;
	private running = false;
	private readonly settledWaiters = new Set<() => void>();

	constructor(private readonly options: DeliveryWorkerOptions) {
		this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
		this.perWebhookConcurrency = options.perWebhookConcurrency ?? DEFAULT_PER_WEBHOOK_CONCURRENCY;
		this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
		this.now = options.now ?? Date.now;
		this.log = options.logger ?? (() => undefined);
	}

	/** Resumes what a previous process left in flight, then starts delivering. */
	start(): void {
		if (this.running) return;
		if (this.stopped) throw new Error('A stopped delivery worker cannot start again');
		const recovered = this.options.queue.releaseAll(this.now());
		if (recovered) this.log(`Resuming ${recovered} delivery attempt(s) interrupted by the last shutdown or crash`);
		const waiting = this.options.store.countByStatus().pending;
		if (waiting) this.log(`${waiting} pending delivery(ies) in the queue`);
		this.running = true;
		this.wake();
	}

	/** Looks at the queue soon: new deliveries were created, or a slot came free. */
	wake(): void {
		if (!this.running || this.pumpScheduled) return;
		this.pumpScheduled = true;
		const commits = this.options.commits;
		if (commits?.pending) commits.afterCommit(() => this.pump());
		else setImmediate(() => this.pump());
	}

	/**
	 * Stops claiming, lets in-flight attempts finish for a grace period, abandons the rest (they stay
	 * pending, with no attempt counted) and writes every outcome. The store stays open.
	 */
	async stop(): Promise<void> {
		if (!this.running) return;
		this.running = false;
		this.stopped = true;
		clearTimeout(this.timer);
		const grace = this.options.shutdownGraceMs ?? 2_000;
		if (this.attemptsInFlight) {
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([this.allSettled(), new Promise((resolve) => (timer = setTimeout(resolve, grace)))]);
			clearTimeout(timer);
		}
		this.options.sender.abandonAll();
		await this.allSettled();
		this.flush(false);
	}

	/**
	 * Sends a delivery again now, with its delivery id and a fresh timestamp and signature, as a manual
	 * attempt. A success marks the delivery delivered; a failure is only logged, never retried.
	 */
	async redeliver(deliveryId: string): Promise<{ delivery: DeliveryWithAttempts; attempt: Attempt }> {
		if (!this.running) throw new RedeliveryError(503, 'The dispatcher is shutting down');
		const delivery = this.options.store.find(deliveryId);
		if (!delivery) throw new RedeliveryError(404, 'Resource could not be found');
		const target = this.targetOf(delivery);
		if (!target) throw new RedeliveryError(409, `${endpointName(delivery)} was deleted; there is nowhere to redeliver to`);
		if (target.disabledReason !== null) {
			throw new RedeliveryError(
				409,
				`${endpointName(delivery)} is disabled (${target.disabledReason}); update it through the webhook API to enable it again`,
			);
		}
		this.attemptsInFlight += 1;
		const { attempt, result } = await this.send(delivery.id, delivery.body, target, this.policyFor(delivery.webhookType), 'manual');
		const delivered = isDelivered(result);
		try {
			if (result.abandoned) throw new RedeliveryError(503, 'The dispatcher stopped before the redelivery finished');
			this.options.store.transaction(() => {
				this.options.queue.recordManual(attempt, delivered, this.now());
				if (delivered && delivery.webhookType === 'account_webhook') this.options.queue.recordWebhookOutcome(target.id, false, this.now());
			});
		} finally {
			this.attemptFinished();
		}
		this.log(`Delivery ${shortId(delivery.id)} to ${endpointName(delivery).toLowerCase()} (${delivery.event}) manual attempt: ${describe(result)}`);
		this.options.onDeliveriesChanged?.([delivery.id]);
		const updated = this.options.store.find(delivery.id);
		if (!updated) throw new RedeliveryError(404, 'Resource could not be found');
		return { delivery: updated, attempt: updated.attempts[updated.attempts.length - 1] };
	}

	/** Account webhooks follow the dispatcher's policy; bots and inboxes follow Chatwoot's own for them. */
	private policyFor(type: WebhookType): RetryPolicy {
		if (type === 'agent_bot_webhook') return this.options.channelPolicies?.agent_bot_webhook ?? AGENT_BOT;
		if (type === 'api_inbox_webhook') return this.options.channelPolicies?.api_inbox_webhook ?? CHATWOOT_V4;
		if (type === 'automation_webhook') return this.options.channelPolicies?.automation_webhook ?? CHATWOOT_V4;
		return this.options.policy;
	}

	/** The endpoint as it is now; undefined once deleted. Only account webhooks can be disabled. */
	private targetOf(endpoint: Endpoint): (DeliveryTarget & { readonly disabledReason: string | null }) | undefined {
		if (endpoint.webhookType === 'account_webhook') return this.options.directory.find(endpoint.webhookId);
		const target = this.options.channels?.find(endpoint);
		return target && { ...target, disabledReason: null };
	}

	private pump(): void {
		this.pumpScheduled = false;
		const claimed = this.flush(this.running);
		if (!this.running) return;
		const targets = new Map<string, ReturnType<DeliveryWorker['targetOf']>>();
		for (const delivery of claimed) {
			const key = endpointKey(delivery);
			if (!targets.has(key)) targets.set(key, this.targetOf(delivery));
			const target = targets.get(key);
			if (!target || target.disabledReason !== null) {
				this.outcomes.push({ kind: 'cancel', deliveryId: delivery.id, reason: cancellationReason(delivery, target) });
				continue;
			}
			this.attempt(delivery, target);
		}
		if (this.outcomes.length) this.wake();
		this.sweepIfDue();
		this.scheduleNextLook();
	}

	/** Writes buffered outcomes and, when asked, claims what fits into the free slots: one transaction. */
	private flush(claim: boolean): ClaimedDelivery[] {
		const outcomes = this.outcomes;
		this.outcomes = [];
		const lines: string[] = [];
		const free = this.concurrency - this.scheduledInFlight;
		if (!outcomes.length && (!claim || free <= 0)) return [];
		const write = () => this.options.store.transaction(() => {
			const now = this.now();
			for (const outcome of outcomes) this.settle(outcome, now, lines);
			if (!claim || free <= 0) return [];
			const roomByWebhook = new Map<string, number>();
			for (const [key, count] of this.scheduledByWebhook) roomByWebhook.set(key, this.perWebhookConcurrency - count);
			return this.options.queue.claimDue({
				now,
				limit: free,
				roomByWebhook,
				defaultRoom: this.perWebhookConcurrency,
			});
		});
		const commits = this.options.commits;
		const claimed = commits?.relaxed ? commits.relaxed(write) : write();
		for (const line of lines) this.log(line);
		this.options.onDeliveriesChanged?.([
			...outcomes.map((outcome) => (outcome.kind === 'attempt' ? outcome.delivery.id : outcome.deliveryId)),
			...claimed.map((delivery) => delivery.id),
		]);
		return claimed;
	}

	private settle(outcome: Outcome, now: number, lines: string[]): void {
		const queue = this.options.queue;
		if (outcome.kind === 'release') {
			queue.release([outcome.deliveryId], now);
			return;
		}
		if (outcome.kind === 'cancel') {
			queue.cancel(outcome.deliveryId, outcome.reason, now);
			lines.push(`Delivery ${shortId(outcome.deliveryId)} cancelled: ${outcome.reason}`);
			return;
		}
		const { delivery, attempt, result } = outcome;
		const policy = this.policyFor(delivery.webhookType);
		const isAccountWebhook = delivery.webhookType === 'account_webhook';
		const attemptsMade = delivery.scheduledAttemptCount + 1;
		const decision = decideSettlement(policy, {
			deliveryId: delivery.id,
			statusCode: result.statusCode,
			error: result.error,
			retryAfterMs: result.retryAfterMs,
			attemptsMade,
			now,
			// Failure streaks disable account webhooks; bots and inboxes are never disabled, as in Chatwoot.
			recordFailureStreak: (failed) => (isAccountWebhook ? queue.recordWebhookOutcome(delivery.webhookId, failed, now) : 0),
		});
		queue.completeScheduled(attempt, decision.settlement, now);
		lines.push(
			`Delivery ${shortId(delivery.id)} to ${endpointName(delivery).toLowerCase()} (${delivery.event}) attempt ${attemptsMade}: ${describe(result)}; ${decision.next}`,
		);
		if (decision.settlement.status === 'failed' && !isAccountWebhook) {
			this.options.channels?.deliveryFailed({ endpoint: delivery, event: delivery.event, body: delivery.body });
		}
		const disableReason = decision.disableReason;
		if (disableReason === null || !isAccountWebhook) return;
		const target = this.options.directory.find(delivery.webhookId);
		if (!target || target.disabledReason !== null) return;
		const reason = `Disabled by the dispatcher: ${disableReason}`;
		this.options.directory.disable(delivery.webhookId, reason);
		const cancelled = queue.cancelPending(delivery, cancellationReason(delivery, { disabledReason: reason }), now);
		lines.push(`Webhook ${delivery.webhookId} disabled (${disableReason}); ${cancelled} pending delivery(ies) cancelled`);
	}

	private attempt(delivery: ClaimedDelivery, target: DeliveryTarget): void {
		this.scheduledInFlight += 1;
		this.attemptsInFlight += 1;
		const key = endpointKey(delivery);
		this.scheduledByWebhook.set(key, (this.scheduledByWebhook.get(key) ?? 0) + 1);
		void this.send(delivery.id, delivery.body, target, this.policyFor(delivery.webhookType), 'scheduled').then(({ attempt, result }) => {
			this.scheduledInFlight -= 1;
			const left = (this.scheduledByWebhook.get(key) ?? 1) - 1;
			if (left > 0) this.scheduledByWebhook.set(key, left);
			else this.scheduledByWebhook.delete(key);
			this.outcomes.push(
				result.abandoned ? { kind: 'release', deliveryId: delivery.id } : { kind: 'attempt', delivery, attempt, result },
			);
			this.attemptFinished();
			if (this.running) this.wake();
		});
	}

	/** Sends one attempt; never rejects. */
	private async send(
		deliveryId: string,
		body: string,
		target: DeliveryTarget,
		policy: RetryPolicy,
		trigger: Attempt['trigger'],
	): Promise<{ attempt: NewAttempt; result: AttemptResult }> {
		const startedAt = this.now();
		let result: AttemptResult;
		try {
			result = await this.options.sender.send({
				url: target.url,
				body,
				deliveryId: target.withoutDeliveryId ? null : deliveryId,
				secret: target.secret,
				timestamp: Math.floor(startedAt / 1000),
				timeoutMs: policy.timeoutMs,
			});
		} catch (error) {
			// A sender bug must cost one failed attempt, never a slot that is never given back.
			const message = error instanceof Error ? error.message : String(error);
			result = { statusCode: null, error: message, responseBody: null, responseBodyTruncated: false, durationMs: 0, redirects: [], abandoned: false };
		}
		const attempt: NewAttempt = {
			deliveryId,
			trigger,
			startedAt,
			url: redactedUrl(target.url),
			statusCode: result.statusCode,
			durationMs: result.durationMs,
			error: result.error,
			responseBody: result.responseBody,
			responseBodyTruncated: result.responseBodyTruncated,
			redirects: result.redirects.map(redactedUrl),
		};
		return { attempt, result };
	}

	private attemptFinished(): void {
		this.attemptsInFlight -= 1;
		if (this.attemptsInFlight === 0) for (const resolve of this.settledWaiters) resolve();
	}

	private allSettled(): Promise<void> {
		if (this.attemptsInFlight === 0) return Promise.resolve();
		return new Promise((resolve) => {
			const done = () => {
				this.settledWaiters.delete(done);
				resolve();
			};
			this.settledWaiters.add(done);
		});
	}

	/** Cancels what is left for webhooks deleted or disabled since their deliveries were created. */
	private sweepIfDue(): void {
		const now = this.now();
		if (now - this.lastSweepAt < this.pollIntervalMs) return;
		this.lastSweepAt = now;
		const lines: string[] = [];
		this.options.store.transaction(() => {
			for (const endpoint of this.options.queue.webhooksWithPending()) {
				const target = this.targetOf(endpoint);
				if (target && target.disabledReason === null) continue;
				const reason = cancellationReason(endpoint, target);
				const cancelled = this.options.queue.cancelPending(endpoint, reason, now);
				if (cancelled) lines.push(`${cancelled} pending delivery(ies) to ${endpointName(endpoint).toLowerCase()} cancelled: ${reason}`);
			}
		});
		for (const line of lines) this.log(line);
	}

	/** Sleeps until the next delivery is due, or the poll interval, whichever is sooner. */
	private scheduleNextLook(): void {
		clearTimeout(this.timer);
		const dueAt = this.options.queue.nextDueAt();
		const now = this.now();
		// Something due but not claimed means every slot it could use is taken: a finishing attempt wakes us.
		const delay = dueAt === undefined || dueAt <= now ? this.pollIntervalMs : Math.min(dueAt - now, this.pollIntervalMs);
		this.timer = setTimeout(() => this.wake(), delay);
		this.timer.unref();
	}
}

/** "Webhook 3", "Agent bot 2", "Inbox 1's callback": what the log and the API's reasons name. */
function endpointName(endpoint: Endpoint): string {
	if (endpoint.webhookType === 'agent_bot_webhook') return `Agent bot ${endpoint.webhookId}`;
	if (endpoint.webhookType === 'api_inbox_webhook') return `Inbox ${endpoint.webhookId}'s callback`;
	if (endpoint.webhookType === 'automation_webhook') return `Automation webhook ${endpoint.webhookId}`;
	return `Webhook ${endpoint.webhookId}`;
}

function cancellationReason(endpoint: Endpoint, target: { readonly disabledReason: string | null } | undefined): string {
	if (!target) return `${endpointName(endpoint)} was deleted`;
	return `${endpointName(endpoint)} is disabled: ${target.disabledReason}`;
}

function describe(result: AttemptResult): string {
	const hops = result.redirects.length ? ` after ${result.redirects.length} redirect(s)` : '';
	const status = result.error ?? String(result.statusCode);
	return `${status}${hops} in ${result.durationMs}ms`;
}
