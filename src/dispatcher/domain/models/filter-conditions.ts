/**
 * Chatwoot's custom filters (`POST …/conversations/filter`, `…/contacts/filter`, `FilterService`): a list
 * of `{attribute_key, filter_operator, values, query_operator}` turned into one SQL condition, with
 * Chatwoot's refusals (`CustomExceptions::CustomFilter`). The dispatcher knows the standard attributes of
 * the columns it keeps, not custom attributes or dates.
 */
export class InvalidFilter extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InvalidFilter';
	}
}

export interface FilterCondition {
	attribute_key?: unknown;
	filter_operator?: unknown;
	values?: unknown;
	query_operator?: unknown;
}

/** How one attribute is matched: its SQL expression and the operators Chatwoot allows on it. */
export interface FilterAttribute {
	readonly sql: string;
	readonly operators: readonly FilterOperator[];
	/** A JSON array column (labels): values are matched as its elements. */
	readonly list?: boolean;
}

export type FilterOperator = 'equal_to' | 'not_equal_to' | 'contains' | 'does_not_contain' | 'is_present' | 'is_not_present';

function text(values: unknown): string[] {
	return (Array.isArray(values) ? values : [values]).filter((value) => value !== null && value !== undefined).map(String);
}

function clause(attribute: FilterAttribute, operator: FilterOperator, values: string[], args: unknown[]): string {
	const marks = values.map(() => '?').join(', ') || 'NULL';
	if (attribute.list) {
		const any = `EXISTS (SELECT 1 FROM json_each(${attribute.sql}) WHERE json_each.value IN (${marks}))`;
		if (operator === 'equal_to' || operator === 'not_equal_to') args.push(...values);
		if (operator === 'equal_to') return any;
		if (operator === 'not_equal_to') return `NOT ${any}`;
		return operator === 'is_present' ? `json_array_length(${attribute.sql}) > 0` : `json_array_length(${attribute.sql}) = 0`;
	}
	switch (operator) {
		case 'equal_to':
			args.push(...values);
			return `${attribute.sql} IN (${marks})`;
		case 'not_equal_to':
			args.push(...values);
			return `(${attribute.sql} IS NULL OR ${attribute.sql} NOT IN (${marks}))`;
		case 'contains':
			args.push(`%${values[0] ?? ''}%`);
			return `lower(${attribute.sql}) LIKE lower(?)`;
		case 'does_not_contain':
			args.push(`%${values[0] ?? ''}%`);
			return `(${attribute.sql} IS NULL OR lower(${attribute.sql}) NOT LIKE lower(?))`;
		case 'is_present':
			return `(${attribute.sql} IS NOT NULL AND ${attribute.sql} != '')`;
		case 'is_not_present':
			return `(${attribute.sql} IS NULL OR ${attribute.sql} = '')`;
	}
}

/** The conditions as one SQL expression with its arguments; `query_operator` joins a condition to the next. */
export function filterSql(
	conditions: unknown,
	attributes: Readonly<Record<string, FilterAttribute>>,
): { sql: string; args: unknown[] } {
	const list = Array.isArray(conditions) ? (conditions as FilterCondition[]) : [];
	const args: unknown[] = [];
	let sql = '';
	list.forEach((condition, index) => {
		const key = String(condition.attribute_key ?? '');
		const attribute = attributes[key];
		if (!attribute) {
			throw new InvalidFilter(
				`Invalid attribute key - [${key}]. The key should be one of [${Object.keys(attributes).join(',')}] or a custom attribute defined in the account.`,
			);
		}
		const operator = String(condition.filter_operator ?? '') as FilterOperator;
		if (!attribute.operators.includes(operator)) {
			throw new InvalidFilter(`Invalid operator. The allowed operators for ${key} are [${attribute.operators.join(',')}].`);
		}
		const joiner = index === list.length - 1 ? undefined : String(condition.query_operator ?? 'AND').toUpperCase();
		if (joiner !== undefined && joiner !== 'AND' && joiner !== 'OR') {
			throw new InvalidFilter('Query operator must be either "AND" or "OR"');
		}
		sql += `(${clause(attribute, operator, text(condition.values), args)})${joiner ? ` ${joiner} ` : ''}`;
	});
	return { sql: sql || '1', args };
}
