/**
 * The three ways Chatwoot renders one stored time (unix milliseconds here): `as_json` gives ISO 8601 with
 * milliseconds, `to_i` unix seconds (and 0 for nil, as `nil.to_i` is), `to_f` fractional unix seconds.
 */
export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
	return ms === null ? null : new Date(ms).toISOString();
}

export function unixTime(ms: number | null): number {
	return ms === null ? 0 : Math.floor(ms / 1000);
}

export function unixFloat(ms: number): number {
	return ms / 1000;
}
