import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { ChatwootClient } from '../../testkit/chatwoot-client';
import { CLI_PATH, spawnDispatcher, type DispatcherProcess } from '../../testkit/dispatcher-process';
import { customRetryPolicy, DOCUMENTED } from '../../src/dispatcher/delivery/retry-policy';
import { startTestDispatcher, TEST_TOKEN, type LoggedDelivery, type TestDispatcher } from '../support/dispatcher';
import { SuiteLogs } from './suite-logs';

/**
 * Secrets stay out of every log: the dispatcher's logger (in process and the CLI's stdout and stderr),
 * console.error, the delivery log (list and detail, response bodies included), API error bodies and the
 * output of every CLI command, with deliveries failing in every way that produces a message. The other
 * reliability files grep their own logs the same way (SuiteLogs); this one goes looking for trouble.
 */
const run = promisify(execFile);
const logs = new SuiteLogs('secrets');
const secrets: string[] = [TEST_TOKEN];
const CLI_TOKEN = 'secrets-cli-token-Pz7Nq2Wk5Lm8';
const dir = mkdtempSync(join(tmpdir(), 'chatwoot-secrets-'));

/** A receiver that answers badly, and echoes every request header and the body back in its answer. */
let receiver: Server;
let origin = '';
const consoleError = jest.spyOn(console, 'error');

beforeAll(async () => {
	consoleError.mockImplementation((...args: unknown[]) => logs.add('console.error', args.map(String).join(' ')));
	receiver = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const echo = JSON.stringify({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
			const path = request.url ?? '/';
			if (path.startsWith('/redirect')) response.writeHead(302, { location: `${origin}/status-500` }).end();
			else if (path.startsWith('/gone')) response.writeHead(410).end(echo);
			else if (path.startsWith('/status-500')) response.writeHead(500, { 'content-type': 'application/json' }).end(echo);
			else if (path.startsWith('/unauthorized')) response.writeHead(401, { 'www-authenticate': 'Bearer' }).end(echo);
			else if (path.startsWith('/reset')) request.socket.resetAndDestroy();
			else response.writeHead(200, { 'content-type': 'application/json' }).end(echo);
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
	origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
	consoleError.mockRestore();
	receiver.closeAllConnections();
	await new Promise<void>((resolve) => receiver.close(() => resolve()));
	rmSync(dir, { recursive: true, force: true });
});

const TARGETS = ['ok', 'status-500', 'unauthorized', 'gone', 'redirect', 'reset'];

async function recordDeliveryLog(source: string, list: LoggedDelivery[], detail: (id: string) => Promise<unknown>): Promise<void> {
	for (const delivery of list) {
		logs.add(`${source} list`, delivery);
		logs.add(`${source} detail`, await detail(delivery.id));
	}
}

test('in process: failing deliveries, redeliveries, refusals and the delivery log carry no secret', async () => {
	const dispatcher: TestDispatcher = await startTestDispatcher({
		retryPolicy: customRetryPolicy({ base: DOCUMENTED, retryDelaysMs: [100], timeoutMs: 2_000 }),
		logger: logs.logger('dispatcher'),
	});
	try {
		for (const target of TARGETS) {
			const webhook = await dispatcher.createWebhook(`${origin}/${target}`, ['message_created', 'contact_created']);
			secrets.push(webhook.secret!);
			logs.add('create answer', webhook.url);
		}
		// Also a webhook whose URL carries credentials: the log must show it redacted.
		const withCredentials = await dispatcher.createWebhook(`http://user:hunter2-url-password@127.0.0.1:9/creds`, ['message_created']);
		secrets.push(withCredentials.secret!, 'hunter2-url-password');
		// The 410 may disable its webhook before the second event: count what each emit created.
		const created = [
			...((await dispatcher.emit('message_created')) as { deliveries: string[] }).deliveries,
			...((await dispatcher.emit('contact_created')) as { deliveries: string[] }).deliveries,
		];
		const settledLog = await dispatcher.waitForDeliveries(
			(all) =>
				created.every((id) => all.some((delivery) => delivery.id === id)) &&
				all.every((delivery) => ['delivered', 'failed', 'cancelled'].includes(delivery.status)),
			{},
			30_000,
		).catch(async (error: Error) => {
			throw new Error(`${error.message.slice(0, 200)}\n${JSON.stringify((await dispatcher.deliveries()).map((d) => [d.webhook_id, d.event, d.status, d.attempt_count]))}`);
		});
		for (const delivery of settledLog) {
			logs.add('redeliver answer', (await dispatcher.api('POST', `/_dispatcher/deliveries/${delivery.id}/redeliver`)).body);
		}
		// Refusals: wrong tokens, wrong accounts, bad bodies.
		for (const [method, path, body] of [
			['GET', '/api/v1/accounts/2/webhooks', undefined],
			['POST', '/api/v1/accounts/1/webhooks', { url: 'javascript:alert(1)' }],
			['PATCH', '/api/v1/accounts/1/webhooks/99999', { url: `${origin}/x` }],
			['GET', '/_dispatcher/deliveries/not-a-delivery', undefined],
			['POST', '/_dispatcher/events', { event: 'nope' }],
		] as const) {
			logs.add('refusal', (await dispatcher.api(method, path, body)).body);
		}
		for (const headers of [{}, { api_access_token: `${TEST_TOKEN}x` }, { api_access_token: TEST_TOKEN.slice(1) }] as Array<Record<string, string>>) {
			const response = await fetch(`${dispatcher.url}/api/v1/accounts/1/webhooks`, { headers });
			logs.add('refusal', await response.text());
		}
		const all = await dispatcher.deliveries();
		await recordDeliveryLog('delivery log', all, async (id) => (await dispatcher.api('GET', `/_dispatcher/deliveries/${id}`)).body);
		// The log shows each failure in words, so there was something to leak.
		expect(all.some((delivery) => delivery.attempts.some((attempt) => attempt.error))).toBe(true);
		expect(all.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.url)).join(' ')).not.toContain('hunter2');
	} finally {
		await dispatcher.close();
	}
	expect(logs.count).toBeGreaterThan(20);
}, 60_000);

test('the CLI: serve, emit, deliveries, redeliver and usage errors print no secret', async () => {
	// The token goes in through the environment, so that what is logged is only what the CLI printed.
	const cli = async (...args: string[]): Promise<void> => {
		const env = { ...process.env, CHATWOOT_DISPATCHER_TOKEN: CLI_TOKEN };
		try {
			const { stdout, stderr } = await run(process.execPath, [CLI_PATH, ...args], { timeout: 30_000, env });
			logs.add(`cli ${args[0]} stdout`, stdout);
			logs.add(`cli ${args[0]} stderr`, stderr);
		} catch (error) {
			const failed = error as { stdout?: string; stderr?: string; code?: number };
			logs.add(`cli ${args[0]} exit ${failed.code} stdout`, failed.stdout ?? '');
			logs.add(`cli ${args[0]} exit ${failed.code} stderr`, failed.stderr ?? '');
		}
	};
	let dispatcher: DispatcherProcess | undefined;
	try {
		secrets.push(CLI_TOKEN);
		dispatcher = await spawnDispatcher({
			db: join(dir, 'cli.db'),
			token: CLI_TOKEN,
			retrySchedule: '100ms',
			timeout: '2s',
			onOutput: (line, stream) => logs.add(`cli serve ${stream}`, line),
		});
		const client = new ChatwootClient(dispatcher.url, CLI_TOKEN, 1, 2);
		for (const target of TARGETS) secrets.push((await client.createWebhook(`${origin}/${target}`, ['message_created'])).secret);
		await client.close();
		const connection = ['--url', dispatcher.url];
		await cli('emit', 'message_created', '--set', 'content=hello', ...connection);
		await cli('emit', 'message_created', '--json', ...connection);
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		await cli('deliveries', ...connection);
		await cli('deliveries', '--json', '--limit', '50', ...connection);
		await cli('deliveries', '--status', 'failed', ...connection);
		await cli('redeliver', '00000000-0000-4000-8000-000000000000', ...connection);
		await cli('deliveries', '--url', dispatcher.url, '--token', 'a-wrong-token-for-the-cli');
		await cli('emit', 'not_an_event', ...connection);
		await cli('serve', '--port', String(dispatcher.port), '--db', join(dir, 'cli.db'));
	} finally {
		await dispatcher?.stop(5_000);
	}
}, 90_000);

test('no log line, error message or delivery-log entry contains a webhook secret or an API token', () => {
	logs.expectNoSecrets(secrets);
});
