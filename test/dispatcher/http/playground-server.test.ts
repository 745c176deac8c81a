import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { buildPlayground } from '../../../src/playground/build';
import { startTestDispatcher, TEST_TOKEN, type TestDispatcher } from '../../support/dispatcher';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';

/** The playground's own port: the page at Chatwoot's paths, its assets, the API on the same origin, and the live stream. */
let assets: string;
let dispatcher: TestDispatcher;
let receiver: WebhookReceiver;

beforeAll(async () => {
	assets = mkdtempSync(join(tmpdir(), 'playground-assets-'));
	await buildPlayground(assets);
	dispatcher = await startTestDispatcher({ playground: { port: 0, assetsDir: assets } });
	receiver = await startWebhookReceiver();
});

afterAll(async () => {
	await dispatcher.close();
	await receiver.close();
	rmSync(assets, { recursive: true, force: true });
});

test.each(['/', '/app/accounts/1/conversations/7', '/app/deliveries/2f1c9a7e-0000-4000-8000-000000000000', '/app/events'])(
	'GET %s is the page, which loads nothing from anywhere else',
	async (path) => {
		const response = await fetch(dispatcher.playgroundUrl + path);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(response.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
		const html = await response.text();
		expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
		expect(html).not.toMatch(/https?:\/\//);
	},
);

test('the assets come gzipped to a browser that accepts it, and as they are otherwise', async () => {
	const plain = Buffer.from(await (await fetch(`${dispatcher.playgroundUrl}/assets/app.js`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
	// node:http rather than fetch, which would decompress it.
	const gzipped = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
		get(`${dispatcher.playgroundUrl}/assets/app.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
		}).on('error', reject);
	});
	expect(gzipped.encoding).toBe('gzip');
	const body = gzipped.body;
	expect(body.length).toBeLessThan(plain.length);
	expect(gunzipSync(body).equals(plain)).toBe(true);
	const css = await fetch(`${dispatcher.playgroundUrl}/assets/app.css`);
	expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
});

test("a browser on the API's port is sent to the same page on the playground's", async () => {
	for (const path of ['/', '/app/accounts/1/conversations/7?x=1']) {
		const response = await fetch(dispatcher.url + path, { redirect: 'manual' });
		expect(response.status).toBe(302);
		expect(response.headers.get('location')).toBe(dispatcher.playgroundUrl + path);
	}
	expect((await fetch(`${dispatcher.url}/api/v1/accounts/1/webhooks`, { redirect: 'manual' })).status).toBe(401);
});

test('other paths are 404, other methods 405', async () => {
	expect((await fetch(`${dispatcher.playgroundUrl}/assets/other.js`)).status).toBe(404);
	expect((await fetch(`${dispatcher.playgroundUrl}/favicon.ico`)).status).toBe(404);
	expect((await fetch(`${dispatcher.playgroundUrl}/app/events`, { method: 'POST' })).status).toBe(405);
});

test('the API answers on the playground origin exactly as on its own port, token and all', async () => {
	const anonymous = await fetch(`${dispatcher.playgroundUrl}/api/v1/accounts/1/webhooks`);
	expect(anonymous.status).toBe(401);
	const signedIn = await fetch(`${dispatcher.playgroundUrl}/api/v1/accounts/1/webhooks`, { headers: { api_access_token: TEST_TOKEN } });
	expect(signedIn.status).toBe(200);
	expect(await signedIn.json()).toEqual({ payload: { webhooks: [] } });
});

test('without built assets the playground says how to build them', async () => {
	const empty = mkdtempSync(join(tmpdir(), 'playground-empty-'));
	const bare = await startTestDispatcher({ playground: { port: 0, assetsDir: empty } });
	try {
		const response = await fetch(`${bare.playgroundUrl}/app/events`);
		expect(response.status).toBe(503);
		expect(await response.text()).toContain('npm run build:playground');
	} finally {
		await bare.close();
		rmSync(empty, { recursive: true, force: true });
	}
});

/** Reads server-sent events from a fetch body until `done` holds for what came so far. */
async function readEvents(body: ReadableStream<Uint8Array>, done: (events: Array<{ event: string; data: Record<string, unknown> }>) => boolean) {
	const events: Array<{ event: string; data: Record<string, unknown> }> = [];
	const reader = body.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	while (!done(events)) {
		const { value, done: ended } = await reader.read();
		if (ended) throw new Error(`the stream ended after ${JSON.stringify(events)}`);
		buffer += value;
		let end: number;
		while ((end = buffer.indexOf('\n\n')) >= 0) {
			const frame = buffer.slice(0, end);
			buffer = buffer.slice(end + 2);
			const event = /^event: (.+)$/m.exec(frame)?.[1];
			const data = /^data: (.+)$/m.exec(frame)?.[1];
			if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
		}
	}
	await reader.cancel();
	return events;
}

test('the stream pushes conversation changes and each delivery, created and settled; it needs the token', async () => {
	const anonymous = await fetch(`${dispatcher.url}/_dispatcher/stream`);
	expect(anonymous.status).toBe(401);
	await anonymous.body?.cancel();

	await dispatcher.createWebhook(`${receiver.url}/hook`, ['conversation_created']);
	const stream = await fetch(`${dispatcher.url}/_dispatcher/stream`, { headers: { api_access_token: TEST_TOKEN } });
	expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
	const contact = await dispatcher.api<{ payload: { contact: { id: number } } }>('POST', '/api/v1/accounts/1/contacts', { name: 'Jane', inbox_id: 1 });
	const created = await dispatcher.api<{ id: number }>('POST', '/api/v1/accounts/1/conversations', { contact_id: contact.body.payload.contact.id, inbox_id: 1 });
	await dispatcher.api('POST', `/api/v1/accounts/1/conversations/${created.body.id}/toggle_status`, { status: 'resolved' });

	const events = await readEvents(stream.body!, (seen) =>
		seen.some((item) => item.event === 'delivery' && item.data.status === 'delivered') &&
		seen.some((item) => item.event === 'conversation' && item.data.id === created.body.id),
	);
	expect(events).toContainEqual({ event: 'conversation', data: { account_id: 1, id: null } });
	expect(events).toContainEqual({ event: 'conversation', data: { account_id: 1, id: created.body.id } });
	const deliveries = events.filter((item) => item.event === 'delivery');
	const [delivered] = deliveries.filter((item) => item.data.status === 'delivered');
	expect(delivered.data).toMatchObject({ event: 'conversation_created', conversation_id: created.body.id, account_id: 1 });
	expect(receiver.received.map((request) => request.deliveryId)).toContain(delivered.data.id);
	expect(JSON.stringify(events)).not.toContain(TEST_TOKEN);
});
