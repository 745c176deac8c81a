import type { IDataObject } from 'n8n-workflow';

/**
 * `inbox_created` and `inbox_updated` carry the inbox's channel as its raw database record
 * (`Inbox::EventDataPresenter`), with every credential the channel holds: API channels' `secret` and
 * `hmac_token`, widget `hmac_token`, Telegram `bot_token`, Facebook and Instagram access tokens, Line's
 * channel secret and token, Twilio's `auth_token` and `api_key_secret`, e-mail passwords, and the
 * `provider_config` of WhatsApp, SMS, Twilio and e-mail (API keys, OAuth tokens). Workflow data is stored
 * with every execution and shown to anyone who can open the workflow, so these values are replaced
 * unless the user asks to keep them.
 */
export const REDACTED = '[redacted]';

const SECRET_KEY = /(token|secret|password)$/i;

/** Keys whose whole value is a bag of provider credentials. */
const SECRET_BAGS: ReadonlySet<string> = new Set(['provider_config']);

const INBOX_EVENTS: ReadonlySet<unknown> = new Set(['inbox_created', 'inbox_updated']);

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSecretKey(key: string): boolean {
	return SECRET_KEY.test(key) || SECRET_BAGS.has(key);
}

/** A null or empty value says "not set", which is safe and useful to see; anything else is replaced. */
function redactValue(value: unknown): unknown {
	return value === null || value === '' ? value : REDACTED;
}

function redactChannel(channel: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(channel).map(([key, value]) => [key, isSecretKey(key) ? redactValue(value) : value]),
	) as IDataObject;
}

/** `changed_attributes` entries for a channel credential keep their key and lose both values. */
function redactChange(change: unknown): unknown {
	if (!isObject(change)) return change;
	return Object.fromEntries(
		Object.entries(change).map(([key, value]) => {
			if (!isSecretKey(key) || !isObject(value)) return [key, value];
			return [key, { ...value, previous_value: redactValue(value.previous_value), current_value: redactValue(value.current_value) }];
		}),
	);
}

export function redactChannelSecrets(payload: IDataObject): IDataObject {
	if (!INBOX_EVENTS.has(payload.event)) return payload;
	const redacted: IDataObject = { ...payload };
	if (isObject(payload.channel)) redacted.channel = redactChannel(payload.channel);
	if (Array.isArray(payload.changed_attributes)) {
		redacted.changed_attributes = payload.changed_attributes.map(redactChange) as IDataObject[];
	}
	return redacted;
}
