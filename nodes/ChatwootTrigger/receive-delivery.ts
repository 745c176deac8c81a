import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { MESSAGE_TYPES, type MessageType } from '../../src/protocol/event-scope';
import { DELIVERY_HEADER, readSingleHeader, TIMESTAMP_HEADER, type HeaderBag } from '../../src/protocol/headers';
import { DEFAULT_TOLERANCE_SECONDS, verify } from '../../src/protocol/signature';
import { filterDelivery, type DeliveryFilter } from './delivery-filter';
import { recentDeliveriesOf } from './recent-deliveries';
import type { RegistrationState } from './webhook-registration';

/**
 * One delivery from Chatwoot, from raw request to workflow item: verify the signature over the exact
 * bytes received with the secret Chatwoot gave this node's webhook, drop what the user did not ask for,
 * drop repeats, and hand on Chatwoot's payload as it came.
 *
 * A rejected signature is answered 401 and starts nothing. Ignored deliveries are answered 200 so that
 * Chatwoot (or a proxy in front of n8n) does not treat them as failures.
 */
export const DELIVERY_KEY = 'chatwootDelivery';

export type Verification = 'signature' | 'no_secret' | 'check_disabled';

/** What the trigger adds beside Chatwoot's payload, under `chatwootDelivery`. */
export interface DeliveryInfo extends IDataObject {
	/** `X-Chatwoot-Delivery`: the same on every retry of one delivery. */
	id: string | null;
	/** `X-Chatwoot-Timestamp`, unix seconds. */
	timestamp: number | null;
	event: string;
	/** True only when the signature was checked and matched. */
	verified: boolean;
	/** How `verified` came about: checked, Chatwoot gave no secret (before 4.11), or the check is off. */
	verification: Verification;
}

interface TriggerOptions {
	inboxId?: number;
	messageTypes?: string[];
	includePrivateNotes?: boolean;
	checkSignature?: boolean;
	toleranceSeconds?: number;
	ignoreRepeatedDeliveries?: boolean;
}

function readOptions(this: IWebhookFunctions): { filter: DeliveryFilter; options: Required<Omit<TriggerOptions, 'inboxId' | 'messageTypes' | 'includePrivateNotes'>> } {
	const events = this.getNodeParameter('events', []) as string[];
	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	const inboxId = Number(options.inboxId);
	const messageTypes = (options.messageTypes ?? ['incoming']).filter((type): type is MessageType =>
		(MESSAGE_TYPES as readonly string[]).includes(type),
	);
	const tolerance = Number(options.toleranceSeconds);
	return {
		filter: {
			events: new Set(events),
			...(Number.isInteger(inboxId) && inboxId > 0 ? { inboxId } : {}),
			messageTypes: new Set(messageTypes),
			includePrivate: options.includePrivateNotes === true,
		},
		options: {
			checkSignature: options.checkSignature !== false,
			toleranceSeconds: Number.isFinite(tolerance) && tolerance > 0 ? tolerance : DEFAULT_TOLERANCE_SECONDS,
			ignoreRepeatedDeliveries: options.ignoreRepeatedDeliveries !== false,
		},
	};
}

/** A present, non-empty header sent once; anything else reads as absent. */
function singleHeader(headers: HeaderBag, name: string): string | undefined {
	return readSingleHeader(headers, name) || undefined;
}

async function rawBodyOf(this: IWebhookFunctions): Promise<Buffer> {
	const request = this.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') await request.readRawBody();
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
	// Without the raw bytes no signature can be checked; an empty body fails verification loudly.
	return Buffer.alloc(0);
}

function reject(this: IWebhookFunctions, status: 400 | 401, body: IDataObject): IWebhookResponseData {
	this.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

function ignore(reason: string): IWebhookResponseData {
	return { webhookResponse: { message: `Ignored: ${reason}` } };
}

function parsePayload(raw: Buffer): Record<string, unknown> | undefined {
	try {
		const parsed: unknown = JSON.parse(raw.toString('utf8'));
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { filter, options } = readOptions.call(this);
	const headers = this.getRequestObject().headers as HeaderBag;
	const raw = await rawBodyOf.call(this);
	const secret = (this.getWorkflowStaticData('node') as RegistrationState).webhookSecret;

	let verification: Verification = 'check_disabled';
	if (options.checkSignature && secret) {
		const result = verify({ body: raw, headers, secret, toleranceSeconds: options.toleranceSeconds });
		if (!result.valid) {
			this.logger.debug(`Chatwoot delivery refused: ${result.message}`);
			return reject.call(this, 401, { message: `Chatwoot signature check failed: ${result.message}`, reason: result.reason });
		}
		verification = 'signature';
	} else if (options.checkSignature) {
		verification = 'no_secret';
	}

	const payload = parsePayload(raw);
	if (!payload) return reject.call(this, 400, { message: 'The request body is not a JSON object' });

	const verdict = filterDelivery(payload, filter);
	if (!verdict.pass) return ignore(verdict.reason);

	const deliveryId = singleHeader(headers, DELIVERY_HEADER) ?? null;
	if (options.ignoreRepeatedDeliveries && deliveryId) {
		const workflowId = this.getWorkflow().id ?? '';
		if (!recentDeliveriesOf(workflowId, this.getNode().id).firstSeen(deliveryId)) {
			return ignore(`delivery ${deliveryId} was already received`);
		}
	}

	const timestamp = Number(singleHeader(headers, TIMESTAMP_HEADER));
	const delivery: DeliveryInfo = {
		id: deliveryId,
		timestamp: Number.isInteger(timestamp) ? timestamp : null,
		event: String(payload.event),
		verified: verification === 'signature',
		verification,
	};
	return {
		workflowData: [this.helpers.returnJsonArray([{ ...(payload as IDataObject), [DELIVERY_KEY]: delivery }])],
	};
}
