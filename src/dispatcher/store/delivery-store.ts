import type { AgentBotOnlyEvent, ChatwootEvent, UnsignedSenderEvent } from '../../protocol';

/** A webhook event, an agent bot's own, or an automation rule's or macro's. */
export type DeliveredEvent = ChatwootEvent | AgentBotOnlyEvent | UnsignedSenderEvent;

/**
 * The delivery log and the delivery queue, behind interfaces so that a second backend (Postgres with
 * `SKIP LOCKED`) can come later without touching the worker or the HTTP layer. They are synchronous
 * because the outbox writes inside the domain's synchronous SQLite transaction; a Postgres backend
 * would bring an asynchronous variant of both.
 */
export type DeliveryStatus = 'pending' | 'in_flight' | 'delivered' | 'failed' | 'cancelled';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'in_flight', 'delivered', 'failed', 'cancelled'];

/** Scheduled attempts follow the retry policy; manual ones are redeliveries a user asked for. */
export type AttemptTrigger = 'scheduled' | 'manual';

/** Response bodies are kept up to this many bytes, as Svix does. */
export const RESPONSE_BODY_LIMIT_BYTES = 20 * 1024;

/**
 * Chatwoot's `WebhookJob` types: an account webhook, an agent bot's outgoing URL, an API inbox's callback.
 * A delivery's `webhookId` is the id of its webhook, agent bot, inbox or sent webhook action, in that type's table.
 */
export type WebhookType = 'account_webhook' | 'agent_bot_webhook' | 'api_inbox_webhook' | 'automation_webhook';

/** `automation_webhook`: an automation rule's or macro's "send webhook" (Chatwoot types it `:account_webhook`). */
export const WEBHOOK_TYPES: readonly WebhookType[] = ['account_webhook', 'agent_bot_webhook', 'api_inbox_webhook', 'automation_webhook'];

/** Where a delivery goes, as one key: ids are only unique within a type. */
export interface Endpoint {
	readonly webhookType: WebhookType;
	readonly webhookId: number;
}

export function endpointKey(endpoint: Endpoint): string {
	return `${endpoint.webhookType}:${endpoint.webhookId}`;
}

export interface NewDelivery {
	/** UUID v4, fixed here and sent as `X-Chatwoot-Delivery` on every attempt and redelivery (not for automation webhooks). */
	readonly id: string;
	readonly webhookId: number;
	/** `account_webhook` when absent. */
	readonly webhookType?: WebhookType;
	readonly accountId: number;
	readonly event: DeliveredEvent;
	/** The exact bytes that are signed and sent, serialised once when the event was emitted. */
	readonly body: string;
}

export interface Delivery extends NewDelivery {
	readonly webhookType: WebhookType;
	readonly status: DeliveryStatus;
	/** Why a delivery failed or was cancelled, in words; null while it is on its way or once delivered. */
	readonly statusReason: string | null;
	/** Every attempt made, scheduled and manual. */
	readonly attemptCount: number;
	/** Scheduled attempts only: the retry policy counts these. */
	readonly scheduledAttemptCount: number;
	/** Epoch ms of the next scheduled attempt; null when none is scheduled. */
	readonly nextAttemptAt: number | null;
	readonly createdAt: number;
	readonly updatedAt: number;
}

export interface Attempt {
	readonly deliveryId: string;
	/** 1-based, across scheduled and manual attempts of the delivery. */
	readonly number: number;
	readonly trigger: AttemptTrigger;
	readonly startedAt: number;
	/** Where the attempt was sent: the webhook's URL at the time. */
	readonly url: string;
	/** The final response's status after redirects; null when no response came. */
	readonly statusCode: number | null;
	readonly durationMs: number;
	readonly error: string | null;
	/** At most RESPONSE_BODY_LIMIT_BYTES of the final response body. */
	readonly responseBody: string | null;
	readonly responseBodyTruncated: boolean;
	/** The redirect hops followed, in order. */
	readonly redirects: readonly string[];
}

export type NewAttempt = Omit<Attempt, 'number'>;

export interface DeliveryWithAttempts extends Delivery {
	readonly attempts: readonly Attempt[];
}

export interface DeliveryFilter {
	readonly webhookId?: number;
	readonly webhookType?: WebhookType;
	readonly event?: DeliveredEvent;
	readonly status?: DeliveryStatus;
	/** Deliveries with an attempt answered with this HTTP status. */
	readonly statusCode?: number;
	/** Deliveries about this conversation (display id) of the account. */
	readonly conversation?: { readonly accountId: number; readonly id: number };
	/** Deliveries whose id starts with this. */
	readonly idPrefix?: string;
	/** 1-based page of `limit` deliveries, newest first. */
	readonly page: number;
	readonly limit: number;
}

/** What happens to a delivery once one of its attempts has finished. */
export type Settlement =
	| { readonly status: 'delivered' }
	| { readonly status: 'pending'; readonly nextAttemptAt: number }
	| { readonly status: 'failed'; readonly reason: string };

export interface DeliveryStore {
	/** Adds deliveries; joins the caller's transaction, if any. */
	create(deliveries: readonly NewDelivery[], now: number): void;
	find(id: string): DeliveryWithAttempts | undefined;
	list(filter: DeliveryFilter): { deliveries: DeliveryWithAttempts[]; total: number };
	countByStatus(): Record<DeliveryStatus, number>;
	/** Runs work atomically: attempt outcomes, webhook disabling and cancellations commit together. */
	transaction<T>(work: () => T): T;
}

export interface ClaimedDelivery extends Endpoint {
	readonly id: string;
	readonly event: DeliveredEvent;
	readonly body: string;
	readonly scheduledAttemptCount: number;
}

export interface ClaimRequest {
	readonly now: number;
	readonly limit: number;
	/** How many more deliveries each endpoint (by `endpointKey`) may have in flight; one not listed may take `defaultRoom`. */
	readonly roomByWebhook: ReadonlyMap<string, number>;
	readonly defaultRoom: number;
}

export interface DeliveryQueue {
	/** Takes due pending deliveries and marks them in flight, oldest due first. */
	claimDue(request: ClaimRequest): ClaimedDelivery[];
	/** Records a finished scheduled attempt and settles its delivery, unless a manual attempt already delivered it. */
	completeScheduled(attempt: NewAttempt, settlement: Settlement, now: number): void;
	/** Records a manual attempt. A success marks the delivery delivered; a failure changes nothing else. */
	recordManual(attempt: NewAttempt, delivered: boolean, now: number): void;
	/** Puts claimed deliveries back as pending, due now, without counting an attempt (shutdown). */
	release(ids: readonly string[], now: number): void;
	/** Cancels one pending or claimed delivery, saying why (its webhook was deleted or disabled). */
	cancel(id: string, reason: string, now: number): void;
	/** Crash recovery: every in-flight delivery becomes pending again, with its id unchanged. */
	releaseAll(now: number): number;
	/** Cancels an endpoint's pending deliveries, saying why. Returns how many. */
	cancelPending(endpoint: Endpoint, reason: string, now: number): number;
	/** Endpoints that have pending deliveries (to find deleted or disabled ones). */
	webhooksWithPending(): Endpoint[];
	/** Epoch ms of the earliest pending delivery, if any. */
	nextDueAt(): number | undefined;
	/**
	 * Counts deliveries of the webhook that failed in a row (a success resets it). Returns the streak
	 * after this outcome.
	 */
	recordWebhookOutcome(webhookId: number, failed: boolean, now: number): number;
}
