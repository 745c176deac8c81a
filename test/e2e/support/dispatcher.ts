import type { E2eEnvironment } from '../../../testkit/n8n/environment';
import { eventually } from '../../../testkit/wait-for';
import { expectOk, requestJson, type JsonResponse } from '../../../testkit/n8n/json-http';

/** The dispatcher's seeded account: the one the credential points at. */
export const ACCOUNT_ID = 1;

export interface DispatcherWebhook {
	id: number;
	name: string;
	url: string;
	account_id: number;
	subscriptions: string[];
	secret?: string;
}

export interface Contact {
	name: string;
	email: string;
	phone_number: string;
}

export interface Message {
	id: number;
	content: string;
	/** Chatwoot's enum in the REST API: 0 incoming, 1 outgoing, 2 activity, 3 template. */
	message_type: number | string;
	private?: boolean;
}

export interface DeliveryAttempt {
	number: number;
	trigger: string;
	url: string;
	status_code: number | null;
	error: string | null;
	response_body: string | null;
}

export interface Delivery {
	id: string;
	webhook_id: number;
	event: string;
	status: string;
	attempts: DeliveryAttempt[];
	/** Only on a single delivery: the exact bytes that were signed and sent. */
	body?: string;
}

/** The dispatcher, through the same API a Chatwoot client uses plus its own `/_dispatcher` routes. */
export class Dispatcher {
	constructor(private readonly env: E2eEnvironment) {}

	private url(path: string): string {
		return `${this.env.dispatcherUrl}${path}`;
	}

	private call<T>(what: string, method: string, path: string, body?: unknown): Promise<T> {
		return expectOk<T>(what, this.url(path), {
			method,
			body,
			headers: { api_access_token: this.env.dispatcherToken },
		});
	}

	raw<T = unknown>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
		return requestJson<T>(this.url(path), { method, body, headers: { api_access_token: this.env.dispatcherToken } });
	}

	async webhooks(): Promise<DispatcherWebhook[]> {
		const body = await this.call<{ payload: { webhooks: DispatcherWebhook[] } }>(
			'list webhooks',
			'GET',
			`/api/v1/accounts/${ACCOUNT_ID}/webhooks`,
		);
		return body.payload.webhooks;
	}

	async webhooksAt(url: string): Promise<DispatcherWebhook[]> {
		return (await this.webhooks()).filter((webhook) => webhook.url === url);
	}

	async deliveries(filter: { webhookId?: number; event?: string } = {}): Promise<Delivery[]> {
		const query = new URLSearchParams({ limit: '500' });
		if (filter.webhookId !== undefined) query.set('webhook_id', String(filter.webhookId));
		if (filter.event) query.set('event', filter.event);
		const body = await this.call<{ payload: Delivery[] }>('list deliveries', 'GET', `/_dispatcher/deliveries?${query}`);
		return body.payload;
	}

	async delivery(id: string): Promise<Delivery> {
		const body = await this.call<{ payload: Delivery }>('get delivery', 'GET', `/_dispatcher/deliveries/${id}`);
		return body.payload;
	}

	/** Re-sends a delivery: same bytes, same X-Chatwoot-Delivery, fresh timestamp and signature. */
	async redeliver(id: string): Promise<{ delivery: Delivery; attempt: DeliveryAttempt }> {
		const body = await this.call<{ payload: { delivery: Delivery; attempt: DeliveryAttempt } }>(
			'redeliver',
			'POST',
			`/_dispatcher/deliveries/${id}/redeliver`,
		);
		return body.payload;
	}

	/**
	 * What happens in Chatwoot when a customer writes in through an API inbox: a contact, then a
	 * conversation for it (`conversation_created`), as Chatwoot's own REST API creates them.
	 */
	async startConversation(contact: Contact, inboxId = 1): Promise<{ conversationId: number; contactId: number }> {
		const created = await this.call<{ payload: { contact: { id: number }; contact_inbox: { source_id: string } } }>(
			'create contact',
			'POST',
			`/api/v1/accounts/${ACCOUNT_ID}/contacts`,
			{ ...contact, inbox_id: inboxId },
		);
		const contactId = created.payload.contact.id;
		const conversation = await this.call<{ id: number }>('create conversation', 'POST', `/api/v1/accounts/${ACCOUNT_ID}/conversations`, {
			source_id: created.payload.contact_inbox.source_id,
			inbox_id: inboxId,
			contact_id: contactId,
		});
		return { conversationId: conversation.id, contactId };
	}

	/** A message in a conversation; `incoming` is the customer writing (`message_created`). */
	addMessage(conversationId: number, content: string, messageType: 'incoming' | 'outgoing'): Promise<Message> {
		return this.call('create message', 'POST', `/api/v1/accounts/${ACCOUNT_ID}/conversations/${conversationId}/messages`, {
			content,
			message_type: messageType,
		});
	}

	async messages(conversationId: number): Promise<Message[]> {
		const body = await this.call<{ payload: Message[] }>(
			'list messages',
			'GET',
			`/api/v1/accounts/${ACCOUNT_ID}/conversations/${conversationId}/messages`,
		);
		return body.payload;
	}

	/** Waits until the webhook has a finished delivery of `event` matching `accept`, and returns it. */
	async deliveredEvent(
		webhookId: number,
		event: string,
		accept: (delivery: Delivery) => boolean = () => true,
	): Promise<Delivery> {
		return eventually(`a finished ${event} delivery to webhook ${webhookId}`, async () => {
			const found = (await this.deliveries({ webhookId, event })).find(
				(delivery) => accept(delivery) && delivery.attempts.length > 0 && !['pending', 'scheduled'].includes(delivery.status),
			);
			return found;
		});
	}
}
