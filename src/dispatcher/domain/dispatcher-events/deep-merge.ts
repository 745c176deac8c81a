function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `override` laid over `base`: objects merge key by key, anything else (arrays included) replaces. Keys
 * keep `base`'s order, new keys follow, so a payload keeps Chatwoot's key order under an override.
 */
export function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
	const merged: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(override)) {
		const current = merged[key];
		merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
	}
	return merged;
}
