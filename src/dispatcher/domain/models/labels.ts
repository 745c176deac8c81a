import type { Database } from '../../store/database';
import { Validation } from './record-errors';
import type { LabelRow } from '../schema/records';

export interface NewLabelParams {
	title?: string | null;
	description?: string | null;
	color?: string | null;
	show_on_sidebar?: boolean | null;
}

/** `RegexHelper::UNICODE_CHARACTER_NUMBER_HYPHEN_UNDERSCORE`: a letter or digit, then letters, digits, `-` or `_`. */
const TITLE = /^[\p{L}\p{N}]+[\p{L}\p{N}_-]+$/u;

/** `Label`, the account's label definitions (conversations may carry labels that are not defined). */
export class Labels {
	constructor(
		private readonly db: Database,
		private readonly now: () => Date,
	) {}

	/** `Current.account.labels`, by title. */
	list(accountId: number): LabelRow[] {
		return this.db.prepare('SELECT * FROM labels WHERE account_id = ? ORDER BY title').all(accountId) as LabelRow[];
	}

	/** `labels#create`: the title is stored in lower case and must be unique in the account. */
	create(accountId: number, params: NewLabelParams): LabelRow {
		const title = (params.title ?? '').trim().toLowerCase();
		const validation = new Validation();
		if (title === '') validation.add('title', "Title can't be blank");
		else if (!TITLE.test(title)) validation.add('title', 'Title is invalid');
		else if (this.db.prepare('SELECT 1 FROM labels WHERE account_id = ? AND title = ?').get(accountId, title)) {
			validation.add('title', 'Title has already been taken');
		}
		validation.raiseIfFailed();
		const at = this.now().getTime();
		const result = this.db
			.prepare(
				`INSERT INTO labels (account_id, title, description, color, show_on_sidebar, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`,
			)
			.run(
				accountId,
				title,
				params.description ?? null,
				params.color || '#1f93ff',
				params.show_on_sidebar === undefined || params.show_on_sidebar === null ? null : params.show_on_sidebar ? 1 : 0,
				at,
				at,
			);
		return this.db.prepare('SELECT * FROM labels WHERE id = ?').get(Number(result.lastInsertRowid)) as LabelRow;
	}
}
