import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * Where the trigger's deliveries come from. Chatwoot calls out in several ways (`app/jobs/webhook_job.rb`):
 *
 * - `accountWebhook`: a webhook of the account, which the trigger registers itself (the default, and all a
 *   trigger saved before sources existed knows);
 * - `agentBot`: an agent bot the trigger creates or adopts and connects to inboxes;
 * - `apiInbox`: an API inbox's callback URL, pasted into Chatwoot by a person;
 * - `manual`: anything else a person points at this URL: a webhook made by hand, an agent bot of their
 *   own, an automation rule's or a macro's "send webhook".
 *
 * The first two keep their secret in the node's static data and can read it again from Chatwoot; the
 * last two take it from a `chatwootWebhookSecretApi` credential.
 */
export const TRIGGER_SOURCES = ['accountWebhook', 'agentBot', 'apiInbox', 'manual'] as const;

export type TriggerSource = (typeof TRIGGER_SOURCES)[number];

export const DEFAULT_SOURCE: TriggerSource = 'accountWebhook';

export function readSource(this: IHookFunctions | IWebhookFunctions): TriggerSource {
	const source = this.getNodeParameter('source', DEFAULT_SOURCE) as unknown;
	return (TRIGGER_SOURCES as readonly unknown[]).includes(source) ? (source as TriggerSource) : DEFAULT_SOURCE;
}

/** Sources whose webhook or bot the trigger registered, so that it can read the secret again from Chatwoot. */
export function isRegisteredSource(source: TriggerSource): source is 'accountWebhook' | 'agentBot' {
	return source === 'accountWebhook' || source === 'agentBot';
}
