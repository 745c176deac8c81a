import type { LabelRow } from '../../domain/schema/records';

/** `api/v1/accounts/labels/index` and `create`: a label's five public fields. */
export function labelView(label: LabelRow): Record<string, unknown> {
	return {
		id: label.id,
		title: label.title,
		description: label.description,
		color: label.color,
		show_on_sidebar: label.show_on_sidebar === null ? null : label.show_on_sidebar === 1,
	};
}
