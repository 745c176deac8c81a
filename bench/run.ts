/**
 * `npm run bench`: every benchmark in turn, on this machine, each against its own baseline measured in the
 * same run. Writes BENCHMARKS.md and prints the SUMMARY line last. Bounded: each benchmark stops by itself
 * (timeouts inside), and the whole run takes about 5–8 minutes on 2 cores, n8n's start included.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { runBacklog } from './backlog';
import { runIsolation } from './isolation';
import { runLatency } from './latency';
import { runLogSizeLatency } from './log-size-latency';
import { machineInfo } from './machine';
import { runN8n } from './n8n';
import { renderReport, summaryFigures, summaryLine, type BenchResults, type Outcome } from './report';
import { runStorage } from './storage';
import { runThroughput } from './throughput';
import { runVerification } from './verification';

const log = (line: string): void => {
	process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

async function measure<T>(name: string, work: () => Promise<T>): Promise<Outcome<T>> {
	log(`${name}: running`);
	const started = Date.now();
	try {
		const result = await work();
		log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return { ok: true, result, ms: Date.now() - started };
	} catch (error) {
		const message = (error as Error).message ?? String(error);
		log(`${name}: FAILED: ${message}`);
		return { ok: false, error: message, ms: Date.now() - started };
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	const machine = machineInfo();
	log(`${machine.nproc} × ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAtStart.toFixed(2)}`);

	const verification = await measure('verification', () => runVerification(20_000, 11));
	if (verification.ok) log(`verification: trigger ${Math.round(verification.result.triggerPerSecond)}/s, bare HMAC ${Math.round(verification.result.bareHmacPerSecond)}/s, ratio ${verification.result.ratio.toFixed(2)}`);

	const throughput = await measure('throughput', () => runThroughput());
	if (throughput.ok) log(`throughput: dispatcher ${Math.round(throughput.result.dispatcherPerSecond)}/s, baseline ${Math.round(throughput.result.baselinePerSecond)}/s, ratio ${throughput.result.ratio.toFixed(2)}`);
	const throughputQuiet = await measure('throughput --quiet', () => runThroughput({ quiet: true }));
	if (throughputQuiet.ok) log(`throughput --quiet: dispatcher ${Math.round(throughputQuiet.result.dispatcherPerSecond)}/s, ratio ${throughputQuiet.result.ratio.toFixed(2)}`);

	const rate = throughput.ok ? throughput.result.dispatcherPerSecond / 2 : NaN;
	const latency = Number.isFinite(rate)
		? await measure('latency', () => runLatency({ deliveriesPerSecond: rate }))
		: ({ ok: false, error: 'needs the throughput figure, which failed', ms: 0 } as const);
	if (latency.ok) log(`latency: p50 ${latency.result.dispatcher.p50.toFixed(2)} ms, p99 ${latency.result.dispatcher.p99.toFixed(2)} ms (baseline p99 ${latency.result.baseline.p99.toFixed(2)} ms)`);

	const isolation = await measure('isolation', () => runIsolation());
	if (isolation.ok) log(`isolation: ratio ${isolation.result.ratio.toFixed(2)}`);

	const backlog = await measure('backlog', () => runBacklog());
	if (backlog.ok) log(`backlog: peak RSS ${Math.round(backlog.result.peakRssMb)} MB, resume ${Math.round(backlog.result.resumeMs)} ms, lost ${backlog.result.lost}`);

	const n8n = await measure('n8n', () => runN8n({ log }));
	if (n8n.ok) log(n8n.result.available ? `n8n: ratio ${n8n.result.ratio.toFixed(2)}` : `n8n: not measured: ${n8n.result.reason}`);

	const storage = await measure('storage', () => runStorage());
	if (storage.ok) log(`storage: ${storage.result.dbMb.toFixed(1)} MB after ${storage.result.deliveries} deliveries, ${storage.result.deliveriesLeft} left`);

	const logSizeLatency = await measure('latency by fan-out and log size', () => runLogSizeLatency({}, log));

	machine.loadAtEnd = loadavg()[0];
	const results: BenchResults = {
		machine,
		verification,
		throughput,
		throughputQuiet,
		latency,
		isolation,
		backlog,
		n8n,
		storage,
		logSizeLatency,
		totalMs: Date.now() - started,
	};
	const file = join(__dirname, '..', 'BENCHMARKS.md');
	writeFileSync(file, renderReport(results) + '\n');
	log(`wrote ${file} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
	process.stdout.write(`${summaryLine(summaryFigures(results))}\n`);
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`${error.stack ?? error.message}\n`);
		process.stdout.write(
			'SUMMARY throughput_ratio=NaN p99_ms=NaN verify_ratio=NaN backlog_mb=NaN isolation_ratio=NaN n8n_ratio=NaN n8n_bare_ratio=NaN n8n_diy_ratio=NaN storage_mb=NaN\n',
		);
		process.exit(1);
	},
);
