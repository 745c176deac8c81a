import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { request } from 'undici';

import { deliveryHeaders } from '../src/protocol';
import { N8n, type Workflow } from '../testkit/n8n/n8n';
import { ChatwootClient } from '../testkit/chatwoot-client';
import { freePort, spawnDispatcher, type DispatcherProcess } from '../testkit/dispatcher-process';
import { messageBody } from '../testkit/message-payload';
import { waitFor } from '../testkit/wait-for';
import { BENCH_TOKEN } from './throughput';
import { postAll, type BaselinePost, type BaselineResult } from './undici-baseline';

/**
 * In n8n: how many deliveries per second a real n8n (2.41.1 on Node 24, installed by the e2e harness
 * into its cache) accepts through the Chatwoot Trigger, with signature verification on, against n8n's
 * own Webhook node on the same instance. The package is packed and installed as n8n's community-node
 * installer does (test/e2e/n8n.sh add-node); the trigger registers its webhook in the dispatcher on
 * activation, and the secret the dispatcher gave it signs the deliveries.
 *
 * Both workflows get the same ~1 KB bodies with the same Chatwoot headers (fresh delivery id and a
 * current signature each), POSTed by undici at the same concurrency; "accepted" is a 200 from n8n. The
 * two run in interleaved rounds (alternating which goes first); each rate is over its summed time.
 * Afterwards every request must have become an execution of its workflow.
 *
 * When n8n is not installed in the harness's cache, nothing is measured: the result says why.
 */
export interface N8nBenchOptions {
	readonly requests: number;
	readonly concurrency: number;
	/** The e2e harness's cache (CHATWOOT_E2E_CACHE, default ~/.cache/chatwoot-e2e). */
	readonly cacheDir: string;
	readonly log: (line: string) => void;
}

export type N8nBenchResult =
	| { readonly available: false; readonly reason: string }
	| {
			readonly available: true;
			readonly requests: number;
			readonly concurrency: number;
			readonly n8nVersion: string;
			readonly setupMs: number;
			readonly webhook: BaselineResult;
			readonly trigger: BaselineResult;
			readonly rounds: number;
			readonly webhookPerSecond: number;
			readonly triggerPerSecond: number;
			readonly ratio: number;
			readonly triggerExecutions: number;
			readonly webhookExecutions: number;
	  };

const ROOT = resolve(__dirname, '..');
const N8N_CTL = join(ROOT, 'test', 'e2e', 'n8n.sh');
const PACKAGE = 'n8n-nodes-chatwoot-webhooks';

export const N8N_DEFAULTS: N8nBenchOptions = {
	requests: 200,
	concurrency: 16,
	cacheDir: process.env.CHATWOOT_E2E_CACHE || join(homedir(), '.cache', 'chatwoot-e2e'),
	log: () => undefined,
};

/** Why n8n cannot run from the cache, or null when it can. */
export function n8nUnavailableReason(cacheDir: string): string | null {
	const n8nPackage = join(cacheDir, 'server', 'node_modules', 'n8n', 'package.json');
	const node = join(cacheDir, 'node-runtime', 'node_modules', `node-linux-${process.arch === 'arm64' ? 'arm64' : 'x64'}`, 'bin', 'node');
	if (!existsSync(N8N_CTL)) return `the e2e harness (${N8N_CTL}) is missing`;
	if (!existsSync(n8nPackage)) return `n8n is not installed in ${cacheDir} (run \`npm run test:e2e\` or \`bash test/e2e/n8n.sh install\` once)`;
	if (!existsSync(node)) return `Node 24 is not installed in ${cacheDir}`;
	return null;
}

const run = promisify(execFile);
const WARM_UP = 20;

/** Several runs of one workflow as one: totals, and rates over the summed time. */
function combine(results: readonly BaselineResult[]): BaselineResult {
	const sent = results.reduce((sum, result) => sum + result.sent, 0);
	const failed = results.reduce((sum, result) => sum + result.failed, 0);
	const elapsedMs = results.reduce((sum, result) => sum + result.elapsedMs, 0);
	return {
		sent,
		failed,
		failures: results.flatMap((result) => result.failures).slice(0, 5),
		elapsedMs,
		perSecond: (sent / elapsedMs) * 1000,
		acceptedPerSecond: ((sent - failed) / elapsedMs) * 1000,
	};
}

async function countExecutions(n8n: N8n, workflowId: string, wanted: number): Promise<number> {
	let count = 0;
	for (let tries = 0; tries < 120; tries++) {
		const list = await n8n.executions(workflowId);
		count = list.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status)).length;
		if (count >= wanted) break;
		await sleep(500);
	}
	return count;
}

async function untilListening(url: string): Promise<void> {
	await waitFor(
		async () => {
			const response = await request(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).catch(() => undefined);
			await response?.body.dump();
			return response !== undefined && response.statusCode !== 404;
		},
		{ timeoutMs: 60_000, intervalMs: 200, message: `n8n to serve ${url}` },
	);
}

export async function runN8n(overrides: Partial<N8nBenchOptions> = {}): Promise<N8nBenchResult> {
	const options = { ...N8N_DEFAULTS, ...overrides };
	const unavailable = n8nUnavailableReason(options.cacheDir);
	if (unavailable) return { available: false, reason: unavailable };

	const runDir = mkdtempSync(join(tmpdir(), 'chatwoot-bench-n8n-'));
	const [n8nPort, brokerPort] = [await freePort(), await freePort()];
	const n8nUrl = `http://127.0.0.1:${n8nPort}`;
	const env = {
		...process.env,
		CHATWOOT_E2E_CACHE: options.cacheDir,
		E2E_RUN_DIR: runDir,
		N8N_USER_FOLDER: join(runDir, 'n8n-home'),
		N8N_PORT: String(n8nPort),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_WEBHOOK_URL: `${n8nUrl}/`,
		N8N_LOG_LEVEL: 'warn',
	};
	const ctl = async (...args: string[]): Promise<string> => (await run('bash', [N8N_CTL, ...args], { env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 })).stdout;
	let dispatcher: DispatcherProcess | undefined;
	let chatwoot: ChatwootClient | undefined;
	let n8nStarted = false;
	try {
		const setupStarted = Date.now();
		options.log('n8n: checking the cached install');
		await ctl('install');
		const n8nVersion = (JSON.parse(readFileSync(join(options.cacheDir, 'server', 'node_modules', 'n8n', 'package.json'), 'utf8')) as { version: string }).version;
		options.log('n8n: packing this package and installing it as a community node');
		const packed = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', runDir], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
		const tarball = join(runDir, packed.stdout.trim().split('\n').pop() ?? '');
		await ctl('add-node', tarball);

		dispatcher = await spawnDispatcher({ db: join(runDir, 'dispatcher.db'), token: BENCH_TOKEN, quiet: true });
		chatwoot = new ChatwootClient(dispatcher.url, BENCH_TOKEN, 1, 2);
		options.log(`n8n: starting n8n ${n8nVersion} on ${n8nUrl}`);
		n8nStarted = true;
		await ctl('start');
		await ctl('bootstrap');
		const n8n = new N8n({
			n8nUrl,
			n8nApiKey: readFileSync(join(runDir, 'n8n-api-key.txt'), 'utf8').trim(),
			n8nControl: N8N_CTL,
			dispatcherUrl: dispatcher.url,
			dispatcherToken: BENCH_TOKEN,
			runDirectory: runDir,
			ownerEmail: 'owner@example.com',
			ownerPassword: 'E2eTestPassw0rd',
		});
		const credential = await n8n.createCredential('Chatwoot (bench dispatcher)', 'chatwootApi', {
			baseUrl: dispatcher.url,
			accountId: 1,
			apiAccessToken: BENCH_TOKEN,
		});
		const settings = { executionOrder: 'v1' };
		const triggerWebhookId = randomUUID();
		const triggerWorkflow: Workflow = await n8n.createWorkflow({
			name: 'bench: Chatwoot Trigger',
			settings,
			connections: {},
			nodes: [
				{
					id: randomUUID(),
					name: 'Chatwoot Trigger',
					type: `${PACKAGE}.chatwootTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { events: ['message_created'], options: {} },
					credentials: { chatwootApi: { id: credential.id, name: credential.name } },
					webhookId: triggerWebhookId,
				},
			],
		});
		const webhookPath = `bench-${randomUUID().slice(0, 8)}`;
		const webhookWorkflow: Workflow = await n8n.createWorkflow({
			name: "bench: n8n's Webhook node",
			settings,
			connections: {},
			nodes: [
				{
					id: randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
					webhookId: randomUUID(),
				},
			],
		});
		// n8n 2.41 publishes through an outbox: wait until the trigger's webhook is registered.
		await n8n.publishAndWait(triggerWorkflow.id);
		await n8n.publishAndWait(webhookWorkflow.id);
		const triggerPath = `/webhook/${triggerWebhookId}/webhook`;
		const registered = (await chatwoot.request('GET', '/api/v1/accounts/1/webhooks')).json as {
			payload: { webhooks: Array<{ url: string; secret: string }> };
		};
		const secret = registered.payload.webhooks.find((webhook) => webhook.url === `${n8nUrl}${triggerPath}`)?.secret;
		if (!secret) {
			const urls = registered.payload.webhooks.map((webhook) => webhook.url).join(', ') || 'none';
			throw new Error(`the trigger did not register ${n8nUrl}${triggerPath} in the dispatcher (registered: ${urls})`);
		}
		await untilListening(`${n8nUrl}${triggerPath}`);
		await untilListening(`${n8nUrl}/webhook/${webhookPath}`);
		const setupMs = Date.now() - setupStarted;

		// Signed just before each phase: the trigger accepts a timestamp up to 300 s old.
		const posts = (path: string, count: number, offset: number): BaselinePost[] =>
			Array.from({ length: count }, (_, index) => {
				const body = messageBody(offset + index);
				return {
					path,
					body,
					headers: {
						'content-type': 'application/json',
						'user-agent': 'Chatwoot-Dispatcher bench',
						...deliveryHeaders({ body, deliveryId: randomUUID(), secret }),
					},
				};
			});
		const concurrency = { inFlight: options.concurrency, connections: options.concurrency };
		options.log('n8n: warming up both workflows');
		await postAll(n8nUrl, posts(`/webhook/${webhookPath}`, WARM_UP, 0), concurrency);
		await postAll(n8nUrl, posts(triggerPath, WARM_UP, 0), concurrency);

		// Interleaved rounds, alternating which workflow goes first, so that a busy neighbour on a shared
		// machine weighs on both alike; each figure sums its rounds.
		const rounds = 4;
		const perRound = Math.ceil(options.requests / rounds);
		const webhookRounds: BaselineResult[] = [];
		const triggerRounds: BaselineResult[] = [];
		for (let round = 0; round < rounds; round++) {
			const offset = 1_000 + round * perRound;
			const runWebhook = async () => webhookRounds.push(await postAll(n8nUrl, posts(`/webhook/${webhookPath}`, perRound, offset), concurrency));
			const runTrigger = async () => triggerRounds.push(await postAll(n8nUrl, posts(triggerPath, perRound, offset), concurrency));
			options.log(`n8n: round ${round + 1} of ${rounds}, ${perRound} requests to each workflow`);
			if (round % 2 === 0) {
				await runWebhook();
				await runTrigger();
			} else {
				await runTrigger();
				await runWebhook();
			}
		}
		const webhook = combine(webhookRounds);
		const trigger = combine(triggerRounds);
		const triggerExecutions = await countExecutions(n8n, triggerWorkflow.id, WARM_UP + trigger.sent);
		const webhookExecutions = await countExecutions(n8n, webhookWorkflow.id, WARM_UP + webhook.sent);
		return {
			available: true,
			requests: options.requests,
			concurrency: options.concurrency,
			n8nVersion,
			setupMs,
			webhook,
			trigger,
			rounds,
			webhookPerSecond: webhook.acceptedPerSecond,
			triggerPerSecond: trigger.acceptedPerSecond,
			ratio: trigger.acceptedPerSecond / webhook.acceptedPerSecond,
			triggerExecutions,
			webhookExecutions,
		};
	} catch (error) {
		let tail = '';
		try {
			tail = readFileSync(join(runDir, 'n8n.log'), 'utf8').split('\n').slice(-30).join('\n');
		} catch {
			tail = '(no n8n log)';
		}
		throw new Error(`${(error as Error).message}\n--- the end of n8n's log:\n${tail}`);
	} finally {
		if (n8nStarted) await ctl('stop').catch(() => undefined);
		await chatwoot?.close().catch(() => undefined);
		await dispatcher?.stop(3_000).catch(() => undefined);
		rmSync(runDir, { recursive: true, force: true });
	}
}
