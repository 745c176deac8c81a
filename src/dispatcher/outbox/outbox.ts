import type { NewDelivery } from '../store/delivery-store';

/**
 * Where the domain hands finished deliveries: one per subscribed webhook, the body already serialised.
 * `add` is synchronous and is called inside the domain's store transaction, so the deliveries commit or
 * roll back together with the change that caused them. Behind this port the delivery side only stores,
 * claims, signs, sends and settles; it never calls back into the domain to fan out.
 */
export interface Outbox {
	add(deliveries: readonly NewDelivery[]): void;
}
