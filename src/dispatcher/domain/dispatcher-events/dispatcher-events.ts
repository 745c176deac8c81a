import type { ChatwootEvent } from '../../../protocol';
import type { Database } from '../../store/database';
import type { EventEmission } from '../listeners/event-emission';
import { RecordNotFound } from '../models/record-errors';
import type { AccountRow, InboxRow, UserRow } from '../schema/records';
import { buildEventFixture } from './event-fixtures';

export interface EmittedOnDemand {
	event: ChatwootEvent;
	/** The delivery ids the domain handed the outbox: one per enabled webhook of the account subscribed to the event. */
	deliveries: string[];
}

/** `POST /_dispatcher/events`: any of the 12 events, now, with a fixture payload the caller may override. */
export class DispatcherEvents {
	constructor(
		private readonly db: Database,
		private readonly emission: EventEmission,
		private readonly options: { now: () => Date; statusChangedAttributes: boolean },
	) {}

	/** `webhookId`: to that webhook of the account only, whatever its subscriptions; otherwise to every subscriber. */
	emit(accountId: number, event: ChatwootEvent, data: Record<string, unknown> = {}, webhookId?: number): EmittedOnDemand {
		return this.emission.transaction(() => {
			const payload = this.fixture(accountId, event, data);
			if (webhookId !== undefined && !this.db.prepare('SELECT 1 FROM webhooks WHERE id = ? AND account_id = ?').get(webhookId, accountId)) {
				throw new RecordNotFound('Webhook');
			}
			return { event, deliveries: this.emission.emit(accountId, event, payload, webhookId) };
		});
	}

	/** The payload `emit` sends: a realistic fixture from the account's rows with `data` deep-merged over it. */
	fixture(accountId: number, event: ChatwootEvent, data: Record<string, unknown> = {}): Record<string, unknown> {
		const account = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(accountId) as AccountRow | undefined;
		if (!account) throw new RecordNotFound('Account');
		const inbox = this.db.prepare('SELECT * FROM inboxes WHERE account_id = ? ORDER BY id LIMIT 1').get(accountId) as
			| InboxRow
			| undefined;
		const agent = this.db
			.prepare('SELECT * FROM users WHERE account_id = ? ORDER BY administrator DESC, id LIMIT 1')
			.get(accountId) as UserRow | undefined;
		return buildEventFixture(
			{ account, inbox, agent, now: this.options.now(), statusChangedAttributes: this.options.statusChangedAttributes },
			event,
			data,
		);
	}
}
