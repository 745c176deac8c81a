import type { BacklogResult } from './backlog';
import type { IsolationResult } from './isolation';
import type { LatencyResult } from './latency';
import type { LogSizeLatencyResult } from './log-size-latency';
import type { MachineInfo } from './machine';
import type { N8nBenchResult, N8nWorkflowRun } from './n8n';
import type { ThroughputResult } from './throughput';
import type { StorageResult } from './storage';
import type { VerificationResult } from './verification';

/** One benchmark's outcome: its result, or why there is none. A failed benchmark reports NaN, never a guess. */
export type Outcome<T> = { readonly ok: true; readonly result: T; readonly ms: number } | { readonly ok: false; readonly error: string; readonly ms: number };

export interface BenchResults {
	readonly machine: MachineInfo;
	readonly verification: Outcome<VerificationResult>;
	readonly throughput: Outcome<ThroughputResult>;
	readonly throughputQuiet: Outcome<ThroughputResult>;
	readonly latency: Outcome<LatencyResult>;
	readonly isolation: Outcome<IsolationResult>;
	readonly backlog: Outcome<BacklogResult>;
	readonly n8n: Outcome<N8nBenchResult>;
	readonly storage: Outcome<StorageResult>;
	readonly logSizeLatency: Outcome<LogSizeLatencyResult>;
	readonly totalMs: number;
}

export interface SummaryFigures {
	readonly throughput_ratio: number;
	readonly p99_ms: number;
	readonly verify_ratio: number;
	readonly backlog_mb: number;
	readonly isolation_ratio: number;
	readonly n8n_ratio: number;
	readonly n8n_bare_ratio: number;
	readonly n8n_diy_ratio: number;
	readonly storage_mb: number;
}

function figure<T>(outcome: Outcome<T>, read: (result: T) => number): number {
	return outcome.ok ? read(outcome.result) : NaN;
}

export function summaryFigures(results: BenchResults): SummaryFigures {
	return {
		throughput_ratio: figure(results.throughput, (r) => r.ratio),
		p99_ms: figure(results.latency, (r) => r.dispatcher.p99),
		verify_ratio: figure(results.verification, (r) => r.ratio),
		backlog_mb: figure(results.backlog, (r) => (r.lost === 0 ? r.peakRssMb : NaN)),
		isolation_ratio: figure(results.isolation, (r) => r.ratio),
		n8n_ratio: figure(results.n8n, (r) => (r.available ? r.ratio : NaN)),
		n8n_bare_ratio: figure(results.n8n, (r) => (r.available ? r.bareRatio : NaN)),
		// A do-it-yourself flow that let a correctly signed delivery fail is no baseline.
		n8n_diy_ratio: figure(results.n8n, (r) => (r.available && r.diyVerifies ? r.diyRatio : NaN)),
		storage_mb: figure(results.storage, (r) => r.dbMb),
	};
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'NaN');
const count = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'NaN');

/** `SUMMARY throughput_ratio=0.82 p99_ms=12.3 … n8n_ratio=0.95 n8n_bare_ratio=0.60 n8n_diy_ratio=1.40 storage_mb=45` */
export function summaryLine(figures: SummaryFigures): string {
	return [
		'SUMMARY',
		`throughput_ratio=${fixed(figures.throughput_ratio, 2)}`,
		`p99_ms=${fixed(figures.p99_ms, 1)}`,
		`verify_ratio=${fixed(figures.verify_ratio, 2)}`,
		`backlog_mb=${fixed(figures.backlog_mb, 0)}`,
		`isolation_ratio=${fixed(figures.isolation_ratio, 2)}`,
		`n8n_ratio=${fixed(figures.n8n_ratio, 2)}`,
		`n8n_bare_ratio=${fixed(figures.n8n_bare_ratio, 2)}`,
		`n8n_diy_ratio=${fixed(figures.n8n_diy_ratio, 2)}`,
		`storage_mb=${fixed(figures.storage_mb, 0)}`,
	].join(' ');
}

interface Goal {
	readonly name: string;
	readonly target: string;
	readonly value: string;
	readonly met: boolean | null;
}

function goals(figures: SummaryFigures): Goal[] {
	const judge = (value: number, pass: (value: number) => boolean): boolean | null => (Number.isFinite(value) ? pass(value) : null);
	return [
		{ name: 'Throughput', target: 'dispatcher ÷ baseline ≥ 0.7', value: fixed(figures.throughput_ratio, 2), met: judge(figures.throughput_ratio, (v) => v >= 0.7) },
		{ name: 'Latency', target: 'p99 < 50 ms', value: `${fixed(figures.p99_ms, 1)} ms`, met: judge(figures.p99_ms, (v) => v < 50) },
		{ name: 'Verification', target: 'trigger ÷ bare HMAC ≤ 1.3 (time)', value: fixed(figures.verify_ratio, 2), met: judge(figures.verify_ratio, (v) => v <= 1.3) },
		{ name: 'Backlog', target: 'peak RSS < 300 MB, nothing lost', value: `${fixed(figures.backlog_mb, 0)} MB`, met: judge(figures.backlog_mb, (v) => v < 300) },
		{ name: 'Isolation', target: 'healthy with black hole ÷ alone ≥ 0.8', value: fixed(figures.isolation_ratio, 2), met: judge(figures.isolation_ratio, (v) => v >= 0.8) },
		{ name: 'In n8n', target: 'Chatwoot Trigger ÷ Webhook node with a credential ≥ 1.0', value: fixed(figures.n8n_ratio, 2), met: judge(figures.n8n_ratio, (v) => v >= 1) },
		{ name: 'In n8n, the ceiling', target: 'Chatwoot Trigger ÷ bare Webhook node (reported)', value: fixed(figures.n8n_bare_ratio, 2), met: null },
		{ name: 'In n8n, do it yourself', target: 'Chatwoot Trigger ÷ Webhook → Crypto → IF ≥ 1.0', value: fixed(figures.n8n_diy_ratio, 2), met: judge(figures.n8n_diy_ratio, (v) => v >= 1) },
		{ name: 'Storage', target: 'database after 1,000,000 deliveries, retention on (reported)', value: `${fixed(figures.storage_mb, 0)} MB`, met: null },
	];
}

function section<T>(title: string, outcome: Outcome<T>, body: (result: T) => string[]): string[] {
	const lines = [`## ${title}`, ''];
	if (!outcome.ok) return [...lines, `Not measured: ${outcome.error}`, ''];
	return [...lines, ...body(outcome.result), '', `(${(outcome.ms / 1000).toFixed(1)} s)`, ''];
}

export function renderReport(results: BenchResults): string {
	const figures = summaryFigures(results);
	const m = results.machine;
	const lines: string[] = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (bench/run.ts); do not edit by hand. Every ratio divides by a baseline measured in',
		'the same run, on the same machine, against the same receiver; no figure from another run is compared.',
		'',
		`- Date: ${m.date}`,
		`- Machine: ${m.nproc} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.platform}`,
		`- Node: ${m.node} (the dispatcher and the benchmark; n8n runs on its own Node 24)`,
		`- Load average (1 min): ${m.loadAtStart.toFixed(2)} at the start, ${m.loadAtEnd?.toFixed(2) ?? '?'} at the end`,
		`- Wall time: ${(results.totalMs / 1000).toFixed(0)} s`,
		'',
		'| Goal | Target | Measured | Met |',
		'| --- | --- | --- | --- |',
		...goals(figures).map((goal) => `| ${goal.name} | ${goal.target} | ${goal.value} | ${goal.met === null ? 'not measured' : goal.met ? 'yes' : 'no'} |`),
		'',
		'```',
		summaryLine(figures),
		'```',
		'',
	];

	lines.push(
		...section('1. Throughput', results.throughput, (r) => {
			const quiet = results.throughputQuiet.ok ? results.throughputQuiet.result : undefined;
			return [
				`${count(r.events)} \`conversation_created\` events × ${r.webhooks} webhooks = ${count(r.deliveries)} deliveries of ${count(r.meanBodyBytes)} B,`,
				`posted ${r.emitBatchSize} per \`POST /_dispatcher/events\` (one transaction and one fsync per call), through the CLI dispatcher (own process, SQLite file,`,
				'WAL, synchronous=FULL) to a node:http receiver in a third process that answers 200. Timed from the first API call',
				"to the last new (event, webhook) pair at the receiver. Baseline: undici `Pool.request` POSTing the same number of",
				`${count(r.baselineBodyBytes)} B bodies to the same receiver with the dispatcher's concurrency (${r.concurrency.inFlight} in flight,`,
				`${r.concurrency.connections} sockets), before and after the dispatcher; the mean is the divisor.`,
				'',
				'| | deliveries/s | time |',
				'| --- | --- | --- |',
				`| dispatcher, ${r.emitBatchSize} events per API call (default: one log line per attempt) | ${count(r.dispatcherPerSecond)} | ${(r.dispatcherElapsedMs / 1000).toFixed(2)} s |`,
				...(r.perEvent
					? [`| dispatcher, one event per API call (same process, before) | ${count(r.perEvent.dispatcherPerSecond)} | ${(r.perEvent.dispatcherElapsedMs / 1000).toFixed(2)} s |`]
					: []),
				...(quiet ? [`| dispatcher \`--quiet\` | ${count(quiet.dispatcherPerSecond)} | ${(quiet.dispatcherElapsedMs / 1000).toFixed(2)} s |`] : []),
				`| undici baseline, before | ${count(r.baselineBefore.perSecond)} | ${(r.baselineBefore.elapsedMs / 1000).toFixed(2)} s |`,
				`| undici baseline, after | ${count(r.baselineAfter.perSecond)} | ${(r.baselineAfter.elapsedMs / 1000).toFixed(2)} s |`,
				'',
				`Ratio: **${fixed(r.ratio, 2)}**${r.perEvent ? ` (one event per API call: ${fixed(r.perEvent.ratio, 2)})` : ''}${quiet ? ` (with \`--quiet\`: ${fixed(quiet.ratio, 2)} against its own baselines)` : ''}. The API calls alone took`,
				`${(r.emitElapsedMs / 1000).toFixed(2)} s (${count((r.events / r.emitElapsedMs) * 1000)} events/s accepted and committed). Dispatcher peak RSS`,
				`${fixed(r.dispatcherPeakRssMb, 0)} MB. Repeats seen by the receiver: ${r.receiver.repeats}.`,
				'',
				`Why below 1.0: the baseline only sends. The dispatcher also accepts the events over HTTP, commits them and their`,
				`${r.webhooks} deliveries each to SQLite with an fsync before answering, signs every attempt (HMAC, timestamp) and commits`,
				'every outcome to the delivery log. In this run the API calls took',
				`${fixed((100 * r.emitElapsedMs) / r.dispatcherElapsedMs, 0)}% of the dispatcher's time: ${
					r.emitElapsedMs / r.dispatcherElapsedMs > 0.8
						? 'it was bound by accepting events (HTTP requests and durable commits), and sending kept up.'
						: 'both limit it: accepting events set the pace while they came, and sending was still catching up after the last one was accepted.'
				} All three processes (load generator, dispatcher, receiver) share the same ${results.machine.nproc} cores, while the`,
				'baseline runs two.',
			];
		}),
	);
	lines.push(
		...section('2. Latency', results.latency, (r) => [
			`${count(r.events)} events at ${fixed(r.eventsPerSecond, 1)}/s × ${r.webhooks} webhooks = ${count(r.deliveriesPerSecond)} deliveries/s (half the`,
			`measured throughput), achieved ${fixed(r.achievedEventsPerSecond, 1)} events/s. For each (event, webhook) pair: from the`,
			'moment the `POST /_dispatcher/events` call was made to the moment the receiver had the delivery\'s request headers,',
			'on CLOCK_MONOTONIC (shared by the processes). Baseline: undici sending the same number of requests at the same',
			'delivery rate straight to the receiver, timed the same way.',
			'',
			'| | p50 | p90 | p99 | max |',
			'| --- | --- | --- | --- | --- |',
			`| dispatcher | ${fixed(r.dispatcher.p50, 2)} ms | ${fixed(r.dispatcher.p90, 2)} ms | ${fixed(r.dispatcher.p99, 2)} ms | ${fixed(r.dispatcher.max, 2)} ms |`,
			`| undici baseline | ${fixed(r.baseline.p50, 2)} ms | ${fixed(r.baseline.p90, 2)} ms | ${fixed(r.baseline.p99, 2)} ms | ${fixed(r.baseline.max, 2)} ms |`,
			'',
			`p99 ratio (dispatcher ÷ baseline): ${fixed(r.p99Ratio, 2)}. Pairs that never arrived: ${r.missing}.`,
		]),
	);
	lines.push(
		...section('3. Verification', results.verification, (r) => [
			`A ${r.bodyBytes} B signed delivery, verified ${count(r.iterations)} times per round (standardwebhooks: a quarter of that), ${r.rounds}`,
			'interleaved rounds; rates are the median round, ratios the median of the per-round ratios.',
			`The trigger's path is the call \`nodes/ChatwootTrigger/receive-delivery.ts\` makes: ${r.verifyPath} on the raw body`,
			'and the request headers. Bare HMAC: `createHmac` over `"<ts>." + body` and a string compare. standardwebhooks:',
			'`Webhook.verify` (jsonParse off) on the same body with its own id/timestamp/signature headers.',
			'',
			'| | verifications/s | time ÷ bare HMAC |',
			'| --- | --- | --- |',
			`| bare createHmac | ${count(r.bareHmacPerSecond)} | 1.00 |`,
			`| Chatwoot Trigger verify path | ${count(r.triggerPerSecond)} | ${fixed(r.ratio, 2)} |`,
			`| standardwebhooks 1.1 | ${count(r.standardWebhooksPerSecond)} | ${fixed(r.standardWebhooksRatio, 2)} |`,
			'',
			`All three accepted the delivery and refused a tampered copy: ${r.allAgree ? 'yes' : 'NO'}.`,
		]),
	);
	lines.push(
		...section('4. Backlog', results.backlog, (r) => [
			`${count(r.deliveries)} deliveries pending to a receiver that is down (accepts connections, never answers; the`,
			'dispatcher holds its few in-flight attempts on a 10 min timeout and the rest wait in SQLite), the CLI dispatcher in',
			'its own process. RSS is the kernel\'s high-water mark (VmHWM) of each dispatcher process.',
			'',
			`- Seeding through \`POST /_dispatcher/events\`: ${(r.seedMs / 1000).toFixed(1)} s (${count(r.seedEventsPerSecond)} events/s); database ${fixed(r.dbMb, 0)} MB`,
			`- Peak RSS while seeding: ${fixed(r.seedPeakRssMb, 0)} MB`,
			`- Stopped with ${r.stoppedBy}; restarted on the same file: ready (health answers) after ${fixed(r.restartReadyMs, 0)} ms,`,
			`  first attempt at the receiver after **${fixed(r.resumeMs, 0)} ms**`,
			`- Peak RSS of the restarted process through resume and drain: ${fixed(r.restartPeakRssMb, 0)} MB`,
			`- The receiver came back: drained in ${(r.drainMs / 1000).toFixed(1)} s (${count(r.drainPerSecond)} deliveries/s)`,
			`- Delivered pairs at the receiver: ${count(r.deliveredPairs)} of ${count(r.deliveries)}; lost: **${r.lost}**;`,
			`  delivered according to the dispatcher's delivery log: ${r.loggedDelivered === null ? 'unknown' : count(r.loggedDelivered)}`,
		]),
	);
	lines.push(
		...section('5. Isolation', results.isolation, (r) => [
			`${count(r.events)} events, one healthy webhook; in the middle run a second webhook black-holes (accepts, never`,
			"answers; the dispatcher's 2 s timeout ends each attempt) and takes half of all deliveries. Each run is a fresh",
			'dispatcher process and database. Healthy throughput = events ÷ time from the first API call to its last delivery.',
			'',
			'| run | healthy deliveries/s | requests to the second webhook |',
			'| --- | --- | --- |',
			`| alone, before | ${count(r.aloneBefore.perSecond)} | - |`,
			`| with the black hole | ${count(r.withBlackhole.perSecond)} | ${r.withBlackhole.blackholeRequests} |`,
			`| control: with a healthy twin instead | ${count(r.withHealthyTwin.perSecond)} | ${r.withHealthyTwin.blackholeRequests} |`,
			`| alone, after | ${count(r.aloneAfter.perSecond)} | - |`,
			'',
			`Ratio (with the black hole ÷ alone): **${fixed(r.ratio, 2)}**. Control (healthy twin ÷ alone): ${fixed(r.twinRatio, 2)}, so the`,
			`black hole itself costs the healthy webhook ${fixed(100 * (1 - r.ratio / r.twinRatio), 0)}% against a second healthy webhook; the rest`,
			'is the price of a second webhook at all (two deliveries to write per API call).',
		]),
	);
	lines.push(
		...section('6. In n8n', results.n8n, (r) => {
			if (!r.available) return [`Not measured (n8n_ratio=NaN): ${r.reason}`];
			const row = (label: string, run: N8nWorkflowRun): string =>
				`| ${label} | ${run.sent} | ${fixed(run.perSecond, 1)} | ${fixed(run.acceptedPerSecond, 1)} | ${fixed(r.runs.trigger.perSecond / run.perSecond, 2)} | ${run.failed} |`;
			const failures = Object.entries(r.runs).filter(([, run]) => run.failures.length);
			return [
				`n8n ${r.n8nVersion} (Node 24, SQLite, regular mode) with this package installed as a community node; setup took`,
				`${(r.setupMs / 1000).toFixed(0)} s. ${count(r.requests)} requests to each workflow at ${r.concurrency} in flight, in ${r.rounds} rounds that`,
				'interleave the workflows in a different order each time; each a ~1 KB `message_created` with a fresh delivery id and',
				'a current signature. Every workflow answers at once (respond immediately) and then runs; a request counts when its',
				"execution has finished, so a rate is requests ÷ (first request sent → last execution stopped, n8n's own stoppedAt),",
				'summed over rounds. "answered/s" is what the sender saw (HTTP answers only), for comparison.',
				'',
				'- **Chatwoot Trigger 1.1** verifies every signature (the default) with the secret the dispatcher gave it on activation.',
				"- **Webhook node + Header Auth** (like for like): n8n checks a start node's credential before answering, as for the",
				'  trigger, whose credential registers its webhook.',
				'- **Webhook node, bare**: no authentication at all (the ceiling; it checks nothing).',
				'- **Webhook → Crypto → IF** (do it yourself): Webhook with *Raw Body*, Extract From File (the raw body as text, since',
				'  expressions cannot read binary data), Crypto *Hmac* SHA256 of `{{ timestamp }}.{{ raw body }}` with a Crypto',
				'  credential, IF against `X-Chatwoot-Signature`. It answers 200 before',
				`  it checks anything, so it cannot refuse a forged delivery. Its IF passed the last correctly signed delivery: ${r.diyVerifies ? 'yes' : 'NO'}.`,
				'- **Chatwoot Trigger 1**: the same trigger at version 1, where n8n evaluates a Webhook-v1 expression on every request.',
				'',
				'| workflow | requests | executed/s | answered/s | trigger 1.1 ÷ this | failed |',
				'| --- | --- | --- | --- | --- | --- |',
				row('Chatwoot Trigger 1.1', r.runs.trigger),
				row('Webhook node + Header Auth', r.runs.webhookCredential),
				row('Webhook node, bare', r.runs.webhookBare),
				row('Webhook → Crypto → IF', r.runs.diy),
				row('Chatwoot Trigger 1', r.runs.triggerV1),
				'',
				`Ratios: like for like **${fixed(r.ratio, 2)}** (n8n_ratio), against the bare ceiling **${fixed(r.bareRatio, 2)}** (n8n_bare_ratio),`,
				`against the do-it-yourself flow **${fixed(r.diyRatio, 2)}** (n8n_diy_ratio). Version 1 of the trigger against the Webhook node`,
				`with Header Auth: ${fixed(r.v1Ratio, 2)}.`,
				...failures.map(([name, run]) => `First failures (${name}): ${run.failures.join(' | ')}`),
			];
		}),
	);
	lines.push(
		...section('7. Storage', results.storage, (r) => {
			const seeded = results.logSizeLatency.ok ? results.logSizeLatency.result.seededMb[1_000_000] : undefined;
			return [
				`${count(r.deliveries)} deliveries (10 webhooks per event, ~1 KB bodies stored once per event, one attempt each) written to`,
				'a delivery log in batches of 10,000 through the store, in a process of its own, with the dispatcher\'s default',
				`retention (settled deliveries for ${r.rule.maxAgeMs === null ? 'ever' : `${fixed(r.rule.maxAgeMs / 86_400_000, 0)} days`}, at most the newest ${r.rule.maxDeliveries === null ? 'unlimited' : count(r.rule.maxDeliveries)})`,
				'sweeping after every batch (the running dispatcher sweeps at start and every minute, in the same batches).',
				'',
				'| figure | value |',
				'| --- | --- |',
				`| database file after a WAL checkpoint | **${fixed(r.dbMb, 1)} MB** |`,
				`| rows left: deliveries / attempts / bodies | ${count(r.deliveriesLeft)} / ${count(r.attemptsLeft)} / ${count(r.bodiesLeft)} |`,
				`| deleted by retention | ${count(r.deleted)} in ${count(r.pruneCalls)} transactions |`,
				`| longest single retention transaction | ${fixed(r.longestPruneMs, 1)} ms |`,
				`| peak RSS of that process | ${fixed(r.peakRssMb, 0)} MB |`,
				`| time | ${fixed(r.seconds, 1)} s |`,
				...(seeded === undefined ? [] : [`| for comparison: 1,000,000 deliveries with retention off (section 8's log) | ${fixed(seeded, 0)} MB |`]),
				'',
				'The file stops growing once retention keeps pace: SQLite reuses the pages freed by deleted rows for new ones.',
			];
		}),
	);
	lines.push(
		...section('8. Latency by fan-out and log size', results.logSizeLatency, (r) => {
			const sizes = [...new Set(r.cells.map((cell) => cell.logSize))];
			const fanOuts = [...new Set(r.cells.map((cell) => cell.webhooks))];
			const cell = (logSize: number, webhooks: number) => r.cells.find((c) => c.logSize === logSize && c.webhooks === webhooks);
			return [
				`The latency benchmark (section 2) at ${count(r.deliveriesPerSecond)} deliveries/s for ${fixed(r.durationMs / 1000, 0)} s per cell, with each event fanned out to`,
				'1, 10 or 100 webhooks (so 100, 10 or 1 events/s), in a dispatcher whose delivery log already holds that many delivered',
				'deliveries (seeded through the store, retention off so that they stay). p50 / p99 of emit → receive, in ms; the undici',
				'baseline of each cell in brackets.',
				'',
				`| log size | ${fanOuts.map((n) => `${n} webhook${n === 1 ? '' : 's'}`).join(' | ')} |`,
				`| --- | ${fanOuts.map(() => '---').join(' | ')} |`,
				...sizes.map(
					(size) =>
						`| ${count(size)} | ${fanOuts
							.map((n) => {
								const c = cell(size, n);
								return c ? `${fixed(c.dispatcher.p50, 1)} / ${fixed(c.dispatcher.p99, 1)} (${fixed(c.baseline.p50, 1)} / ${fixed(c.baseline.p99, 1)})${c.missing ? `, ${c.missing} missing` : ''}` : '-';
							})
							.join(' | ')} |`,
				),
				'',
				`Seeding took ${sizes.map((size) => `${fixed(r.seedSeconds[size], 0)} s for ${count(size)}`).join(', ')}.`,
			];
		}),
	);
	return lines.join('\n');
}
