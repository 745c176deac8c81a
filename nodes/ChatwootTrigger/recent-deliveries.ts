/**
 * A bounded memory of the `X-Chatwoot-Delivery` ids one trigger has recently let through, so a repeated
 * delivery (a retry, or a replay of a captured request inside the signature's time window) starts the
 * workflow only once.
 *
 * It lives in memory and not in the node's static data on purpose: n8n does not persist static data for
 * test webhooks, and two concurrent requests would race on it. The cost is that the memory is per n8n
 * process and is empty after a restart.
 */
export const DELIVERY_MEMORY_MINUTES = 60;
export const DELIVERY_MEMORY_CAPACITY = 10_000;

/** How many triggers' memories this process keeps; the least recently used is dropped beyond it. */
const TRIGGER_CAPACITY = 1_000;

export class RecentDeliveries {
	// Every id is kept for the same window, so insertion order is expiry order: the oldest comes first.
	private readonly expiries = new Map<string, number>();

	constructor(
		private readonly windowMs: number = DELIVERY_MEMORY_MINUTES * 60_000,
		private readonly capacity: number = DELIVERY_MEMORY_CAPACITY,
		private readonly now: () => number = Date.now,
	) {}

	/**
	 * Records the id and returns true the first time it is seen within the window; false for a repeat.
	 * Check and record happen in one synchronous step, so concurrent requests cannot both pass.
	 */
	firstSeen(deliveryId: string): boolean {
		const now = this.now();
		this.forgetExpired(now);
		const expiry = this.expiries.get(deliveryId);
		if (expiry !== undefined && expiry > now) return false;
		this.expiries.set(deliveryId, now + this.windowMs);
		while (this.expiries.size > this.capacity) {
			const oldest = this.expiries.keys().next().value as string;
			this.expiries.delete(oldest);
		}
		return true;
	}

	get size(): number {
		return this.expiries.size;
	}

	private forgetExpired(now: number): void {
		for (const [id, expiry] of this.expiries) {
			if (expiry > now) break;
			this.expiries.delete(id);
		}
	}
}

const memories = new Map<string, RecentDeliveries>();

/** The memory of one trigger node of one workflow, created on first use. */
export function recentDeliveriesOf(workflowId: string, nodeId: string): RecentDeliveries {
	const key = `${workflowId}\u0000${nodeId}`;
	let memory = memories.get(key);
	if (memory) {
		// Re-insert to mark it as recently used.
		memories.delete(key);
	} else {
		memory = new RecentDeliveries();
	}
	memories.set(key, memory);
	while (memories.size > TRIGGER_CAPACITY) {
		memories.delete(memories.keys().next().value as string);
	}
	return memory;
}
