import type { Outbox } from '../outbox/outbox';
import type { Database } from '../store/database';
import { Accounts } from './models/accounts';
import { AgentBots } from './models/agent-bots';
import { ChannelEndpoints } from './models/channel-endpoints';
import { Contacts } from './models/contacts';
import { Conversations } from './models/conversations';
import { Inboxes } from './models/inboxes';
import { DispatcherEvents } from './dispatcher-events/dispatcher-events';
import { AgentBotListener } from './listeners/agent-bot-listener';
import { ApiInboxListener } from './listeners/api-inbox-listener';
import { EventEmission } from './listeners/event-emission';
import { Messages } from './models/messages';
import { Records } from './schema/records';
import { SEEDED, seed } from './schema/seed';
import { createTables } from './schema/tables';
import { Labels } from './models/labels';
import { Teams } from './models/teams';
import { Users } from './models/users';
import { WebhookActions } from './models/webhook-actions';
import { Webhooks } from './models/webhooks';

export interface ChatwootOptions {
	/** The docs' promise as a profile: refuse plain-http webhook URLs (real Chatwoot accepts them). */
	requireHttps: boolean;
	/** The administrator's api_access_token; stored, so the next start without it keeps it. */
	adminToken?: string;
	/** The non-administrator agent's api_access_token. */
	agentToken?: string;
	now?: () => Date;
	/**
	 * `conversation_status_changed` carries `"changed_attributes": null` in real Chatwoot (default, false);
	 * true sends `[{"status":{...}}]` as some third-party consumers expect.
	 */
	statusChangedAttributes?: boolean;
}

/** The emulated Chatwoot: its state in the store, the operations its API offers, the events they emit. */
export interface Chatwoot {
	/** The seeded account ("Acme"). */
	readonly accountId: number;
	readonly accounts: Accounts;
	readonly users: Users;
	/** Webhook CRUD, and the WebhookDirectory the delivery side reads. */
	readonly webhooks: Webhooks;
	/** Agent bot CRUD and their inboxes. */
	readonly agentBots: AgentBots;
	/** API inboxes' callback URL and channel secret. */
	readonly inboxes: Inboxes;
	/** Agent bots and API inbox callbacks as the delivery side reads them, and the bot failure handoff. */
	readonly channels: ChannelEndpoints;
	readonly contacts: Contacts;
	readonly conversations: Conversations;
	readonly messages: Messages;
	readonly teams: Teams;
	readonly labels: Labels;
	/** Reads of whole payload states (conversation, message), for the API's views. */
	readonly records: Records;
	/** Automation rules' and macros' "send webhook", run through `POST /_dispatcher/automation_webhooks`. */
	readonly webhookActions: WebhookActions;
	/** `POST /_dispatcher/events`. */
	readonly events: DispatcherEvents;
	/** Runs several operations as one: all of them are kept, with their events, or none. */
	transaction<Result>(change: () => Result): Result;
	/** The seeded administrator's token, for the n8n credential. */
	adminToken(): string;
	/** The seeded agent's token: valid, but refused on the webhook API as Chatwoot refuses non-admins. */
	agentToken(): string;
}

export function createChatwoot(db: Database, outbox: Outbox, options: ChatwootOptions): Chatwoot {
	const now = options.now ?? (() => new Date());
	const statusChangedAttributes = options.statusChangedAttributes ?? false;
	createTables(db);
	seed(db, now(), { adminToken: options.adminToken, agentToken: options.agentToken });
	const users = new Users(db);
	const records = new Records(db);
	const webhooks = new Webhooks(db, { requireHttps: options.requireHttps, now });
	const inboxes = new Inboxes(db, now);
	const agentBots = new AgentBots(db, inboxes, now);
	const emission = new EventEmission(db, webhooks, outbox, [new AgentBotListener(agentBots), new ApiInboxListener(inboxes)]);
	const contacts = new Contacts(db, records, emission, now);
	const conversations = new Conversations(db, records, emission, contacts, {
		now,
		statusChangedAttributes,
		hasActiveBot: (inboxId) => agentBots.activeBotOf(inboxId) !== undefined,
	});
	const messages = new Messages(db, records, emission, conversations, contacts, now);
	const webhookActions = new WebhookActions(db, records, conversations, emission, now);
	return {
		accountId: SEEDED.accountId,
		accounts: new Accounts(db),
		users,
		webhooks,
		agentBots,
		contacts,
		conversations,
		messages,
		inboxes,
		webhookActions,
		channels: new ChannelEndpoints(agentBots, inboxes, conversations, messages, webhookActions),
		teams: new Teams(db),
		labels: new Labels(db, now),
		records,
		events: new DispatcherEvents(db, emission, { now, statusChangedAttributes }),
		transaction: (change) => emission.transaction(change),
		adminToken: () => users.accessToken(SEEDED.administratorId),
		agentToken: () => users.accessToken(SEEDED.agentId),
	};
}
