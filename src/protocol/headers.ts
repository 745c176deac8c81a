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

/**
 * One header's single value: undefined when absent, null when it came more than once. A repeated
 * signature or delivery header is ambiguous, and picking one of its values would be a guess.
 */
export function readSingleHeader(headers: HeaderBag, name: string): string | null | undefined {
	const value = readHeader(headers, name);
	if (value === undefined || typeof value === 'string') return value;
	return value.length === 1 ? value[0] : null;
}
