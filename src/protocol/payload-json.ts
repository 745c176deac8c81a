/**
 * Chatwoot serialises payloads with ActiveSupport's `to_json`: compact, with `<`, `>` and `&` escaped as
 * `\u003c`, `\u003e`, `\u0026` and the JavaScript line terminators U+2028/U+2029 escaped too. The escapes
 * change the bytes that are signed, so an emulator must produce them exactly.
 */
const ESCAPES: Readonly<Record<string, string>> = {
	'<': '\\u003c',
	'>': '\\u003e',
	'&': '\\u0026',
	'\u2028': '\\u2028',
	'\u2029': '\\u2029',
};

export function serializePayload(payload: unknown): string {
	const json = JSON.stringify(payload);
	if (json === undefined) throw new TypeError('A Chatwoot payload must be JSON-serialisable');
	return json.replace(/[<>&\u2028\u2029]/g, (character) => ESCAPES[character]);
}
