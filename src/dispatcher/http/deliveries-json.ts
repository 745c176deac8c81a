import type { Attempt, Delivery, DeliveryWithAttempts } from '../store/delivery-store';

/**
 * Deliveries as the dispatcher's API shows them, in the API's snake_case. Neither a webhook secret nor a
 * signature is stored with a delivery, so none can leak from here; URLs were stripped of credentials
 * before they were stored.
 */
function iso(ms: number | null): string | null {
	return ms === null ? null : new Date(ms).toISOString();
}

export function attemptJson(attempt: Attempt) {
	return {
		number: attempt.number,
		trigger: attempt.trigger,
		started_at: iso(attempt.startedAt),
		url: attempt.url,
		redirects: attempt.redirects,
		status_code: attempt.statusCode,
		duration_ms: attempt.durationMs,
		error: attempt.error,
		response_body: attempt.responseBody,
		response_body_truncated: attempt.responseBodyTruncated,
	};
}

function deliveryFields(delivery: Delivery) {
	return {
		id: delivery.id,
		webhook_id: delivery.webhookId,
		webhook_type: delivery.webhookType,
		account_id: delivery.accountId,
		event: delivery.event,
		status: delivery.status,
		status_reason: delivery.statusReason,
		attempt_count: delivery.attemptCount,
		next_attempt_at: iso(delivery.nextAttemptAt),
		created_at: iso(delivery.createdAt),
		updated_at: iso(delivery.updatedAt),
	};
}

/** A delivery in a list: its attempts, not its body. */
export function deliverySummaryJson(delivery: DeliveryWithAttempts) {
	return { ...deliveryFields(delivery), attempts: delivery.attempts.map(attemptJson) };
}

/** One delivery in full: also the exact body that was signed and sent. */
export function deliveryJson(delivery: DeliveryWithAttempts) {
	return { ...deliveryFields(delivery), body: delivery.body, attempts: delivery.attempts.map(attemptJson) };
}
