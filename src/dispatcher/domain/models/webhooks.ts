import { DEFAULT_SUBSCRIPTIONS, isChatwootEvent, type ChatwootEvent, type ChatwootWebhook } from '../../../protocol';
import type { DeliveryTarget, WebhookDirectory } from '../../outbox/webhook-directory';
import type { Database } from '../../store/database';
import type { Subscriptions } from '../listeners/event-emission';
import { RecordNotFound, Validation } from './record-errors';
import { generateSecureToken } from './secure-token';
import { isHttpsUrl, matchesChatwootUrlFormat } from './webhook-url';

/** What `params.require(:webhook).permit(:inbox_id, :name, :url, subscriptions: [])` lets through. */
export interface WebhookParams {
	url?: string;
	name?: string | null;
	/** Checked against Chatwoot's 12 events here, as `validate_webhook_subscriptions` does. */
	subscriptions?: readonly string[] | null;
	inbox_id?: number | null;
}

interface WebhookRow {
	id: number;
	account_id: number;
	inbox_id: number | null;
	name: string | null;
	url: string;
	subscriptions: string;
	secret: string | null;
	disabled_reason: string | null;
	created_at: number;
	updated_at: number;
}

export interface WebhooksOptions {
	requireHttps: boolean;
	now: () => Date;
}

/**
 * Account webhooks: the REST API's index/create/update/destroy, the subscriptions the domain fans events
 * out to, and the directory the delivery side reads at send time. One class because all are views of
 * the same table and must agree on what "enabled" means.
 */
export class Webhooks implements WebhookDirectory, Subscriptions {
	constructor(
		private readonly db: Database,
		private readonly options: WebhooksOptions,
	) {}

	list(accountId: number): ChatwootWebhook[] {
		const rows = this.db
			.prepare('SELECT * FROM webhooks WHERE account_id = ? ORDER BY id')
			.all(accountId) as WebhookRow[];
		return rows.map((row) => this.render(row));
	}

	/** There is no show route; the update route uses this to 404 before it reads its params. */
	get(accountId: number, webhookId: number): ChatwootWebhook {
		return this.render(this.row(accountId, webhookId));
	}

	create(accountId: number, params: WebhookParams): ChatwootWebhook {
		return this.db.transaction(() => {
			const subscriptions = params.subscriptions ?? DEFAULT_SUBSCRIPTIONS;
			this.validate(accountId, undefined, params.url, subscriptions, params.inbox_id);
			const now = this.options.now().getTime();
			const result = this.db
				.prepare(
					`INSERT INTO webhooks (account_id, inbox_id, name, url, subscriptions, secret, disabled_reason, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
				)
				.run(
					accountId,
					params.inbox_id ?? null,
					params.name ?? null,
					params.url,
					JSON.stringify(subscriptions),
					generateSecureToken(),
					now,
					now,
				);
			return this.render(this.row(accountId, Number(result.lastInsertRowid)));
		})();
	}

	update(accountId: number, webhookId: number, params: WebhookParams): ChatwootWebhook {
		return this.db.transaction(() => {
			const current = this.row(accountId, webhookId);
			const url = params.url ?? current.url;
			const subscriptions = params.subscriptions ?? (JSON.parse(current.subscriptions) as string[]);
			const inboxId = params.inbox_id === undefined ? current.inbox_id : params.inbox_id;
			const name = params.name === undefined ? current.name : params.name;
			this.validate(accountId, webhookId, url, subscriptions, inboxId);
			// Saving through the API is how a user says "I fixed it": the dispatcher's auto-disable ends here.
			this.db
				.prepare(
					`UPDATE webhooks SET inbox_id = ?, name = ?, url = ?, subscriptions = ?, disabled_reason = NULL, updated_at = ?
					WHERE id = ?`,
				)
				.run(inboxId, name, url, JSON.stringify(subscriptions), this.options.now().getTime(), webhookId);
			return this.render(this.row(accountId, webhookId));
		})();
	}

	destroy(accountId: number, webhookId: number): void {
		this.row(accountId, webhookId);
		this.db.prepare('DELETE FROM webhooks WHERE id = ?').run(webhookId);
	}

	/** Enabled webhooks of the account subscribed to the event. Chatwoot does not filter by inbox_id. */
	subscribedTo(accountId: number, event: ChatwootEvent): DeliveryTarget[] {
		const rows = this.db
			.prepare(
				`SELECT * FROM webhooks
				WHERE account_id = ? AND disabled_reason IS NULL
					AND EXISTS (SELECT 1 FROM json_each(webhooks.subscriptions) WHERE json_each.value = ?)
				ORDER BY id`,
			)
			.all(accountId, event) as WebhookRow[];
		return rows.map((row) => ({ id: row.id, accountId: row.account_id, url: row.url, secret: row.secret }));
	}

	find(webhookId: number): (DeliveryTarget & { readonly disabledReason: string | null }) | undefined {
		const row = this.db.prepare('SELECT * FROM webhooks WHERE id = ?').get(webhookId) as WebhookRow | undefined;
		if (!row) return undefined;
		return { id: row.id, accountId: row.account_id, url: row.url, secret: row.secret, disabledReason: row.disabled_reason };
	}

	disable(webhookId: number, reason: string): void {
		this.db
			.prepare('UPDATE webhooks SET disabled_reason = ?, updated_at = ? WHERE id = ?')
			.run(reason, this.options.now().getTime(), webhookId);
	}

	/** `Current.account.webhooks.find(params[:id])`: another account's webhook is as absent as a deleted one. */
	private row(accountId: number, webhookId: number): WebhookRow {
		const row = this.db
			.prepare('SELECT * FROM webhooks WHERE id = ? AND account_id = ?')
			.get(webhookId, accountId) as WebhookRow | undefined;
		if (!row) throw new RecordNotFound('Webhook');
		return row;
	}

	/** Webhook's validations in their declaration order, so combined messages read as Chatwoot's do. */
	private validate(
		accountId: number,
		webhookId: number | undefined,
		url: string | undefined,
		subscriptions: readonly unknown[],
		inboxId: number | null | undefined,
	): void {
		const validation = new Validation();
		if (url !== undefined && this.urlTaken(accountId, webhookId, url)) validation.add('url', 'Url has already been taken');
		if (url === undefined || !matchesChatwootUrlFormat(url)) validation.add('url', 'Url is invalid');
		else if (this.options.requireHttps && !isHttpsUrl(url)) validation.add('url', 'Url must use https');
		if (!Array.isArray(subscriptions) || subscriptions.length === 0 || !subscriptions.every(isChatwootEvent)) {
			validation.add('subscriptions', 'Subscriptions Invalid events');
		}
		// Chatwoot's `belongs_to :inbox, optional: true` would store any id; the dispatcher refuses an inbox
		// outside the account so the API never shows another account's inbox name.
		if (inboxId !== undefined && inboxId !== null && !this.inboxInAccount(accountId, inboxId)) {
			validation.add('inbox', 'Inbox must exist');
		}
		validation.raiseIfFailed();
	}

	private urlTaken(accountId: number, webhookId: number | undefined, url: string): boolean {
		const row = this.db
			.prepare('SELECT id FROM webhooks WHERE account_id = ? AND url = ? AND id IS NOT ?')
			.get(accountId, url, webhookId ?? null);
		return row !== undefined;
	}

	private inboxInAccount(accountId: number, inboxId: number): boolean {
		return this.db.prepare('SELECT 1 FROM inboxes WHERE id = ? AND account_id = ?').get(inboxId, accountId) !== undefined;
	}

	/** `_webhook.json.jbuilder`: these keys in this order; `inbox` only when the webhook has one. */
	private render(row: WebhookRow): ChatwootWebhook {
		const webhook: ChatwootWebhook = {
			id: row.id,
			name: row.name,
			url: row.url,
			account_id: row.account_id,
			subscriptions: JSON.parse(row.subscriptions) as ChatwootEvent[],
			secret: row.secret,
		};
		if (row.inbox_id !== null) {
			const inbox = this.db.prepare('SELECT id, name FROM inboxes WHERE id = ?').get(row.inbox_id) as
				| { id: number; name: string }
				| undefined;
			if (inbox) webhook.inbox = { id: inbox.id, name: inbox.name };
		}
		return webhook;
	}
}
