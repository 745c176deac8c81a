import type { INodeParameters } from 'n8n-workflow';

import type { ChatwootAgentBot } from '../../../src/protocol';
import type { TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { waitFor } from '../../../testkit/wait-for';
import { nextDelivery, outcome, postForged, useTriggerOnDispatcher } from './trigger-on-dispatcher';

/**
 * The Agent Bot source against the dispatcher's agent bots: what activation creates and connects, what
 * deactivation removes (only what the trigger made), deliveries signed with the bot's secret, a secret
 * reset that heals, test mode, and the refusal to take over another bot's inbox.
 */
const chatwoot = useTriggerOnDispatcher({ perTest: true });
let flow: TriggerWorkflow;

async function botTrigger(options: INodeParameters = {}): Promise<TriggerWorkflow> {
	return await chatwoot.activate({ source: 'agentBot', events: ['message_created', 'conversation_opened'], botInboxIds: '1', options });
}

async function bots(): Promise<ChatwootAgentBot[]> {
	return await chatwoot.chatwoot<ChatwootAgentBot[]>('GET', '/agent_bots');
}

async function botOfInbox(inboxId: number): Promise<ChatwootAgentBot | undefined> {
	const body = await chatwoot.chatwoot<{ agent_bot?: ChatwootAgentBot }>('GET', `/inboxes/${inboxId}/agent_bot`);
	return body.agent_bot;
}

const contactWrites = (conversationId: number, content: string) => () =>
	chatwoot.chatwoot('POST', `/conversations/${conversationId}/messages`, { content, message_type: 'incoming' });

describe('Agent Bot source: activation and deactivation', () => {
	it('creates a bot at the production URL, connects it to the inboxes and keeps its id and secret', async () => {
		flow = await botTrigger();
		const [bot] = await bots();
		expect(bot).toMatchObject({ name: 'n8n: Support bot', outgoing_url: flow.productionUrl(), account_id: chatwoot.dispatcher.accountId });
		expect(flow.staticData).toMatchObject({
			agentBotId: bot.id,
			agentBotSecret: bot.secret,
			agentBotUrl: flow.productionUrl(),
			agentBotCreated: true,
			agentBotInboxIds: [1],
		});
		expect((await botOfInbox(1))?.id).toBe(bot.id);
		expect(flow.staticData).not.toHaveProperty('webhookId');

		// n8n restarting: checkExists finds everything in place, nothing is created again.
		expect(await flow.activate('init')).toBe(false);
		expect(await bots()).toHaveLength(1);
	});

	it('disconnects the inbox and deletes the bot it created on deactivation', async () => {
		flow = await botTrigger();
		await flow.deactivate();
		expect(await bots()).toEqual([]);
		expect(await botOfInbox(1)).toBeUndefined();
		expect(flow.staticData).toEqual({});
	});

	it('adopts a bot someone made at its URL, and leaves that bot in place on deactivation', async () => {
		const trigger = (flow = chatwoot.workflow({ source: 'agentBot', events: ['message_created'], botInboxIds: '1' }));
		const handMade = await chatwoot.chatwoot<ChatwootAgentBot>('POST', '/agent_bots', { name: 'Our bot', outgoing_url: trigger.productionUrl() });

		await trigger.activate();
		expect(await bots()).toHaveLength(1);
		expect(trigger.staticData).toMatchObject({ agentBotId: handMade.id, agentBotCreated: false });
		expect((await botOfInbox(1))?.id).toBe(handMade.id);

		await trigger.deactivate();
		expect((await bots()).map((bot) => bot.id)).toEqual([handMade.id]);
		expect(await botOfInbox(1)).toBeUndefined();
	});

	it('refuses an inbox that already has another bot, creating nothing and leaving that bot connected', async () => {
		const other = await chatwoot.chatwoot<ChatwootAgentBot>('POST', '/agent_bots', { name: 'Vendor bot', outgoing_url: 'https://vendor.example.com/bot' });
		await chatwoot.chatwoot('POST', '/inboxes/1/set_agent_bot', { agent_bot: other.id });

		await expect(botTrigger()).rejects.toThrow(`Inbox 1 is already connected to agent bot "Vendor bot" (ID ${other.id}), which this trigger did not set up`);
		expect((await bots()).map((bot) => bot.id)).toEqual([other.id]);
		expect((await botOfInbox(1))?.id).toBe(other.id);
	});

	it('refuses an inbox Chatwoot does not have, and a typo in the list', async () => {
		await expect(chatwoot.activate({ source: 'agentBot', events: ['message_created'], botInboxIds: '999' })).rejects.toThrow(
			'Chatwoot has no inbox 999 in account 1',
		);
		await expect(chatwoot.activate({ source: 'agentBot', events: ['message_created'], botInboxIds: 'one' })).rejects.toThrow(
			'Inbox IDs must be inbox numbers separated by commas, such as 3, 5',
		);
		expect(await bots()).toEqual([]);
	});
});

describe('Agent Bot source: deliveries', () => {
	beforeEach(async () => {
		flow = await botTrigger();
	});

	it("starts the workflow with a contact's message in a pending conversation, verified with the bot's secret", async () => {
		const conversationId = await chatwoot.openConversation();
		const conversation = await chatwoot.chatwoot<{ status: string }>('GET', `/conversations/${conversationId}`);
		expect(conversation.status).toBe('pending');

		const delivery = await nextDelivery(flow, contactWrites(conversationId, 'Hi, I need help'));
		expect(outcome(delivery)).toEqual({ status: 200, started: true, message: 'Workflow was started' });
		expect(delivery.workflowData?.[0][0].json).toMatchObject({
			event: 'message_created',
			content: 'Hi, I need help',
			conversation: { id: conversationId, status: 'pending' },
			chatwootDelivery: { verified: true, verification: 'signature' },
		});
	});

	it('hands off: opening the conversation sends the bot conversation_opened', async () => {
		const conversationId = await chatwoot.openConversation();
		const opened = await nextDelivery(flow, () =>
			chatwoot.chatwoot('POST', `/conversations/${conversationId}/toggle_status`, { status: 'open' }),
		);
		// conversation_status_changed and conversation_updated come too; the trigger ignores them.
		await waitFor(() => flow.handled.some((request) => request.workflowData?.[0][0].json.event === 'conversation_opened'));
		expect(opened.status).toBe(200);
		const started = flow.executions().map((execution) => execution[0][0].json.event);
		expect(started).toEqual(['conversation_opened']);
	});

	it('heals after the bot secret is reset in Chatwoot, without reactivation', async () => {
		const before = flow.staticData.agentBotSecret;
		const reset = await chatwoot.chatwoot<ChatwootAgentBot>('POST', `/agent_bots/${flow.staticData.agentBotId}/reset_secret`);
		expect(reset.secret).not.toBe(before);

		const conversationId = await chatwoot.openConversation();
		const delivery = await nextDelivery(flow, contactWrites(conversationId, 'Still there?'));
		expect(outcome(delivery).started).toBe(true);
		expect(flow.staticData.agentBotSecret).toBe(reset.secret);
	});

	it('refuses a forged delivery with 401', async () => {
		const response = await postForged(flow.productionUrl(), { id: 1, content: 'forged', message_type: 'incoming', event: 'message_created' });
		expect(response.status).toBe(401);
		expect(flow.executions()).toEqual([]);
	});
});

describe('Agent Bot source: test mode', () => {
	it('listens with a separate test bot at the test URL and removes it after the first event', async () => {
		const production = await botTrigger();
		await production.deactivate();
		flow = production;

		await flow.listenForTestEvent();
		const [testBot] = await bots();
		expect(testBot).toMatchObject({ name: 'n8n test: Support bot', outgoing_url: flow.testUrl() });
		expect((await botOfInbox(1))?.id).toBe(testBot.id);

		const conversationId = await chatwoot.openConversation();
		await contactWrites(conversationId, 'Testing')();
		await waitFor(() => flow.testStaticData === undefined, { message: 'n8n never stopped listening' });
		await waitFor(async () => (await bots()).length === 0, { message: 'the test bot was not removed' });
		expect(await botOfInbox(1)).toBeUndefined();
	});
});
