import type { BacklogResult } from './backlog';
import type { IsolationResult } from './isolation';
import type { LatencyResult } from './latency';
import type { MachineInfo } from './machine';
import type { N8nBenchResult } from './n8n';
import type { ThroughputResult } from './throughput';
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
	readonly totalMs: number;
}

export interface SummaryFigures {
	readonly throughput_ratio: number;
	readonly p99_ms: number;
	readonly verify_ratio: number;
	readonly backlog_mb: number;
	readonly isolation_ratio: number;
	readonly n8n_ratio: number;
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
	};
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'NaN');
const count = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'NaN');

/** `SUMMARY throughput_ratio=0.82 p99_ms=12.3 verify_ratio=1.10 backlog_mb=180 isolation_ratio=0.91 n8n_ratio=0.95` */
export function summaryLine(figures: SummaryFigures): string {
	return [
		'SUMMARY',
		`throughput_ratio=${fixed(figures.throughput_ratio, 2)}`,
		`p99_ms=${fixed(figures.p99_ms, 1)}`,
		`verify_ratio=${fixed(figures.verify_ratio, 2)}`,
		`backlog_mb=${fixed(figures.backlog_mb, 0)}`,
		`isolation_ratio=${fixed(figures.isolation_ratio, 2)}`,
		`n8n_ratio=${fixed(figures.n8n_ratio, 2)}`,
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
		{ name: 'In n8n', target: 'Chatwoot Trigger ÷ Webhook node ≥ 0.9', value: fixed(figures.n8n_ratio, 2), met: judge(figures.n8n_ratio, (v) => v >= 0.9) },
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
				'each event caused by one `POST /_dispatcher/events`, through the CLI dispatcher (own process, SQLite file,',
				'WAL, synchronous=FULL) to a node:http receiver in a third process that answers 200. Timed from the first API call',
				"to the last new (event, webhook) pair at the receiver. Baseline: undici `Pool.request` POSTing the same number of",
				`${count(r.baselineBodyBytes)} B bodies to the same receiver with the dispatcher's concurrency (${r.concurrency.inFlight} in flight,`,
				`${r.concurrency.connections} sockets), before and after the dispatcher; the mean is the divisor.`,
				'',
				'| | deliveries/s | time |',
				'| --- | --- | --- |',
				`| dispatcher (default: one log line per attempt) | ${count(r.dispatcherPerSecond)} | ${(r.dispatcherElapsedMs / 1000).toFixed(2)} s |`,
				...(quiet ? [`| dispatcher \`--quiet\` | ${count(quiet.dispatcherPerSecond)} | ${(quiet.dispatcherElapsedMs / 1000).toFixed(2)} s |`] : []),
				`| undici baseline, before | ${count(r.baselineBefore.perSecond)} | ${(r.baselineBefore.elapsedMs / 1000).toFixed(2)} s |`,
				`| undici baseline, after | ${count(r.baselineAfter.perSecond)} | ${(r.baselineAfter.elapsedMs / 1000).toFixed(2)} s |`,
				'',
				`Ratio: **${fixed(r.ratio, 2)}**${quiet ? ` (with \`--quiet\`: ${fixed(quiet.ratio, 2)} against its own baselines)` : ''}. The API calls alone took`,
				`${(r.emitElapsedMs / 1000).toFixed(2)} s (${count((r.events / r.emitElapsedMs) * 1000)} events/s accepted and committed). Dispatcher peak RSS`,
				`${fixed(r.dispatcherPeakRssMb, 0)} MB. Repeats seen by the receiver: ${r.receiver.repeats}.`,
				'',
				`Why below 1.0: the baseline only sends. The dispatcher also accepts every event over HTTP, commits it and its`,
				`${r.webhooks} deliveries to SQLite with an fsync before answering, signs every attempt (HMAC, timestamp) and commits`,
				'every outcome to the delivery log. In this run the API calls took',
				`${fixed((100 * r.emitElapsedMs) / r.dispatcherElapsedMs, 0)}% of the dispatcher's time: ${
					r.emitElapsedMs / r.dispatcherElapsedMs > 0.8
						? 'it was bound by accepting events (one HTTP request and one durable commit each), and sending kept up.'
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
			return [
				`n8n ${r.n8nVersion} (Node 24, SQLite, regular mode) with this package installed as a community node; setup took`,
				`${(r.setupMs / 1000).toFixed(0)} s. ${count(r.requests)} requests per run at ${r.concurrency} in flight, each a ~1 KB`,
				'`message_created` with a fresh delivery id and a current signature. The Chatwoot Trigger verifies every signature',
				'(the default); its webhook was registered in the dispatcher on activation and signs with the secret it got.',
				`n8n's Webhook node (POST, respond immediately) gets the same requests; the two alternate in ${r.rounds} interleaved rounds`,
				'and each rate is over its summed time.',
				'',
				'| workflow | requests | accepted/s | failed |',
				'| --- | --- | --- | --- |',
				`| Webhook node | ${r.webhook.sent} | ${fixed(r.webhook.acceptedPerSecond, 1)} | ${r.webhook.failed} |`,
				`| Chatwoot Trigger | ${r.trigger.sent} | ${fixed(r.trigger.acceptedPerSecond, 1)} | ${r.trigger.failed} |`,
				'',
				`Ratio: **${fixed(r.ratio, 2)}**. Executions afterwards: trigger ${count(r.triggerExecutions)}, Webhook node ${count(r.webhookExecutions)}`,
				'(warm-up included).',
				...(r.trigger.failures.length ? ['', `First trigger failures: ${r.trigger.failures.join(' | ')}`] : []),
			];
		}),
	);
	return lines.join('\n');
}
