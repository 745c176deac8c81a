/**
 * A list of Chatwoot ids typed into a text field: "3, 5", "3 5" or "3;5", duplicates dropped. Undefined
 * when any entry is not a positive whole number, so that a typo is reported instead of silently
 * widening or narrowing what the trigger does. A number (an expression's result) is a one-id list.
 */
export function parseIdList(value: unknown): number[] | undefined {
	if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? [value] : undefined;
	if (Array.isArray(value)) return parseIdList(value.join(','));
	if (typeof value !== 'string') return value === undefined || value === null ? [] : undefined;
	const entries = value.split(/[\s,;]+/).filter((entry) => entry !== '');
	if (!entries.every((entry) => /^[1-9][0-9]{0,15}$/.test(entry))) return undefined;
	return [...new Set(entries.map(Number))];
}
