import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Page } from 'playwright-core';

import { buildPlayground } from '../../src/playground/build';
import { startTestDispatcher, TEST_TOKEN, type TestDispatcher } from '../support/dispatcher';
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from '../../testkit/webhook-receiver';
import { waitFor } from '../../testkit/wait-for';
import { launchChromium, type HeadlessChromium } from './chromium';

/**
 * The playground as a person uses it, in a real headless Chromium against a real dispatcher and a real
 * loopback receiver that answers as n8n's Chatwoot Trigger does and, like the bot example, replies to each
 * incoming message through the dispatcher's API. Screenshots go to $PLAYGROUND_SCREENSHOTS (the README's
 * come from `PLAYGROUND_SCREENSHOTS=docs/playground npm run test:browser`), else to a temporary folder.
 */
const SECRET_PATH = '/webhook/5f0c2a1e-bot/webhook';

let assets: string;
let screenshots: string;
let dispatcher: TestDispatcher;
let receiver: WebhookReceiver;
let browser: HeadlessChromium;
let page: Page;
let webhookId: number;

function payloadOf(delivery: ReceivedDelivery): Record<string, unknown> {
	return JSON.parse(delivery.rawBody) as Record<string, unknown>;
}

/** n8n's trigger answers: started for incoming messages and new conversations, ignored otherwise. */
function triggerAnswer(delivery: ReceivedDelivery): { status: number; headers: Record<string, string>; body: string } {
	const payload = payloadOf(delivery);
	const started =
		payload.event === 'conversation_created' || (payload.event === 'message_created' && payload.message_type === 'incoming');
	const message = started ? 'Workflow was started' : `Ignored: ${String(payload.event)} is not an incoming message`;
	return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) };
}

async function shoot(name: string): Promise<void> {
	await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

beforeAll(async () => {
	assets = mkdtempSync(join(tmpdir(), 'playground-assets-'));
	await buildPlayground(assets);
	screenshots = process.env.PLAYGROUND_SCREENSHOTS ? resolve(process.env.PLAYGROUND_SCREENSHOTS) : mkdtempSync(join(tmpdir(), 'playground-shots-'));
	mkdirSync(screenshots, { recursive: true });
	receiver = await startWebhookReceiver();
	dispatcher = await startTestDispatcher({ playground: { port: 0, assetsDir: assets } });
	receiver.replyWith((delivery) => {
		const payload = payloadOf(delivery);
		// The bot flow: answer each incoming message as the agent, as examples/bot-auto-reply.json does.
		if (payload.event === 'message_created' && payload.message_type === 'incoming') {
			const conversation = payload.conversation as { id: number };
			void dispatcher.api('POST', `/api/v1/accounts/${dispatcher.accountId}/conversations/${conversation.id}/messages`, {
				content: `Bot: thanks for "${String(payload.content)}", an agent will follow up.`,
				message_type: 'outgoing',
			});
		}
		return triggerAnswer(delivery);
	});
	// As n8n's Chatwoot Trigger registers it when the bot workflow is activated.
	const created = await dispatcher.api<{ payload: { webhook: { id: number; secret: string } } }>('POST', `/api/v1/accounts/${dispatcher.accountId}/webhooks`, {
		webhook: { url: `${receiver.url}${SECRET_PATH}`, name: 'n8n: Bot auto-reply', subscriptions: ['conversation_created', 'message_created', 'conversation_updated'] },
	});
	const webhook = created.body.payload.webhook;
	webhookId = webhook.id;
	receiver.setSecret(webhook.secret as string);
	browser = await launchChromium();
	browser.context.setDefaultTimeout(15_000);
	page = await browser.context.newPage();
});

afterAll(async () => {
	await browser?.close();
	await dispatcher?.close();
	await receiver?.close();
	rmSync(assets, { recursive: true, force: true });
});

test('the banner address signs the page in, and the token leaves the address bar', async () => {
	expect(dispatcher.playgroundUrl).toBeDefined();
	await page.goto(`${dispatcher.playgroundUrl}/#token=${encodeURIComponent(TEST_TOKEN)}`);
	await page.getByRole('heading', { name: 'Conversations', exact: true }).waitFor();
	expect(page.url()).not.toContain(TEST_TOKEN);
	expect(new URL(page.url()).pathname).toBe(`/app/accounts/${dispatcher.accountId}/conversations`);
	await page.getByText('Live: connected').waitFor();
});

test('a customer starts a conversation, and the page is at Chatwoot\'s own path', async () => {
	await page.getByLabel('Name').fill('Jane Doe');
	await page.getByLabel('Email').fill('jane@example.com');
	await page.getByLabel('First message from the customer').fill('Hi, what are your prices?');
	await page.getByRole('button', { name: 'Start conversation' }).click();
	await page.getByRole('heading', { name: 'Conversation #1 with Jane Doe' }).waitFor();
	expect(new URL(page.url()).pathname).toBe(`/app/accounts/${dispatcher.accountId}/conversations/1`);
	await page.getByText('Hi, what are your prices?', { exact: true }).waitFor();
	// The receiver's bot answered through the API; the reply shows up in the thread without a reload.
	await page.getByText('Bot: thanks for "Hi, what are your prices?"').waitFor();
	await shoot('conversation');
});

test('a message_created delivery appears live in the delivery log', async () => {
	const log = await browser.context.newPage();
	await log.goto(`${dispatcher.playgroundUrl}/app/deliveries?event=message_created`);
	await log.getByRole('heading', { name: 'Deliveries' }).waitFor();
	const rows = log.locator('table.deliveries tbody tr');
	await rows.first().waitFor();
	const before = await rows.count();

	await page.getByLabel('Customer', { exact: true }).check();
	await page.getByLabel('Message', { exact: true }).fill('What are your opening hours?');
	await page.getByRole('button', { name: 'Send' }).click();

	// Nothing reloads the log page: the new rows arrive over the server-sent event stream.
	await waitFor(async () => (await rows.count()) > before, { message: 'the new delivery never appeared in the open log' });
	const sent = await waitFor(() =>
		receiver.received.find((delivery) => payloadOf(delivery).content === 'What are your opening hours?'),
	);
	await log.getByRole('link', { name: sent.deliveryId?.slice(0, 8) }).waitFor();
	await log.getByRole('row', { name: /Workflow started/ }).first().waitFor();
	page = log;
	await shoot('deliveries');
});

test('a delivery page shows the signed string and the response; redeliver adds an attempt with the same id', async () => {
	const sent = receiver.received.find((delivery) => payloadOf(delivery).content === 'What are your opening hours?') as ReceivedDelivery;
	await page.getByRole('link', { name: sent.deliveryId?.slice(0, 8) }).click();
	await page.getByRole('heading', { name: `Delivery ${sent.deliveryId}` }).waitFor();
	const signed = page.getByLabel('The string that was signed');
	await expect(signed.textContent()).resolves.toBe(`${sent.timestamp}.${sent.rawBody}`);
	await expect(page.getByLabel('Response body').textContent()).resolves.toBe('{"message":"Workflow was started"}');
	await page.getByText('Workflow started', { exact: true }).first().waitFor();
	await shoot('delivery');

	const received = receiver.received.length;
	await page.getByRole('button', { name: 'Redeliver (same delivery id)' }).click();
	await page.getByText(/Attempt 2 \(redelivery\)/).waitFor();
	const again = receiver.received.slice(received).filter((delivery) => delivery.deliveryId === sent.deliveryId);
	expect(again).toHaveLength(1);
	expect(again[0].signatureValid).toBe(true);
	expect(again[0].rawBody).toBe(sent.rawBody);
});

test('a bad variant is sent and refused by a receiver that checks signatures', async () => {
	receiver.replyWith((delivery) =>
		delivery.signatureValid ? triggerAnswer(delivery) : { status: 401, headers: { 'content-type': 'application/json' }, body: '{"message":"Chatwoot signature check failed: mismatch"}' },
	);
	await page.getByLabel('Variant').selectOption('wrong_secret');
	await page.getByRole('button', { name: 'Send bad variant' }).click();
	await page.getByText('401: signature check failed: Chatwoot signature check failed: mismatch').waitFor();
	expect(receiver.received.at(-1)?.signatureValid).toBe(false);
});

test('an event from the catalogue is sent to the subscribed webhook', async () => {
	await page.getByRole('link', { name: 'Events' }).click();
	await page.getByRole('button', { name: 'conversation_created' }).click();
	await page.getByRole('heading', { name: 'Conversation Created' }).waitFor();
	const payload = page.getByLabel(/Payload/);
	const fixture = JSON.parse(await payload.inputValue()) as Record<string, unknown>;
	fixture.custom_attributes = { plan: 'enterprise' };
	await payload.fill(JSON.stringify(fixture, null, 2));
	const before = receiver.received.length;
	await page.getByRole('button', { name: 'Send event' }).click();
	await page.getByText('Sent as 1 delivery').waitFor();
	const delivered = await waitFor(() => receiver.received.slice(before).find((delivery) => payloadOf(delivery).event === 'conversation_created'));
	expect(payloadOf(delivered).custom_attributes).toEqual({ plan: 'enterprise' });
	await shoot('events');
});

test('the webhooks page shows the registered webhook with its health', async () => {
	await page.getByRole('link', { name: 'Webhooks' }).click();
	const card = page.getByRole('article', { name: new RegExp(`Webhook ${webhookId}`) });
	await card.waitFor();
	await card.getByText(`${receiver.url}${SECRET_PATH}`).waitFor();
	await card.getByText(/delivered, 0 failed/).waitFor();
	await shoot('webhooks');
});

test('a conversation link built for real Chatwoot opens here; acting as an agent resolves it', async () => {
	await page.goto(`${dispatcher.playgroundUrl}/app/accounts/${dispatcher.accountId}/conversations/1`);
	await page.getByRole('heading', { name: 'Conversation #1 with Jane Doe' }).waitFor();
	await page.getByText('Live: connected').waitFor();
	await page.getByRole('button', { name: 'Resolve' }).click();
	await page.getByRole('button', { name: 'Reopen' }).waitFor();
	const state = await dispatcher.api<{ status: string }>('GET', `/api/v1/accounts/${dispatcher.accountId}/conversations/1`);
	expect(state.body.status).toBe('resolved');
});

test('a flow that answers its own replies is called out as a likely bot loop', async () => {
	// The classic mistake: the bot replies to every message_created, its own outgoing ones included.
	let replies = 0;
	receiver.replyWith((delivery) => {
		const payload = payloadOf(delivery);
		if (payload.event === 'message_created' && replies < 6) {
			replies += 1;
			const conversation = payload.conversation as { id: number };
			void dispatcher.api('POST', `/api/v1/accounts/${dispatcher.accountId}/conversations/${conversation.id}/messages`, {
				content: `Bot reply ${replies}`,
				message_type: 'outgoing',
			});
		}
		return triggerAnswer(delivery);
	});
	await page.getByLabel('Customer', { exact: true }).check();
	await page.getByLabel('Message', { exact: true }).fill('Hello?');
	await page.getByRole('button', { name: 'Send' }).click();
	const messagesPath = `/api/v1/accounts/${dispatcher.accountId}/conversations/1/messages`;
	let contents: string[] = [];
	await waitFor(
		async () => {
			const messages = await dispatcher.api<{ payload: Array<{ content: string }> }>('GET', messagesPath);
			contents = messages.body.payload.map((message) => message.content);
			return contents.includes('Bot reply 6');
		},
		{ message: () => `the bot's six replies never all came; messages: ${JSON.stringify(contents)}` },
	);
	await page.getByText('Bot reply 6').waitFor();
	await page.getByRole('alert').filter({ hasText: 'A bot loop is likely' }).waitFor();
	await page.getByText(/In the Chatwoot Trigger keep Message Types at Incoming only/).waitFor();
	await shoot('bot-loop');
});

test('a routing flow assigns a team and a label, and the conversation shows both live', async () => {
	// As examples/team-routing.json does: enterprise domains go to the enterprise team, others to standard.
	receiver.replyWith((delivery) => {
		const payload = payloadOf(delivery);
		if (payload.event === 'conversation_created') {
			const sender = (payload.meta as { sender: { email: string | null } }).sender;
			const team = sender.email?.endsWith('@globex.example') ? { id: 1, name: 'enterprise' } : { id: 2, name: 'standard' };
			const conversation = `/api/v1/accounts/${dispatcher.accountId}/conversations/${String(payload.id)}`;
			void dispatcher
				.api('POST', `${conversation}/assignments`, { team_id: team.id })
				.then(() => dispatcher.api('POST', `${conversation}/labels`, { labels: [team.name] }));
		}
		return triggerAnswer(delivery);
	});
	await page.getByRole('link', { name: 'Conversations', exact: true }).click();
	await page.getByLabel('Name').fill('Hank Scorpio');
	await page.getByLabel('Email').fill('hank@globex.example');
	await page.getByLabel('First message from the customer').fill('We need 500 seats.');
	await page.getByRole('button', { name: 'Start conversation' }).click();
	await page.getByRole('heading', { name: /with Hank Scorpio$/ }).waitFor();
	const details = page.locator('dl.details');
	await details.getByText('enterprise', { exact: true }).first().waitFor();
	await details.locator('.tag', { hasText: 'enterprise' }).waitFor();
	await shoot('team-routing');
});

test('the connect page gives the values for n8n\'s credential', async () => {
	await page.getByRole('link', { name: 'Connect n8n' }).click();
	await page.getByRole('heading', { name: "n8n's Chatwoot API credential" }).waitFor();
	await page.getByText(dispatcher.url, { exact: true }).waitFor();
	await page.getByRole('button', { name: 'Copy Base URL' }).click();
	await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(dispatcher.url);
	await shoot('connect');
});

test('signing out forgets the token; the form refuses a wrong one and signs in with the right one', async () => {
	await page.getByRole('button', { name: 'Sign out' }).click();
	const token = page.getByLabel('Access token');
	await token.fill('not-the-token');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.getByRole('alert').filter({ hasText: 'That access token was refused.' }).waitFor();
	await page.reload();
	await token.waitFor();
	await token.fill(TEST_TOKEN);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.getByRole('heading', { name: 'Connect n8n', exact: true }).waitFor();
});
