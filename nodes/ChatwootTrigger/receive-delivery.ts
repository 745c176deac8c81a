import { type IDataObject, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import { isUnsignedSenderEvent } from '../../src/protocol/channel-events';
import { DELIVERY_HEADER, readSingleHeader, TIMESTAMP_HEADER, type HeaderBag } from '../../src/protocol/headers';
import { verify } from '../../src/protocol/signature';
import { redactChannelSecrets } from './channel-secrets';
import { filterDelivery } from './delivery-filter';
import { recentDeliveriesOf } from './recent-deliveries';
import { rereadSecret } from './secret-healing';
import { keepSigningSecret, readSigningSecret } from './signing-secret';
import { UNSIGNED_SENDERS_NOTICE } from './trigger-properties';
import { readTriggerOptions, type ReceiveOptions } from './trigger-options';
import { isRegisteredSource, readSource, type TriggerSource } from './trigger-source';

/**
 * One delivery from Chatwoot, from raw request to workflow item: verify the signature over the exact
 * bytes received with the secret of this trigger's source, drop what the user did not ask for, drop
 * repeats, and hand on Chatwoot's payload as it came, channel secrets redacted unless asked for.
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
	/** How `verified` came about: checked, Chatwoot gave no secret (before 4.11/4.13), or the check is off. */
	verification: Verification;
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

type SignatureOutcome = { readonly verification: Verification } | { readonly refusal: IWebhookResponseData };

/**
 * Checks the signature with the source's secret. A mismatch with a registered webhook's or bot's secret
 * asks Chatwoot for the current one (see secret-healing), keeps it when it changed, and checks once more.
 */
async function checkSignature(
	this: IWebhookFunctions,
	source: TriggerSource,
	raw: Buffer,
	headers: HeaderBag,
	options: ReceiveOptions,
): Promise<SignatureOutcome> {
	if (!options.checkSignature) return { verification: 'check_disabled' };
	const secret = await readSigningSecret.call(this, source);
	if (!secret) {
		// A registered webhook or bot of a Chatwoot too old to sign has no secret; a pasted source must have one.
		if (isRegisteredSource(source)) return { verification: 'no_secret' };
		return {
			refusal: reject.call(this, 401, {
				message:
					'This trigger checks signatures but has no secret: select a Chatwoot Webhook Secret credential, or turn off Check Signature to accept unsigned senders',
				reason: 'no_secret',
			}),
		};
	}

	let result = verify({ body: raw, headers, secret, toleranceSeconds: options.toleranceSeconds });
	if (!result.valid && result.reason === 'mismatch' && isRegisteredSource(source)) {
		const current = await rereadSecret.call(this, source, secret);
		if (current) {
			// Chatwoot's answer is the truth whatever this delivery turns out to be: a forged request that
			// caused the read must not make the next genuine delivery wait a minute for its own.
			this.logger.info(`Chatwoot's ${source === 'agentBot' ? 'agent bot' : 'webhook'} secret changed; the trigger keeps the new one`);
			keepSigningSecret.call(this, source, current);
			result = verify({ body: raw, headers, secret: current, toleranceSeconds: options.toleranceSeconds });
		}
	}
	if (result.valid) return { verification: 'signature' };

	this.logger.debug(`Chatwoot delivery refused: ${result.message}`);
	const payload = parsePayload(raw);
	const unsigned = result.reason === 'missing_signature' && isUnsignedSenderEvent(payload?.event);
	const message = `Chatwoot signature check failed: ${result.message}${unsigned ? `. ${UNSIGNED_SENDERS_NOTICE}` : ''}`;
	return { refusal: reject.call(this, 401, { message, reason: result.reason }) };
}

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const source = readSource.call(this);
	const { filter, options } = readTriggerOptions.call(this);
	const headers = this.getRequestObject().headers as HeaderBag;
	const raw = await rawBodyOf.call(this);

	const signature = await checkSignature.call(this, source, raw, headers, options);
	if ('refusal' in signature) return signature.refusal;

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
		verified: signature.verification === 'signature',
		verification: signature.verification,
	};
	const output = options.keepChannelSecrets ? (payload as IDataObject) : redactChannelSecrets(payload as IDataObject);
	return {
		workflowData: [this.helpers.returnJsonArray([{ ...output, [DELIVERY_KEY]: delivery }])],
	};
}
