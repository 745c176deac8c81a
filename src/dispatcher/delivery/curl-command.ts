/** A shell word in single quotes, so that nothing in it is expanded. */
function quoted(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A `curl` that sends exactly this request: the method, every header and the body bytes as they are
 * (`--data-binary`, which keeps newlines, unlike `-d`).
 */
export function curlCommand(url: string, headers: Record<string, string>, body: string): string {
	const lines = [`curl -sS -X POST ${quoted(url)}`];
	for (const [name, value] of Object.entries(headers)) lines.push(`  -H ${quoted(`${name}: ${value}`)}`);
	lines.push(`  --data-binary ${quoted(body)}`);
	return lines.join(' \\\n');
}
