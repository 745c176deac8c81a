import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { request } from 'undici';

import { deliveryHeaders } from '../src/protocol';
import { N8n, type Workflow, type WorkflowNode } from '../testkit/n8n/n8n';
import { ChatwootClient } from '../testkit/chatwoot-client';
import { freePort, spawnDispatcher, type DispatcherProcess } from '../testkit/dispatcher-process';
import { messageBody } from '../testkit/message-payload';
import { waitFor } from '../testkit/wait-for';
import { BENCH_TOKEN } from './throughput';
import { postAll, type BaselinePost, type BaselineResult } from './undici-baseline';

/**
 * In n8n: how many deliveries per second a real n8n (2.41.1 on Node 24, installed by the e2e harness into
 * its cache) takes in through the Chatwoot Trigger, with signature verification on, against three
 * baselines on the same instance, all interleaved in the same rounds:
 *
 * - **webhook with a credential** (like for like): n8n's Webhook node with Header Auth. n8n runs its
 *   credential checks before answering any start node that carries a credential, as it does for the
 *   trigger (whose credential registers its webhook in Chatwoot);
 * - **bare webhook** (the ceiling): the same node without authentication;
 * - **do it yourself**: what a user builds to check Chatwoot's signature inside n8n without this package:
 *   Webhook node (raw body) -> Extract From File (the raw body as text: expressions cannot read binary data)
 *   -> Crypto node (HMAC-SHA256 of "<timestamp>.<body>" with a Crypto credential) -> IF node (the result
 *   against X-Chatwoot-Signature).
 *
 * The trigger runs at its current version (1.1) and, for the record, at version 1 (see the README's
 * "Trigger versions"). Every workflow answers at once (respond immediately) and then runs; a request
 * counts once its execution has finished, so each rate is requests / (time from the first request to
 * the last execution's stop, as n8n recorded it). Rounds alternate the order of the workflows.
 *
 * The package is packed and installed as n8n's community-node installer does (test/e2e/n8n.sh add-node);
 * the triggers register their webhooks in the dispatcher on activation, and the secrets the dispatcher
 * gave them sign the deliveries. When n8n is not installed in the harness's cache, nothing is measured.
 */
export interface N8nBenchOptions {
	/** Requests to each workflow, over all rounds (warm-up not included). */
	readonly requests: number;
	readonly rounds: number;
	readonly concurrency: number;
	/** The e2e harness's cache (CHATWOOT_E2E_CACHE, default ~/.cache/chatwoot-e2e). */
	readonly cacheDir: string;
	readonly log: (line: string) => void;
}

export type N8nWorkflowName = 'trigger' | 'triggerV1' | 'webhookCredential' | 'webhookBare' | 'diy';

/** One workflow's requests over every round. */
export interface N8nWorkflowRun {
	readonly sent: number;
	readonly failed: number;
	readonly failures: readonly string[];
	/** Summed over rounds: first request sent to last execution stopped. */
	readonly elapsedMs: number;
	/** Summed over rounds: first request sent to last answer (what the sender saw). */
	readonly answeredMs: number;
	/** Requests whose execution finished, per second of elapsedMs. */
	readonly perSecond: number;
	/** Requests answered 2xx, per second of answeredMs. */
	readonly acceptedPerSecond: number;
}

export type N8nBenchResult =
	| { readonly available: false; readonly reason: string }
	| {
			readonly available: true;
			readonly requests: number;
			readonly concurrency: number;
			readonly n8nVersion: string;
			readonly setupMs: number;
			readonly rounds: number;
			readonly runs: Readonly<Record<N8nWorkflowName, N8nWorkflowRun>>;
			/** Trigger (1.1) ÷ Webhook node with Header Auth. */
			readonly ratio: number;
			/** Trigger (1.1) ÷ bare Webhook node. */
			readonly bareRatio: number;
			/** Trigger (1.1) ÷ Webhook -> Crypto -> IF. */
			readonly diyRatio: number;
			/** Trigger at version 1 ÷ Webhook node with Header Auth. */
			readonly v1Ratio: number;
			/** The do-it-yourself flow's IF node took its "true" branch for a correctly signed delivery. */
			readonly diyVerifies: boolean;
	  };

const ROOT = resolve(__dirname, '..');
const N8N_CTL = join(ROOT, 'test', 'e2e', 'n8n.sh');
const PACKAGE = 'n8n-nodes-chatwoot-webhooks';

export const N8N_DEFAULTS: N8nBenchOptions = {
	requests: 160,
	rounds: 4,
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
const HEADER_AUTH = { name: 'X-Bench-Auth', value: `bench-${randomUUID()}` };

interface ExecutionTimes {
	id: string;
	status: string;
	stoppedAt?: string | null;
}

/** Executions of a workflow newer than `afterId`, once `count` of them have finished. */
async function finishedAfter(n8n: N8n, workflowId: string, afterId: number, count: number): Promise<ExecutionTimes[]> {
	let finished: ExecutionTimes[] = [];
	for (let tries = 0; tries < 600; tries++) {
		const list = (await n8n.executions(workflowId)) as unknown as ExecutionTimes[];
		finished = list.filter((execution) => Number(execution.id) > afterId && !['new', 'running', 'waiting'].includes(execution.status));
		if (finished.length >= count) return finished;
		await sleep(200);
	}
	throw new Error(`workflow ${workflowId}: only ${finished.length} of ${count} executions finished`);
}

async function newestExecutionId(n8n: N8n, workflowId: string): Promise<number> {
	return Math.max(0, ...(await n8n.executions(workflowId)).map((execution) => Number(execution.id)));
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

function node(name: string, type: string, typeVersion: number, x: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): WorkflowNode {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

function chain(...names: string[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < names.length; i++) connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return connections;
}

/** One workflow under test: its path on n8n, the secret that signs its requests, extra headers. */
interface Target {
	readonly workflow: Workflow;
	readonly path: string;
	readonly secret: string;
	readonly headers: Record<string, string>;
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
		const chatwootCredential = await n8n.createCredential('Chatwoot (bench dispatcher)', 'chatwootApi', {
			baseUrl: dispatcher.url,
			accountId: 1,
			apiAccessToken: BENCH_TOKEN,
		});
		const settings = { executionOrder: 'v1' };

		const registeredSecret = async (path: string): Promise<string> => {
			const registered = (await chatwoot!.request('GET', '/api/v1/accounts/1/webhooks')).json as {
				payload: { webhooks: Array<{ url: string; secret: string }> };
			};
			const secret = registered.payload.webhooks.find((webhook) => webhook.url === `${n8nUrl}${path}`)?.secret;
			if (!secret) throw new Error(`the trigger did not register ${n8nUrl}${path} in the dispatcher`);
			return secret;
		};
		const triggerTarget = async (name: string, typeVersion: number): Promise<Target> => {
			const webhookId = randomUUID();
			const workflow = await n8n.createWorkflow({
				name,
				settings,
				connections: {},
				nodes: [
					node('Chatwoot Trigger', `${PACKAGE}.chatwootTrigger`, typeVersion, 0, { events: ['message_created'], options: {} }, {
						credentials: { chatwootApi: { id: chatwootCredential.id, name: chatwootCredential.name } },
						webhookId,
					}),
				],
			});
			// n8n 2.41 publishes through an outbox: wait until the trigger's webhook is registered.
			await n8n.publishAndWait(workflow.id);
			const path = `/webhook/${webhookId}/webhook`;
			return { workflow, path, secret: await registeredSecret(path), headers: {} };
		};
		const webhookTarget = async (name: string, extraNodes: WorkflowNode[], webhookParameters: Record<string, unknown>, extra: Record<string, unknown>, secret: string, headers: Record<string, string>): Promise<Target> => {
			const path = `bench-${randomUUID().slice(0, 8)}`;
			const webhook = node('Webhook', 'n8n-nodes-base.webhook', 2, 0, { httpMethod: 'POST', path, responseMode: 'onReceived', options: {}, ...webhookParameters }, { webhookId: randomUUID(), ...extra });
			const workflow = await n8n.createWorkflow({ name, settings, nodes: [webhook, ...extraNodes], connections: chain('Webhook', ...extraNodes.map((extraNode) => extraNode.name)) });
			await n8n.publishAndWait(workflow.id);
			return { workflow, path: `/webhook/${path}`, secret, headers };
		};

		const trigger = await triggerTarget('bench: Chatwoot Trigger 1.1', 1.1);
		const triggerV1 = await triggerTarget('bench: Chatwoot Trigger 1', 1);
		const headerAuth = await n8n.createCredential('bench header auth', 'httpHeaderAuth', HEADER_AUTH);
		const webhookCredential = await webhookTarget(
			"bench: n8n's Webhook node with Header Auth",
			[],
			{ authentication: 'headerAuth' },
			{ credentials: { httpHeaderAuth: { id: headerAuth.id, name: headerAuth.name } } },
			trigger.secret,
			{ [HEADER_AUTH.name]: HEADER_AUTH.value },
		);
		const webhookBare = await webhookTarget("bench: n8n's Webhook node", [], {}, {}, trigger.secret, {});
		// The do-it-yourself check signs with a secret of its own, kept in a Crypto credential as a user would.
		const diySecret = randomUUID();
		const crypto = await n8n.createCredential('bench HMAC secret', 'crypto', { hmacSecret: diySecret });
		const diy = await webhookTarget(
			'bench: Webhook -> Crypto -> IF',
			[
				// n8n keeps a raw body as binary data, which expressions cannot read: a node turns it into text first.
				node('Extract raw body', 'n8n-nodes-base.extractFromFile', 1.1, 220, { operation: 'text', binaryPropertyName: 'data', destinationKey: 'rawBody', options: {} }),
				node('Crypto', 'n8n-nodes-base.crypto', 2, 440, {
					action: 'hmac',
					type: 'SHA256',
					value: "={{ $('Webhook').item.json.headers['x-chatwoot-timestamp'] }}.{{ $json.rawBody }}",
					dataPropertyName: 'expectedSignature',
					encoding: 'hex',
				}, { credentials: { crypto: { id: crypto.id, name: crypto.name } } }),
				node('IF', 'n8n-nodes-base.if', 2.2, 660, {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [
							{
								id: randomUUID(),
								leftValue: "={{ $('Webhook').item.json.headers['x-chatwoot-signature'] }}",
								rightValue: '=sha256={{ $json.expectedSignature }}',
								operator: { type: 'string', operation: 'equals' },
							},
						],
						combinator: 'and',
					},
					options: {},
				}),
			],
			{ options: { rawBody: true } },
			{},
			diySecret,
			{},
		);
		const targets: Record<N8nWorkflowName, Target> = { trigger, triggerV1, webhookCredential, webhookBare, diy };
		for (const target of Object.values(targets)) await untilListening(`${n8nUrl}${target.path}`);
		const setupMs = Date.now() - setupStarted;

		// Signed just before each run: the trigger accepts a timestamp up to 300 s old.
		const posts = (target: Target, count: number, offset: number): BaselinePost[] =>
			Array.from({ length: count }, (_, index) => {
				const body = messageBody(offset + index);
				return {
					path: target.path,
					body,
					headers: {
						'content-type': 'application/json',
						'user-agent': 'Chatwoot-Dispatcher bench',
						...target.headers,
						...deliveryHeaders({ body, deliveryId: randomUUID(), secret: target.secret }),
					},
				};
			});
		const concurrency = { inFlight: options.concurrency, connections: options.concurrency };
		const names = Object.keys(targets) as N8nWorkflowName[];
		options.log('n8n: warming up every workflow');
		for (const name of names) {
			const before = await newestExecutionId(n8n, targets[name].workflow.id);
			await postAll(n8nUrl, posts(targets[name], WARM_UP, 0), concurrency);
			await finishedAfter(n8n, targets[name].workflow.id, before, WARM_UP);
		}

		// Interleaved rounds, each in another order, so that a busy neighbour on a shared machine weighs on all
		// alike; each figure sums its rounds.
		const perRound = Math.ceil(options.requests / options.rounds);
		const rounds: Record<N8nWorkflowName, Array<{ result: BaselineResult; elapsedMs: number }>> = {
			trigger: [], triggerV1: [], webhookCredential: [], webhookBare: [], diy: [],
		};
		for (let round = 0; round < options.rounds; round++) {
			const order = names.map((_, index) => names[(index + round) % names.length]);
			if (round % 2 === 1) order.reverse();
			options.log(`n8n: round ${round + 1} of ${options.rounds}, ${perRound} requests to each of ${order.join(', ')}`);
			for (const name of order) {
				const target = targets[name];
				const before = await newestExecutionId(n8n, target.workflow.id);
				const batch = posts(target, perRound, 1_000 + round * perRound);
				const startedAt = Date.now();
				const result = await postAll(n8nUrl, batch, concurrency);
				const finished = await finishedAfter(n8n, target.workflow.id, before, perRound - result.failed);
				const lastStop = Math.max(...finished.map((execution) => Date.parse(execution.stoppedAt ?? '') || Date.now()));
				rounds[name].push({ result, elapsedMs: Math.max(lastStop - startedAt, result.elapsedMs) });
			}
		}
		const runs = Object.fromEntries(
			names.map((name) => {
				const all = rounds[name];
				const sent = all.reduce((sum, one) => sum + one.result.sent, 0);
				const failed = all.reduce((sum, one) => sum + one.result.failed, 0);
				const elapsedMs = all.reduce((sum, one) => sum + one.elapsedMs, 0);
				const answeredMs = all.reduce((sum, one) => sum + one.result.elapsedMs, 0);
				const summary: N8nWorkflowRun = {
					sent,
					failed,
					failures: all.flatMap((one) => one.result.failures).slice(0, 5),
					elapsedMs,
					answeredMs,
					perSecond: ((sent - failed) / elapsedMs) * 1000,
					acceptedPerSecond: ((sent - failed) / answeredMs) * 1000,
				};
				return [name, summary];
			}),
		) as Record<N8nWorkflowName, N8nWorkflowRun>;

		// The do-it-yourself flow must really verify: its IF passes a correctly signed delivery...
		const [newestDiy] = (await n8n.executions(diy.workflow.id)).sort((a, b) => Number(b.id) - Number(a.id));
		const diyExecution = await n8n.execution(newestDiy.id);
		const ifRuns = diyExecution.data?.resultData.runData.IF?.[0]?.data?.main;
		const diyVerifies = (ifRuns?.[0]?.length ?? 0) === 1 && (ifRuns?.[1]?.length ?? 0) === 0;
		if (!diyVerifies) {
			const crypto = diyExecution.data?.resultData.runData.Crypto?.[0]?.data?.main[0]?.[0]?.json as { expectedSignature?: unknown } | undefined;
			options.log(`n8n: the do-it-yourself flow did not pass a correctly signed delivery: computed ${String(crypto?.expectedSignature)}, error ${diyExecution.data?.resultData.error?.message ?? 'none'}`);
		}
		return {
			available: true,
			requests: perRound * options.rounds,
			concurrency: options.concurrency,
			n8nVersion,
			setupMs,
			rounds: options.rounds,
			runs,
			ratio: runs.trigger.perSecond / runs.webhookCredential.perSecond,
			bareRatio: runs.trigger.perSecond / runs.webhookBare.perSecond,
			diyRatio: runs.trigger.perSecond / runs.diy.perSecond,
			v1Ratio: runs.triggerV1.perSecond / runs.webhookCredential.perSecond,
			diyVerifies,
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
