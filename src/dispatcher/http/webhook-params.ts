import { z } from 'zod';

import { ParameterMissing } from '../domain/models/record-errors';
import type { WebhookParams } from '../domain/models/webhooks';
import { parseParams, recordId } from './parse-params';

/**
 * `params.require(:webhook).permit(:inbox_id, :name, :url, subscriptions: [])`. Unknown keys, `secret`
 * and `webhook_type` among them, are dropped as Rails drops unpermitted params.
 */
const webhookParams = z.object({
	url: z.string().optional(),
	name: z.string().nullable().optional(),
	subscriptions: z.array(z.string({ message: 'Invalid events' }), { message: 'Invalid events' }).nullable().optional(),
	inbox_id: recordId.nullable().optional(),
});

/** `Webhook.attribute_names`: the flat keys Rails' `wrap_parameters` moves under `webhook`. */
const WRAPPED_KEYS = [
	'id',
	'account_id',
	'inbox_id',
	'url',
	'created_at',
	'updated_at',
	'webhook_type',
	'subscriptions',
	'name',
	'secret',
];

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `webhook` root: `{"webhook": {...}}` as sent, or a flat body wrapped as Rails' `wrap_parameters`
 * does. An empty or missing root is `ParameterMissing`, as `params.require` raises it.
 */
export function readWebhookParams(body: unknown): WebhookParams {
	const source = isObject(body) ? body : {};
	let root: unknown;
	if ('webhook' in source) root = source.webhook;
	else root = Object.fromEntries(Object.entries(source).filter(([key]) => WRAPPED_KEYS.includes(key)));
	if (!isObject(root) || Object.keys(root).length === 0) throw new ParameterMissing('webhook');
	return parseParams(webhookParams, root);
}
