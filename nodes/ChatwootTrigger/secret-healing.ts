import type { IWebhookFunctions } from 'n8n-workflow';

import { readAgentBotSecretFromChatwoot } from './agent-bot-registration';
import { readWebhookSecretFromChatwoot } from './webhook-registration';

/**
 * A secret reset in Chatwoot (an agent bot's `reset_secret`, a webhook recreated by hand, a restore) would
 * otherwise break every delivery until someone reactivates the workflow. So when a delivery fails the
 * signature check with the stored secret, the trigger asks Chatwoot for the current secret, at most once
 * per minute per trigger: a stream of forged requests costs Chatwoot one call a minute, not one each.
 *
 * The schedule lives in this process's memory, like the repeat memory: with several webhook processors,
 * each may ask once a minute.
 */
export const SECRET_REREAD_INTERVAL_MS = 60_000;

/**
 * The re-read happens while the delivery waits for its answer, and Chatwoot gives up on a delivery after
 * 5 s (`Webhooks::Trigger`'s timeout) and marks it failed. A Chatwoot slower than this is treated as "no
 * new secret", so the delivery is refused 401 with its own reason in time rather than left to time out.
 */
export const SECRET_REREAD_TIMEOUT_MS = 3_000;

/** How many triggers' schedules this process keeps; the least recently used is dropped beyond it. */
const TRIGGER_CAPACITY = 1_000;

export class SecretRereadSchedule {
	private readonly lastAttempts = new Map<string, number>();

	constructor(
		private readonly intervalMs: number = SECRET_REREAD_INTERVAL_MS,
		private readonly now: () => number = Date.now,
	) {}

	/** True, and the attempt recorded, when this trigger has not asked within the interval. */
	mayReread(trigger: string): boolean {
		const now = this.now();
		const last = this.lastAttempts.get(trigger);
		if (last !== undefined && now - last < this.intervalMs) return false;
		this.lastAttempts.delete(trigger);
		this.lastAttempts.set(trigger, now);
		while (this.lastAttempts.size > TRIGGER_CAPACITY) this.lastAttempts.delete(this.lastAttempts.keys().next().value as string);
		return true;
	}
}

const schedule = new SecretRereadSchedule();

/**
 * The secret Chatwoot has now for this trigger's webhook or bot, when the schedule allows asking and it
 * differs from the stored one; undefined otherwise. A failed or timed-out call is logged and reads as "no
 * new secret".
 */
export async function rereadSecret(
	this: IWebhookFunctions,
	source: 'accountWebhook' | 'agentBot',
	stored: string,
): Promise<string | undefined> {
	const trigger = `${this.getWorkflow().id ?? ''}\u0000${this.getNode().id}\u0000${this.getMode()}`;
	if (!schedule.mayReread(trigger)) return undefined;
	try {
		const current =
			source === 'accountWebhook'
				? await readWebhookSecretFromChatwoot.call(this, SECRET_REREAD_TIMEOUT_MS)
				: await readAgentBotSecretFromChatwoot.call(this, SECRET_REREAD_TIMEOUT_MS);
		return current && current !== stored ? current : undefined;
	} catch (error) {
		this.logger.warn(`Could not read the ${source === 'accountWebhook' ? 'webhook' : 'agent bot'} secret again from Chatwoot`, { error });
		return undefined;
	}
}
