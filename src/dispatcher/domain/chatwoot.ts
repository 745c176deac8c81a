import type { EventSink } from '../delivery/event-sink';
import type { Database } from '../store/database';
import { Accounts } from './accounts';
import { SEEDED, seed } from './seed';
import { createTables } from './tables';
import { Users } from './users';
import { Webhooks } from './webhooks';

export interface ChatwootOptions {
	/** The docs' promise as a profile: refuse plain-http webhook URLs (real Chatwoot accepts them). */
	requireHttps: boolean;
	/** The administrator's api_access_token; stored, so the next start without it keeps it. */
	adminToken?: string;
	/** The non-administrator agent's api_access_token. */
	agentToken?: string;
	now?: () => Date;
}

/** The emulated Chatwoot: its state in the store, the operations its API offers, the events they emit. */
export interface Chatwoot {
	/** The seeded account ("Acme"). */
	readonly accountId: number;
	readonly accounts: Accounts;
	readonly users: Users;
	readonly webhooks: Webhooks;
	/** The seeded administrator's token, for the n8n credential. */
	adminToken(): string;
	/** The seeded agent's token: valid, but refused on the webhook API as Chatwoot refuses non-admins. */
	agentToken(): string;
}

export function createChatwoot(db: Database, _sink: EventSink, options: ChatwootOptions): Chatwoot {
	const now = options.now ?? (() => new Date());
	createTables(db);
	seed(db, now(), { adminToken: options.adminToken, agentToken: options.agentToken });
	const users = new Users(db);
	return {
		accountId: SEEDED.accountId,
		accounts: new Accounts(db),
		users,
		webhooks: new Webhooks(db, { requireHttps: options.requireHttps, now }),
		adminToken: () => users.accessToken(SEEDED.administratorId),
		agentToken: () => users.accessToken(SEEDED.agentId),
	};
}
