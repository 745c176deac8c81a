/** The headers Chatwoot sets on every webhook delivery (`lib/webhooks/trigger.rb`), in Node's lowercase form. */
export const SIGNATURE_HEADER = 'x-chatwoot-signature';
export const TIMESTAMP_HEADER = 'x-chatwoot-timestamp';
export const DELIVERY_HEADER = 'x-chatwoot-delivery';

/** Node's `IncomingHttpHeaders` and plain objects alike: names may come in any case. */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Reads one header by name, case-insensitively. A repeated header yields all its values. */
export function readHeader(headers: HeaderBag, name: string): string | readonly string[] | undefined {
	const direct = headers[name];
	if (direct !== undefined) return direct;
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() === wanted) return headers[key];
	}
	return undefined;
}
