/**
 * What retention asks of the delivery log's store: delete a batch of settled deliveries (with their
 * attempts and unshared bodies) that a rule no longer keeps. Synchronous, like the rest of the store.
 */
export interface PruneRequest {
	/** Settled deliveries created before this (epoch ms) go; null: no limit by age. */
	readonly createdBefore: number | null;
	/** Settled deliveries beyond the newest `keep` (of any status) go; null: no limit by count. */
	readonly keep: number | null;
	/** At most this many deliveries in this call. */
	readonly limit: number;
}

export interface DeliveryLogPruning {
	/** Deletes up to `limit` deliveries the rule lets go, oldest first. Returns how many. */
	prune(request: PruneRequest): number;
}
