import { conversationIdOf } from '../../protocol';
import { attemptHeaders, shownHeaders, signedString } from '../delivery/attempt-headers';
import { readReceiverAnswer } from '../delivery/receiver-answer';
import type { Attempt, Delivery, DeliveryWithAttempts } from '../store/delivery-store';
import type { DeliveryNotice } from './live-feed';

/**
 * Deliveries as the dispatcher's API shows them, in the API's snake_case. Neither a webhook secret nor a
 * signature is stored with a delivery; a delivery's own page recomputes each attempt's headers from the
 * webhook's secret and the attempt's start (the timestamp it was signed with) and shows the signature
 * shortened (see shownHeaders). URLs were stripped of
 * credentials before they were stored.
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
		reading: readReceiverAnswer(attempt.statusCode, attempt.responseBody, attempt.error),
	};
}

function conversationOf(delivery: Delivery): number | null {
	try {
		return conversationIdOf(delivery.event, JSON.parse(delivery.body));
	} catch {
		return null;
	}
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
		conversation_id: conversationOf(delivery),
	};
}

/** What the live feed says of a delivery: ids and state, never its body. */
export function deliveryNotice(delivery: Delivery): DeliveryNotice {
	const { id, webhook_id, account_id, event, status, conversation_id } = deliveryFields(delivery);
	return { id, webhook_id, account_id, event, status, conversation_id };
}

/** A delivery in a list: its attempts, not its body. */
export function deliverySummaryJson(delivery: DeliveryWithAttempts) {
	return { ...deliveryFields(delivery), attempts: delivery.attempts.map(attemptJson) };
}

/**
 * One delivery in full: the exact body, and for each attempt the headers it carried and the string that
 * was signed. `secret` is the webhook's now (null when it has none or was deleted, and then nothing is
 * signed in the view).
 */
export function deliveryJson(delivery: DeliveryWithAttempts, secret: string | null = null) {
	return {
		...deliveryFields(delivery),
		body: delivery.body,
		attempts: delivery.attempts.map((attempt) => {
			// Automation rules and macros send neither a delivery id nor a signature.
			const unsigned = delivery.webhookType === 'automation_webhook';
			const signing = {
				body: delivery.body,
				deliveryId: unsigned ? null : delivery.id,
				secret: unsigned ? null : secret,
				timestamp: Math.floor(attempt.startedAt / 1000),
			};
			return { ...attemptJson(attempt), request: { headers: shownHeaders(attemptHeaders(signing)), signed_string: signedString(signing) } };
		}),
	};
}
