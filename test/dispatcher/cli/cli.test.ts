import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runCli } from '../../../src/dispatcher/cli';
import type { CommandIo } from '../../../src/dispatcher/cli/command';
import { applyAssignments } from '../../../src/dispatcher/cli/event-data';
import { startTestDispatcher, TEST_TOKEN, type TestDispatcher } from '../../support/dispatcher';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { requireBuiltCli, runCliToEnd, startServe } from './cli-process';

function capture(env: NodeJS.ProcessEnv = {}): CommandIo & { stdout: string[]; stderr: string[] } {
	const stdout: string[] = [];
	const stderr: string[] = [];
	return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line), env };
}

describe('chatwoot-dispatcher, the built command', () => {
	beforeAll(() => requireBuiltCli());

	it.each(['serve', 'emit', 'deliveries', 'redeliver'])('%s --help explains the command', async (command) => {
		const { code, stdout } = await runCliToEnd([command, '--help']);
		expect(code).toBe(0);
		expect(stdout).toContain(`Usage: chatwoot-dispatcher ${command}`);
	});

	it("serve --help names Chatwoot's own delivery as the default and the others as options", async () => {
		const { stdout } = await runCliToEnd(['serve', '--help']);
		expect(stdout).toContain('--retry-policy <name>    chatwoot-v4 | documented | agent-bot (default chatwoot-v4)');
		expect(stdout).toContain('chatwoot-v4: what Chatwoot v4 does: 5s timeout, one attempt, never disables');
	});

	it('lists its commands with --help', async () => {
		const { code, stdout } = await runCliToEnd(['--help']);
		expect(code).toBe(0);
		for (const command of ['serve', 'emit', 'deliveries', 'redeliver']) expect(stdout).toContain(`  ${command} `);
	});

	it.each([
		[['serve', '--prot', '3000'], "chatwoot-dispatcher serve: Unknown option '--prot'"],
		[['serve', '--retry-schedule', '1s,fast'], 'chatwoot-dispatcher serve: --retry-schedule: "fast" is not a duration'],
		[['serve', '--timeout', '2'], 'chatwoot-dispatcher serve: --timeout: "2" is not a duration'],
		[['serve', '--retry-policy', 'sidekiq'], 'chatwoot-dispatcher serve: --retry-policy: Unknown retry policy "sidekiq"'],
		[['serve', '--port', 'http'], 'chatwoot-dispatcher serve: --port must be a whole number from 0 to 65535, not "http"'],
		[['emit'], 'chatwoot-dispatcher emit: Missing event'],
		[['emit', 'message_sent'], 'chatwoot-dispatcher emit: "message_sent" is not a Chatwoot event'],
		[['deliveries', '--status', 'lost'], 'chatwoot-dispatcher deliveries: --status: "lost" is not one of'],
		[['redeliver'], 'chatwoot-dispatcher redeliver: Missing delivery id'],
		[['launch'], 'chatwoot-dispatcher: unknown command "launch"'],
	])('refuses %j in one line with exit status 2', async (args, message) => {
		const { code, stderr } = await runCliToEnd(args);
		expect(code).toBe(2);
		expect(stderr.trim().split('\n')).toHaveLength(1);
		expect(stderr).toContain(message);
	});

	it('serve prints what to paste into n8n, generates a token when none is given, and stops cleanly on SIGINT', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'chatwoot-dispatcher-serve-'));
		try {
			const serve = await startServe(['--db', join(folder, 'd.db'), '--port', '0']);
			const banner = serve.stdout.join('\n');
			const match = /Base URL (http:\/\/127\.0\.0\.1:\d+), Account ID 1, Access Token (\S+)/.exec(banner);
			expect(match).not.toBeNull();
			expect(match![1]).toBe(serve.url);
			const token = match![2];
			expect(banner).toContain('generated on first start');
			const webhooks = await fetch(`${serve.url}/api/v1/accounts/1/webhooks`, { headers: { api_access_token: token } });
			expect(webhooks.status).toBe(200);
			serve.child.kill('SIGINT');
			expect(await serve.exited).toEqual({ code: 0, signal: null });
			expect(serve.stdout.join('\n')).toContain('Stopped.');
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it('serve takes its token from CHATWOOT_DISPATCHER_TOKEN, does not echo it, and stops cleanly on SIGTERM', async () => {
		const serve = await startServe(['--db', ':memory:', '--port', '0'], { CHATWOOT_DISPATCHER_TOKEN: 'from-the-environment' });
		const banner = serve.stdout.join('\n');
		expect(banner).toContain('Access Token (the token given with $CHATWOOT_DISPATCHER_TOKEN)');
		expect(banner).not.toContain('from-the-environment');
		const webhooks = await fetch(`${serve.url}/api/v1/accounts/1/webhooks`, { headers: { api_access_token: 'from-the-environment' } });
		expect(webhooks.status).toBe(200);
		serve.child.kill('SIGTERM');
		expect(await serve.exited).toEqual({ code: 0, signal: null });
	});

	it('emit works as a separate process against a running dispatcher', async () => {
		const dispatcher = await startTestDispatcher();
		const receiver = await startWebhookReceiver();
		try {
			await dispatcher.createWebhook(`${receiver.url}/hook`, ['contact_created']);
			const { code, stdout } = await runCliToEnd(['emit', 'contact_created', '--url', dispatcher.url, '--set', 'name=Jane Doe'], {
				CHATWOOT_DISPATCHER_TOKEN: TEST_TOKEN,
			});
			expect(code).toBe(0);
			expect(stdout).toMatch(/^Emitted contact_created in account 1: 1 delivery\(ies\)\n {2}[0-9a-f-]{36}$/);
		} finally {
			await dispatcher.close();
			await receiver.close();
		}
	});
});

describe('chatwoot-dispatcher emit, deliveries and redeliver', () => {
	let dispatcher: TestDispatcher;
	let receiver: WebhookReceiver;
	let folder: string;

	beforeEach(async () => {
		dispatcher = await startTestDispatcher();
		receiver = await startWebhookReceiver();
		folder = mkdtempSync(join(tmpdir(), 'chatwoot-dispatcher-cli-'));
	});
	afterEach(async () => {
		await dispatcher.close();
		await receiver.close();
		rmSync(folder, { recursive: true, force: true });
	});

	it('emits with --data and --set, lists deliveries as a table, and redelivers by id', async () => {
		await dispatcher.createWebhook(`${receiver.url}/hook`, ['message_created']);
		const dataFile = join(folder, 'message.json');
		writeFileSync(dataFile, JSON.stringify({ content: 'from the file', private: false }));
		const io = capture({ CHATWOOT_DISPATCHER_TOKEN: TEST_TOKEN });
		const emitted = await runCli(
			['emit', 'message_created', '--url', dispatcher.url, '--data', dataFile, '--set', 'content=Hello <n8n>', '--set', 'private=true'],
			io,
		);
		expect(io.stderr).toEqual([]);
		expect(emitted).toBe(0);
		const id = /([0-9a-f-]{36})/.exec(io.stdout.join('\n'))![1];
		await dispatcher.waitForDeliveries((deliveries) => deliveries[0]?.status === 'delivered');
		const payload = JSON.parse(receiver.at('/hook')[0].rawBody);
		expect(payload).toMatchObject({ content: 'Hello <n8n>', private: true, event: 'message_created' });

		const list = capture({ CHATWOOT_DISPATCHER_TOKEN: TEST_TOKEN });
		expect(await runCli(['deliveries', '--url', dispatcher.url, '--event', 'message_created'], list)).toBe(0);
		const [header, row, footer] = list.stdout.join('\n').split('\n');
		expect(header).toMatch(/^DELIVERY\s+WEBHOOK\s+EVENT\s+STATUS\s+ATTEMPTS\s+CREATED\s+LAST RESULT$/);
		expect(row).toContain(id);
		expect(row).toMatch(/message_created\s+delivered\s+1\s+/);
		expect(footer).toBe('1–1 of 1');

		const redeliver = capture({ CHATWOOT_DISPATCHER_TOKEN: TEST_TOKEN });
		expect(await runCli(['redeliver', id, '--url', dispatcher.url], redeliver)).toBe(0);
		expect(redeliver.stdout.join('\n')).toMatch(new RegExp(`^Redelivered ${id} \\(message_created\\) to webhook \\d+ as attempt 2: 200 in \\d+ms`));
		expect(receiver.at('/hook').map((request) => request.deliveryId)).toEqual([id, id]);

		receiver.replyWith(() => ({ status: 503 }));
		const failing = capture({ CHATWOOT_DISPATCHER_TOKEN: TEST_TOKEN });
		expect(await runCli(['redeliver', id, '--url', dispatcher.url], failing)).toBe(1);
		expect(failing.stdout.join('\n')).toContain('as attempt 3: 503 Service Unavailable');
	});

	it('says clearly when the token is wrong, missing, the id unknown or the dispatcher unreachable', async () => {
		const wrong = capture({ CHATWOOT_DISPATCHER_TOKEN: 'wrong' });
		expect(await runCli(['deliveries', '--url', dispatcher.url], wrong)).toBe(1);
		expect(wrong.stderr).toEqual(['chatwoot-dispatcher deliveries: The dispatcher answered 401: Invalid Access Token']);

		const missing = capture({});
		expect(await runCli(['deliveries', '--url', dispatcher.url], missing)).toBe(1);
		expect(missing.stderr[0]).toContain('No token: pass --token <token> or set CHATWOOT_DISPATCHER_TOKEN');

		const unknown = capture({});
		expect(await runCli(['redeliver', 'no-such-id', '--url', dispatcher.url, '--token', TEST_TOKEN], unknown)).toBe(1);
		expect(unknown.stderr).toEqual(['chatwoot-dispatcher redeliver: The dispatcher answered 404: Resource could not be found']);

		const unreachable = capture({});
		expect(await runCli(['deliveries', '--url', 'http://127.0.0.1:1', '--token', TEST_TOKEN], unreachable)).toBe(1);
		expect(unreachable.stderr[0]).toMatch(/Cannot reach the dispatcher at http:\/\/127\.0\.0\.1:1 .*is `chatwoot-dispatcher serve` running\?/);

		const badData = capture({ CHATWOOT_DISPATCHER_TOKEN: TEST_TOKEN });
		expect(await runCli(['emit', 'message_created', '--data', join(folder, 'absent.json')], badData)).toBe(2);
		expect(badData.stderr[0]).toContain('absent.json: no such file');
	});

	it('builds event data from --set paths, JSON values and plain text', () => {
		expect(
			applyAssignments({ sender: { id: 1 } }, ['content=Hi there', 'sender.name=Jane', 'conversation.id=42', 'private=false', 'source_id="7"']),
		).toEqual({ sender: { id: 1, name: 'Jane' }, content: 'Hi there', conversation: { id: 42 }, private: false, source_id: '7' });
		expect(() => applyAssignments({}, ['content'])).toThrow('expected path=value');
		expect(() => applyAssignments({}, ['__proto__.polluted=1'])).toThrow('is not a usable path');
	});
});
