/**
 * acts-as-taggable's tag list as Chatwoot's labels calls write it: names as given, repeats dropped; a new
 * list is a change only when it holds other names, whatever their order.
 */
export function labelList(names: readonly string[]): string[] {
	return [...new Set(names)];
}

export function sameLabels(current: readonly string[], wanted: readonly string[]): boolean {
	return [...current].sort().join('\u0000') === [...wanted].sort().join('\u0000');
}
