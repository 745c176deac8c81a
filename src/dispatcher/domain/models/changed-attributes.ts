import { isoTime } from '../schema/chatwoot-time';

/** One attribute's change as `BaseListener#extract_changed_attributes` writes it. */
export type ChangedAttributes = Array<Record<string, { previous_value: unknown; current_value: unknown }>>;

/** A column's before and after, as the domain records them (times in unix ms, JSON columns as text). */
export interface AttributeChange {
	readonly attribute: string;
	readonly previous: unknown;
	readonly current: unknown;
	/** How `previous_changes` holds the value: a Time renders as ISO, a jsonb column as its object. */
	readonly kind?: 'time' | 'json' | 'boolean';
}

function asRuby(value: unknown, kind: AttributeChange['kind']): unknown {
	if (value === null || value === undefined) return null;
	if (kind === 'time') return isoTime(value as number);
	if (kind === 'json') return JSON.parse(value as string) as unknown;
	if (kind === 'boolean') return value === 1 || value === true;
	return value;
}

/**
 * Rails lists `previous_changes` in the order of the table's columns in `db/schema.rb`, not in the order
 * the attributes were set; `columns` is that order for one table. Attributes it does not name (such as a
 * tag list, which is not a column) come last, in the order given.
 */
export function inSchemaOrder(changes: readonly AttributeChange[], columns: readonly string[]): AttributeChange[] {
	const rank = (change: AttributeChange) => {
		const index = columns.indexOf(change.attribute);
		return index === -1 ? columns.length : index;
	};
	return [...changes].sort((a, b) => rank(a) - rank(b));
}

/**
 * `previous_changes` mapped to `[{"<attr>": {"previous_value": x, "current_value": y}}, ...]`, in the
 * order given (see inSchemaOrder); null when nothing changed, which is what Chatwoot sends then.
 */
export function changedAttributes(changes: readonly AttributeChange[]): ChangedAttributes | null {
	if (changes.length === 0) return null;
	return changes.map((change) => ({
		[change.attribute]: {
			previous_value: asRuby(change.previous, change.kind),
			current_value: asRuby(change.current, change.kind),
		},
	}));
}
