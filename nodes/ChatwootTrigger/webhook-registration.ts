import { NodeOperationError, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { isChatwootEvent, type ChatwootEvent } from '../../src/protocol/events';
import type { ChatwootWebhook } from '../../src/protocol/webhook';
import { asNodeError, chatwootStatus, isUrlTaken } from '../shared/chatwoot-api-error';
import {
	createWebhook,
	deleteWebhook,
	listWebhooks,
	updateWebhook,
} from '../shared/chatwoot-webhook-api';
import { readChatwootAccount, type ChatwootAccount } from '../shared/chatwoot-api-request';
import { reachabilityHint } from './reachability-hint';
import { registrationName } from './registration-name';

/**
 * The trigger's webhook in Chatwoot, kept in step with the node (n8n's `webhookMethods.default`).
 *
 * The webhook is identified by its URL: n8n gives every trigger node its own URL (and a separate one for
 * "Listen for test event"), and Chatwoot allows one webhook per URL per account. So a webhook found at
 * this node's URL is this node's webhook, whoever created it, and is adopted rather than duplicated. The
 * id and secret are kept in the node's static data: the id to find it again cheaply, the secret to verify
 * deliveries.
 */
export interface RegistrationState extends IDataObject {
	webhookId?: number;
	/** Absent when Chatwoot returned none (before 4.11): deliveries are then accepted unverified. */
	webhookSecret?: string;
	/**
	 * The URL the webhook was registered for. With the id it tells this node's webhook apart from another
	 * one that got the same id after this one was deleted (Chatwoot never reuses ids; emulators may).
	 */
	webhookUrl?: string;
}

interface WantedWebhook {
	readonly url: string;
	readonly name: string;
	readonly subscriptions: ChatwootEvent[];
}

function readWanted(this: IHookFunctions): WantedWebhook {
	const url = this.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(this.getNode(), 'n8n has no webhook URL for this trigger');
	const selected = this.getNodeParameter('events', []) as unknown;
	const events = Array.isArray(selected) ? [...new Set(selected)] : [];
	const unknown = events.filter((event) => !isChatwootEvent(event));
	if (unknown.length) {
		throw new NodeOperationError(this.getNode(), `Unknown Chatwoot event: ${unknown.join(', ')}`);
	}
	if (!events.length) {
		throw new NodeOperationError(this.getNode(), 'Select at least one event to listen to');
	}
	return { url, name: registrationName(this, url), subscriptions: events as ChatwootEvent[] };
}

function sameSubscriptions(a: readonly string[], b: readonly string[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((event) => right.has(event));
}

function isUpToDate(webhook: ChatwootWebhook, wanted: WantedWebhook): boolean {
	return webhook.url === wanted.url && webhook.name === wanted.name && sameSubscriptions(webhook.subscriptions, wanted.subscriptions);
}

function remember(state: RegistrationState, webhook: ChatwootWebhook): void {
	state.webhookId = webhook.id;
	if (typeof webhook.secret === 'string' && webhook.secret) state.webhookSecret = webhook.secret;
	else delete state.webhookSecret;
	state.webhookUrl = webhook.url;
}

function forget(state: RegistrationState): void {
	delete state.webhookId;
	delete state.webhookSecret;
	delete state.webhookUrl;
}

/** The webhook this node registered, by id and (when known) the URL it was registered for. */
function isRemembered(state: RegistrationState, webhook: ChatwootWebhook): boolean {
	return webhook.id === state.webhookId && (state.webhookUrl === undefined || webhook.url === state.webhookUrl);
}

function stateOf(hooks: IHookFunctions): RegistrationState {
	return hooks.getWorkflowStaticData('node') as RegistrationState;
}

/** The secret Chatwoot has now for the webhook this node registered, for a delivery the stored one failed. */
export async function readWebhookSecretFromChatwoot(this: IWebhookFunctions, timeoutMs: number): Promise<string | undefined> {
	const state = this.getWorkflowStaticData('node') as RegistrationState;
	if (state.webhookId === undefined) return undefined;
	const account = await readChatwootAccount.call(this);
	const webhook = (await listWebhooks.call(this, account, undefined, timeoutMs)).find((candidate) => isRemembered(state, candidate));
	return webhook?.secret || undefined;
}

/**
 * True only when the webhook this node remembers still exists in Chatwoot, at this node's URL, with the
 * selected events. n8n calls this on every activation and every n8n start, so it asks Chatwoot each time.
 */
export async function webhookExists(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	if (state.webhookId === undefined) return false;
	const account = await readChatwootAccount.call(this);
	const wanted = readWanted.call(this);
	const webhooks = await listWebhooks.call(this, account);
	const remembered = webhooks.find((webhook) => isRemembered(state, webhook));
	if (!remembered) {
		this.logger.info(`Chatwoot webhook ${state.webhookId} no longer exists; the trigger registers a new one`);
		forget(state);
		return false;
	}
	if (!isUpToDate(remembered, wanted)) return false;
	// The secret may have been reset in Chatwoot's console since it was stored.
	remember(state, remembered);
	return true;
}

/** Brings an existing webhook to the wanted URL, name and events; undefined when Chatwoot no longer has it. */
async function adopt(
	this: IHookFunctions,
	account: ChatwootAccount,
	webhook: ChatwootWebhook,
	wanted: WantedWebhook,
): Promise<ChatwootWebhook | undefined> {
	if (isUpToDate(webhook, wanted)) {
		this.logger.debug(`Adopting Chatwoot webhook ${webhook.id} at ${wanted.url}`);
		return webhook;
	}
	try {
		this.logger.debug(`Updating Chatwoot webhook ${webhook.id} to ${wanted.url} for ${wanted.subscriptions.join(', ')}`);
		return await updateWebhook.call(this, account, webhook.id, {
			url: wanted.url,
			name: wanted.name,
			subscriptions: wanted.subscriptions,
		});
	} catch (error) {
		if (chatwootStatus(error) !== 404) throw asNodeError(this.getNode(), error);
		this.logger.info(`Chatwoot webhook ${webhook.id} was deleted while the trigger was adopting it`);
		return undefined;
	}
}

async function register(this: IHookFunctions, account: ChatwootAccount, wanted: WantedWebhook): Promise<ChatwootWebhook> {
	try {
		return await createWebhook.call(this, account, {
			url: wanted.url,
			name: wanted.name,
			subscriptions: wanted.subscriptions,
		});
	} catch (error) {
		if (!isUrlTaken(error)) throw asNodeError(this.getNode(), error);
		// Another activation got there first, or the list we looked at was stale: adopt that webhook.
		this.logger.info(`Chatwoot already has a webhook at ${wanted.url}; the trigger adopts it`);
		const existing = (await listWebhooks.call(this, account)).find((webhook) => webhook.url === wanted.url);
		const adopted = existing && (await adopt.call(this, account, existing, wanted));
		if (!adopted) throw asNodeError(this.getNode(), error);
		return adopted;
	}
}

/**
 * Makes sure Chatwoot has exactly one webhook for this node: adopts the one at this node's URL (updating
 * its events and name if they changed), or moves the one this node registered earlier under another URL
 * (n8n's public URL changed), or creates one named after the workflow.
 */
export async function createOrAdoptWebhook(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const account = await readChatwootAccount.call(this);
	const wanted = readWanted.call(this);
	const webhooks = await listWebhooks.call(this, account);

	const atUrl = webhooks.find((webhook) => webhook.url === wanted.url);
	const earlier = webhooks.find((webhook) => isRemembered(state, webhook) && webhook.url !== wanted.url);

	let webhook: ChatwootWebhook | undefined;
	if (atUrl) {
		webhook = await adopt.call(this, account, atUrl, wanted);
		if (earlier) {
			// Two webhooks are this node's: keep the one at the current URL, remove the other.
			await removeWebhook.call(this, account, earlier.id);
		}
	} else if (earlier) {
		webhook = await adopt.call(this, account, earlier, wanted);
	}
	webhook ??= await register.call(this, account, wanted);
	remember(state, webhook);

	const hint = reachabilityHint(wanted.url, account.baseUrl);
	if (hint) this.logger.warn(hint);
	if (!webhook.secret) {
		this.logger.warn(
			`Chatwoot returned no secret for webhook ${webhook.id} (Chatwoot before 4.11): deliveries cannot be verified and are marked unverified`,
		);
	}
	return true;
}

/** Deletes one webhook; a 404 means it is already gone, which is what was wanted. */
async function removeWebhook(this: IHookFunctions, account: ChatwootAccount, id: number): Promise<void> {
	try {
		await deleteWebhook.call(this, account, id);
	} catch (error) {
		if (chatwootStatus(error) !== 404) throw asNodeError(this.getNode(), error);
		this.logger.debug(`Chatwoot webhook ${id} was already deleted`);
	}
}

/**
 * Removes this node's webhook: the remembered id, and whatever else sits at this node's URL (a webhook
 * whose id never reached the static data, e.g. after a crash between Chatwoot's answer and n8n saving it).
 */
export async function deleteOwnWebhook(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const account = await readChatwootAccount.call(this);
	const url = this.getNodeWebhookUrl('default');
	const ids = new Set<number>();

	try {
		const webhooks = await listWebhooks.call(this, account);
		for (const webhook of webhooks) {
			if (isRemembered(state, webhook) || (url && webhook.url === url)) ids.add(webhook.id);
		}
		if (state.webhookId !== undefined && !ids.has(state.webhookId)) {
			this.logger.debug(`Chatwoot webhook ${state.webhookId} was already deleted`);
		}
	} catch (error) {
		if (state.webhookId === undefined) throw asNodeError(this.getNode(), error);
		this.logger.warn(`Could not list Chatwoot webhooks; deleting the remembered webhook ${state.webhookId} only`, {
			error,
		});
		ids.add(state.webhookId);
	}

	for (const id of ids) await removeWebhook.call(this, account, id);
	forget(state);
	return true;
}
