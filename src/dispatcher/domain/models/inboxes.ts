import type { Database } from '../../store/database';
import type { InboxRow } from '../schema/records';
import { RecordNotFound } from './record-errors';
import { generateSecureToken } from './secure-token';

/** What `inboxes#update` writes on an API inbox: `Channel::Api::EDITABLE_ATTRS`' callback URL. */
export interface InboxParams {
	/** `channel: { webhook_url }`; blank or null removes the callback. */
	webhook_url?: string | null;
}

/**
 * The account's API inboxes as their channel settings change: the callback URL an administrator sets
 * (`PATCH /inboxes/{id}` with `channel: {webhook_url}`), the channel secret Chatwoot signs the callbacks
 * with (`POST /inboxes/{id}/reset_secret`), and what the delivery side and the listener read at send time.
 */
export class Inboxes {
	constructor(
		private readonly db: Database,
		private readonly now: () => Date,
	) {}

	/** `Current.account.inboxes.find(id)`. */
	get(accountId: number, inboxId: number): InboxRow {
		const row = this.db.prepare('SELECT * FROM inboxes WHERE id = ? AND account_id = ?').get(inboxId, accountId) as InboxRow | undefined;
		if (!row) throw new RecordNotFound('Inbox');
		return row;
	}

	/** The inbox with this id, whatever its account; undefined if there is none (the delivery side asks). */
	find(inboxId: number): InboxRow | undefined {
		return this.db.prepare('SELECT * FROM inboxes WHERE id = ?').get(inboxId) as InboxRow | undefined;
	}

	update(accountId: number, inboxId: number, params: InboxParams): InboxRow {
		return this.db.transaction(() => {
			const inbox = this.get(accountId, inboxId);
			if (params.webhook_url === undefined) return inbox;
			this.db.prepare('UPDATE inboxes SET webhook_url = ?, updated_at = ? WHERE id = ?').run(params.webhook_url, this.now().getTime(), inbox.id);
			return this.get(accountId, inboxId);
		})();
	}

	/** `reset_secret`: a new channel secret; the next callback is signed with it. */
	resetSecret(accountId: number, inboxId: number): InboxRow {
		return this.db.transaction(() => {
			const inbox = this.get(accountId, inboxId);
			this.db.prepare('UPDATE inboxes SET secret = ?, updated_at = ? WHERE id = ?').run(generateSecureToken(), this.now().getTime(), inbox.id);
			return this.get(accountId, inboxId);
		})();
	}

	/** The callback an event of this inbox goes to: a non-blank `webhook_url` of an API channel. */
	callbackUrl(inboxId: number): string | undefined {
		const inbox = this.find(inboxId);
		return inbox?.channel_type === 'Channel::Api' && inbox.webhook_url?.trim() ? inbox.webhook_url : undefined;
	}
}
