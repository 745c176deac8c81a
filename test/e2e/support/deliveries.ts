import { createHmac, randomUUID } from 'node:crypto';

import { requestJson, type JsonResponse } from '../../../testkit/n8n/json-http';

/**
 * Deliveries made by hand, the way an attacker or a misconfigured proxy would send them: Chatwoot's
 * headers over an exact body, signed here with node:crypto (independently of the package's own code).
 */
export interface CraftedDelivery {
	/** The exact body bytes. */
	readonly body: string;
	readonly secret: string;
	/** Unix seconds; now when absent. */
	readonly timestamp?: number;
	readonly deliveryId?: string;
	/** Sign with this instead of the webhook's secret. */
	readonly signWith?: string;
}

export function chatwootSignature(secret: string, timestamp: number, body: string): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function postDelivery(url: string, delivery: CraftedDelivery): Promise<JsonResponse<{ message?: string }>> {
	const timestamp = delivery.timestamp ?? Math.floor(Date.now() / 1000);
	return requestJson(url, {
		method: 'POST',
		body: delivery.body,
		headers: {
			'content-type': 'application/json',
			'user-agent': 'Ruby',
			'x-chatwoot-delivery': delivery.deliveryId ?? randomUUID(),
			'x-chatwoot-timestamp': String(timestamp),
			'x-chatwoot-signature': chatwootSignature(delivery.signWith ?? delivery.secret, timestamp, delivery.body),
		},
	});
}
