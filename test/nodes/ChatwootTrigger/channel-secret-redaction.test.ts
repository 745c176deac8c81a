import { REDACTED } from '../../../nodes/ChatwootTrigger/channel-secrets';
import type { TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { nextDelivery, useTriggerOnDispatcher } from './trigger-on-dispatcher';

/**
 * inbox_created and inbox_updated carry the inbox's raw channel record, tokens and secrets included. The
 * output keeps them out by default; Keep Channel Secrets keeps the payload as Chatwoot sent it.
 */
const chatwoot = useTriggerOnDispatcher();
let flow: TriggerWorkflow;

async function received(event: 'inbox_created' | 'inbox_updated', data?: Record<string, unknown>) {
	const delivery = await nextDelivery(flow, () => chatwoot.dispatcher.emit(event, data));
	const [[item]] = delivery.workflowData ?? [[]];
	return item.json as Record<string, unknown> & { channel: Record<string, unknown> };
}

describe('channel secrets in inbox events', () => {
	it("are redacted by default: the API channel's secret and HMAC token; its public identifier and the rest stay", async () => {
		flow = await chatwoot.activate({ events: ['inbox_created'] });
		const inbox = await received('inbox_created');
		expect(inbox.channel).toMatchObject({ secret: REDACTED, hmac_token: REDACTED, webhook_url: expect.any(String), id: expect.any(Number) });
		expect(inbox.channel.identifier).not.toBe(REDACTED);
		expect(JSON.stringify(inbox)).not.toMatch(/"secret":"(?!\[redacted\])/);
		expect(inbox).toMatchObject({ event: 'inbox_created', account: { id: chatwoot.dispatcher.accountId } });
	});

	it("are redacted in any channel's record and in changed_attributes, keeping empty values visible", async () => {
		flow = await chatwoot.activate({ events: ['inbox_updated'] });
		const inbox = await received('inbox_updated', {
			channel: { bot_token: '123:abc', page_access_token: 'EAAB', imap_password: '', provider_config: { api_key: 'k' }, phone_number: '+1555' },
			changed_attributes: [{ hmac_token: { previous_value: 'old', current_value: 'new' } }, { name: { previous_value: 'A', current_value: 'B' } }],
		});
		expect(inbox.channel).toMatchObject({
			bot_token: REDACTED,
			page_access_token: REDACTED,
			imap_password: '',
			provider_config: REDACTED,
			phone_number: '+1555',
		});
		expect(inbox.changed_attributes).toEqual([
			{ hmac_token: { previous_value: REDACTED, current_value: REDACTED } },
			{ name: { previous_value: 'A', current_value: 'B' } },
		]);
	});

	it('are kept, exactly as sent, with Keep Channel Secrets', async () => {
		flow = await chatwoot.activate({ events: ['inbox_created'], options: { keepChannelSecrets: true } });
		const delivery = await nextDelivery(flow, () => chatwoot.dispatcher.emit('inbox_created'));
		const { chatwootDelivery: _delivery, ...payload } = delivery.workflowData?.[0][0].json ?? {};
		const [logged] = await chatwoot.dispatcher.deliveries({ webhook_id: flow.staticData.webhookId as number });
		const sent = await chatwoot.dispatcher.api<{ payload: { body: string } }>('GET', `/_dispatcher/deliveries/${logged.id}`);
		expect(payload).toEqual(JSON.parse(sent.body.payload.body));
		expect((payload.channel as Record<string, unknown>).secret).toMatch(/^[A-Za-z0-9_-]{24}$/);
	});
});
