/**
 * `changed_attributes` as `BaseListener#extract_changed_attributes` sends it on `conversation_updated`,
 * `contact_updated` and `inbox_updated`: an array of single-key objects,
 * `[{ "<attribute>": { "previous_value": x, "current_value": y } }, …]`, or null when nothing changed.
 */
export function readChangedAttributeNames(payload: unknown): string[] | undefined {
	if (typeof payload !== 'object' || payload === null) return undefined;
	const changes = (payload as Record<string, unknown>).changed_attributes;
	if (!Array.isArray(changes)) return undefined;
	return changes.flatMap((change: unknown) =>
		typeof change === 'object' && change !== null && !Array.isArray(change) ? Object.keys(change) : [],
	);
}
