import type { DeliveryWithAttempts } from '../store/delivery-store';

/** How a webhook's recent deliveries fared: settled ones only (pending ones have no verdict yet). */
export interface WebhookHealth {
	deliveries: number;
	delivered: number;
	failed: number;
	/** delivered / (delivered + failed); null before anything settled. */
	successRate: number | null;
	/** Over the recent attempts that got an answer. */
	medianMs: number | null;
	p95Ms: number | null;
	/** The newest failed attempt's error or status. */
	lastError: string | null;
}

function percentile(sorted: number[], fraction: number): number | null {
	if (!sorted.length) return null;
	return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** `recent` newest first, as the delivery log lists them. */
export function webhookHealth(recent: readonly DeliveryWithAttempts[]): WebhookHealth {
	const delivered = recent.filter((delivery) => delivery.status === 'delivered').length;
	const failed = recent.filter((delivery) => delivery.status === 'failed').length;
	const attempts = recent.flatMap((delivery) => delivery.attempts);
	const durations = attempts.filter((attempt) => attempt.statusCode !== null).map((attempt) => attempt.durationMs).sort((a, b) => a - b);
	const lastFailure = attempts
		.filter((attempt) => attempt.error !== null)
		.sort((a, b) => b.startedAt - a.startedAt)[0];
	return {
		deliveries: recent.length,
		delivered,
		failed,
		successRate: delivered + failed ? delivered / (delivered + failed) : null,
		medianMs: percentile(durations, 0.5),
		p95Ms: percentile(durations, 0.95),
		lastError: lastFailure?.error ?? null,
	};
}
