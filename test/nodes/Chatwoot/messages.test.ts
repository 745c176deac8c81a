import { startTestDispatcher, type TestDispatcher } from '../../support/dispatcher';
import { accessTo, customerWritesIn, picked, runJson, runNode } from './chatwoot-node';

/** The Message resource against the dispatcher: replies, private notes and the history of a conversation. */
let dispatcher: TestDispatcher;

beforeEach(async () => {
	dispatcher = await startTestDispatcher();
});

afterEach(async () => {
	await dispatcher.close();
});

async function storedMessages(conversationId: number) {
	const answer = await dispatcher.api<{ payload: Array<Record<string, unknown>> }>(
		'GET',
		`/api/v1/accounts/${dispatcher.accountId}/conversations/${conversationId}/messages`,
	);
	return answer.body.payload;
}

describe('send reply', () => {
	it('posts an outgoing message the customer sees and outputs it simplified', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const items = await runNode(accessTo(dispatcher), {
			resource: 'message',
			operation: 'sendReply',
			conversation: picked(conversation.id, 'list'),
			content: 'Thanks, we are on it.',
		});
		expect(items).toEqual([
			{
				json: {
					id: expect.any(Number),
					conversation_id: conversation.id,
					content: 'Thanks, we are on it.',
					message_type: 'outgoing',
					private: false,
					sender: { id: 1, name: 'Acme Admin', type: 'user' },
					created_at: expect.any(Number),
				},
				pairedItem: { item: 0 },
			},
		]);
		const last = (await storedMessages(conversation.id)).at(-1);
		expect(last).toMatchObject({ content: 'Thanks, we are on it.', message_type: 1, private: false });
	});

	it("outputs Chatwoot's message unchanged when Simplify is off", async () => {
		const conversation = await customerWritesIn(dispatcher);
		const [message] = await runJson(accessTo(dispatcher), {
			resource: 'message',
			operation: 'sendReply',
			conversation: picked(conversation.id),
			content: 'Raw please',
			simplify: false,
		});
		expect(message).toMatchObject({ content: 'Raw please', message_type: 1, content_type: 'text', status: 'sent', inbox_id: 1 });
	});

	it('takes a conversation ID typed with a leading # or as a plain value from an AI tool', async () => {
		const conversation = await customerWritesIn(dispatcher);
		await runJson(accessTo(dispatcher), { resource: 'message', operation: 'sendReply', conversation: picked(`#${conversation.id}`), content: 'one' });
		await runJson(accessTo(dispatcher), { resource: 'message', operation: 'sendReply', conversation: String(conversation.id), content: 'two' });
		expect((await storedMessages(conversation.id)).map((message) => message.content)).toEqual(['Hello, I need help', 'one', 'two']);
	});

	it('sends one message per input item, each paired with its item', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const items = await runNode(
			accessTo(dispatcher),
			{ resource: 'message', operation: 'sendReply', conversation: picked(conversation.id) },
			{ items: [{ json: {} }, { json: {} }], itemParameters: [{ content: 'first' }, { content: 'second' }] },
		);
		expect(items.map((item) => [item.json.content, item.pairedItem])).toEqual([
			['first', { item: 0 }],
			['second', { item: 1 }],
		]);
	});
});

describe('send private note', () => {
	it('posts a private outgoing message, which Chatwoot still sends as message_created', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const webhook = await dispatcher.createWebhook('http://127.0.0.1:9/unreachable', ['message_created']);
		const [note] = await runJson(accessTo(dispatcher), {
			resource: 'message',
			operation: 'sendPrivateNote',
			conversation: picked(conversation.id),
			content: 'Customer is on the enterprise plan',
		});
		expect(note).toMatchObject({ content: 'Customer is on the enterprise plan', private: true, message_type: 'outgoing' });
		const [delivery] = await dispatcher.waitForDeliveries((list) => list.length === 1, { webhook_id: webhook.id });
		const full = await dispatcher.api<{ payload: { body: string } }>('GET', `/_dispatcher/deliveries/${delivery.id}`);
		expect(JSON.parse(full.body.payload.body)).toMatchObject({ event: 'message_created', private: true, content: 'Customer is on the enterprise plan' });
	});
});

describe('get many', () => {
	it('outputs the messages oldest first, private notes included', async () => {
		const conversation = await customerWritesIn(dispatcher);
		for (const content of ['reply 1', 'reply 2']) {
			await runJson(accessTo(dispatcher), { resource: 'message', operation: 'sendReply', conversation: picked(conversation.id), content });
		}
		await runJson(accessTo(dispatcher), { resource: 'message', operation: 'sendPrivateNote', conversation: picked(conversation.id), content: 'note' });

		const all = await runJson(accessTo(dispatcher), { resource: 'message', operation: 'getAll', conversation: picked(conversation.id), returnAll: true });
		expect(all.map((message) => [message.content, message.message_type, message.private])).toEqual([
			['Hello, I need help', 'incoming', false],
			['reply 1', 'outgoing', false],
			['reply 2', 'outgoing', false],
			['note', 'outgoing', true],
		]);

		const latest = await runJson(accessTo(dispatcher), { resource: 'message', operation: 'getAll', conversation: picked(conversation.id), limit: 2 });
		expect(latest.map((message) => message.content)).toEqual(['reply 2', 'note']);
	});
});
