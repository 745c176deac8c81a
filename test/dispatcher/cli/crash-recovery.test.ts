import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';
import { requireBuiltCli, startServe, type CliProcess } from './cli-process';

const TOKEN = 'crash-test-admin-token';

async function call(url: string, method: string, path: string, body?: unknown) {
	const response = await fetch(url + path, {
		method,
		headers: { api_access_token: TOKEN, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as Record<string, unknown>;
	if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
	return json;
}

describe('crash safety of the CLI', () => {
	let folder: string;
	let receiver: WebhookReceiver;
	const processes: CliProcess[] = [];

	beforeAll(() => requireBuiltCli());
	beforeEach(async () => {
		folder = mkdtempSync(join(tmpdir(), 'chatwoot-dispatcher-crash-'));
		receiver = await startWebhookReceiver();
	});
	afterEach(async () => {
		for (const run of processes) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
		await Promise.all(processes.map((run) => run.exited));
		processes.length = 0;
		await receiver.close();
		rmSync(folder, { recursive: true, force: true });
	});

	it('resumes every pending and in-flight delivery with its delivery id after SIGKILL', async () => {
		const db = join(folder, 'dispatcher.db');
		// Long timeout: attempts to the hung receiver are still in flight when the process is killed.
		const args = ['--db', db, '--port', '0', '--token', TOKEN, '--retry-schedule', '100ms,100ms', '--timeout', '60s'];
		const first = await startServe(args);
		processes.push(first);

		receiver.replyWith(() => 'hang');
		const webhooks = [];
		for (const path of ['/one', '/two']) {
			const created = (await call(first.url, 'POST', '/api/v1/accounts/1/webhooks', { url: receiver.url + path, subscriptions: ['message_created'] })) as {
				payload: { webhook: { id: number; secret: string } };
			};
			webhooks.push(created.payload.webhook);
			receiver.setSecret(created.payload.webhook.secret, path);
		}
		const emitted: string[] = [];
		for (let index = 0; index < 50; index++) {
			const answer = (await call(first.url, 'POST', '/_dispatcher/events', { event: 'message_created', data: { content: `message ${index}` } })) as {
				deliveries: string[];
			};
			emitted.push(...answer.deliveries);
		}
		expect(emitted).toHaveLength(100);
		// Both webhooks have their share of attempts hanging in flight; the rest waits in the queue.
		await waitFor(() => receiver.at('/one').length >= 32 && receiver.at('/two').length >= 32, {
			message: () => `only ${receiver.received.length} attempts reached the receiver`,
		});

		first.child.kill('SIGKILL');
		expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

		const answered = new Map<string, string>();
		const signatures: Array<boolean | null> = [];
		receiver.replyWith((request) => {
			answered.set(request.deliveryId!, request.rawBody);
			signatures.push(request.signatureValid);
			return { status: 200, body: 'ok' };
		});
		const bodiesBeforeCrash = new Map(receiver.received.map((request) => [request.deliveryId!, request.rawBody]));

		const second = await startServe(args);
		processes.push(second);
		await waitFor(() => emitted.every((id) => answered.has(id)), {
			timeoutMs: 60_000,
			message: () => `${emitted.filter((id) => !answered.has(id)).length} of 100 deliveries never arrived after the restart`,
		});
		expect(new Set(answered.keys())).toEqual(new Set(emitted));
		// Resent with the bytes stored before the crash, and signed anew with each webhook's secret.
		for (const [id, body] of bodiesBeforeCrash) expect(answered.get(id)).toBe(body);
		expect(signatures.every((valid) => valid === true)).toBe(true);

		const log = await waitFor(async () => {
			const page = (await call(second.url, 'GET', '/_dispatcher/deliveries?status=delivered&limit=500')) as {
				meta: { count: number };
				payload: Array<{ id: string }>;
			};
			return page.meta.count === 100 ? page.payload : undefined;
		});
		expect(new Set(log.map((delivery) => delivery.id))).toEqual(new Set(emitted));
		expect(second.output()).toMatch(/Resuming \d+ delivery attempt\(s\) interrupted/);

		second.child.kill('SIGTERM');
		expect(await second.exited).toEqual({ code: 0, signal: null });
	});
});
