import type { IWebhookFunctions } from 'n8n-workflow';

import type { AgentBotState } from './agent-bot-registration';
import type { TriggerSource } from './trigger-source';
import type { RegistrationState } from './webhook-registration';

/**
 * Where each source keeps the secret its deliveries are signed with: the registered webhook's or bot's in
 * the node's static data (written on activation, and when a delivery proved Chatwoot had reset it), a
 * pasted one in the `chatwootWebhookSecretApi` credential.
 */
export const SECRET_CREDENTIAL = 'chatwootWebhookSecretApi';

export async function readSigningSecret(this: IWebhookFunctions, source: TriggerSource): Promise<string | undefined> {
	const state = this.getWorkflowStaticData('node') as RegistrationState & AgentBotState;
	if (source === 'accountWebhook') return state.webhookSecret || undefined;
	if (source === 'agentBot') return state.agentBotSecret || undefined;
	try {
		const credential = await this.getCredentials<{ secret?: unknown }>(SECRET_CREDENTIAL);
		return typeof credential.secret === 'string' && credential.secret ? credential.secret : undefined;
	} catch {
		// No credential selected: the trigger then has no secret, which the caller reports.
		return undefined;
	}
}

/**
 * Keeps a secret re-read from Chatwoot. This is the one write to static data from `webhook()`: it happens
 * only when Chatwoot's secret differs from the stored one, and n8n saves the static data after the request.
 */
export function keepSigningSecret(this: IWebhookFunctions, source: 'accountWebhook' | 'agentBot', secret: string): void {
	const state = this.getWorkflowStaticData('node') as RegistrationState & AgentBotState;
	if (source === 'accountWebhook') state.webhookSecret = secret;
	else state.agentBotSecret = secret;
}
