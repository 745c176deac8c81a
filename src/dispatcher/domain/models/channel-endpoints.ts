import type { ChannelDirectory, DeliveryTarget } from '../../outbox/webhook-directory';
import type { Endpoint } from '../../store/delivery-store';
import type { AgentBots } from './agent-bots';
import type { Conversations } from './conversations';
import type { Inboxes } from './inboxes';
import type { Messages } from './messages';
import type { WebhookActions } from './webhook-actions';

/** `config/locales/en.yml`, `conversations.activity.agent_bot.error_moved_to_open`. */
export const BOT_FAILURE_ACTIVITY = 'Conversation was marked open by system due to an error with the agent bot.';

const MESSAGE_EVENTS: ReadonlySet<string> = new Set(['message_created', 'message_updated']);

/**
 * Agent bots, API inbox callbacks and automation webhooks as the delivery side sees them, and what Chatwoot
 * does when one of their deliveries fails for good (`Webhooks::Trigger#handle_error`): for an agent bot's message event, a
 * pending conversation is opened for humans, with an activity message saying why (the dispatcher has no
 * `keep_pending_on_bot_failure` account setting, so it always hands off). A failed API inbox callback has no
 * consequence here yet: Chatwoot marks the message `failed` with the error (see the README's differences).
 */
export class ChannelEndpoints implements ChannelDirectory {
	constructor(
		private readonly agentBots: AgentBots,
		private readonly inboxes: Inboxes,
		private readonly conversations: Conversations,
		private readonly messages: Messages,
		private readonly webhookActions: WebhookActions,
	) {}

	find(endpoint: Endpoint): DeliveryTarget | undefined {
		if (endpoint.webhookType === 'api_inbox_webhook') {
			const url = this.inboxes.callbackUrl(endpoint.webhookId);
			const inbox = this.inboxes.find(endpoint.webhookId);
			return url && inbox ? { id: inbox.id, accountId: inbox.account_id, url, secret: inbox.secret } : undefined;
		}
		if (endpoint.webhookType === 'automation_webhook') {
			const action = this.webhookActions.find(endpoint.webhookId);
			return action && { id: action.id, accountId: action.account_id, url: action.url, secret: null, withoutDeliveryId: true };
		}
		if (endpoint.webhookType !== 'agent_bot_webhook') return undefined;
		const bot = this.agentBots.find(endpoint.webhookId);
		if (!bot?.outgoing_url) return undefined;
		return { id: bot.id, accountId: bot.account_id, url: bot.outgoing_url, secret: bot.secret };
	}

	deliveryFailed(delivery: { readonly endpoint: Endpoint; readonly event: string; readonly body: string }): void {
		if (delivery.endpoint.webhookType !== 'agent_bot_webhook' || !MESSAGE_EVENTS.has(delivery.event)) return;
		const payload = JSON.parse(delivery.body) as { account?: { id?: unknown }; conversation?: { id?: unknown } };
		const accountId = Number(payload.account?.id);
		const displayId = Number(payload.conversation?.id);
		if (!Number.isInteger(accountId) || !Number.isInteger(displayId)) return;
		let conversation;
		try {
			conversation = this.conversations.find(accountId, displayId);
		} catch {
			return;
		}
		if (conversation.status !== 'pending') return;
		this.conversations.change(conversation, { status: 'open' });
		this.messages.addActivity(conversation, BOT_FAILURE_ACTIVITY);
	}
}
