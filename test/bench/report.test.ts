import { join } from 'node:path';

import { runN8n } from '../../bench/n8n';
import { machineInfo } from '../../bench/machine';
import { renderReport, summaryFigures, summaryLine, type BenchResults } from '../../bench/report';

const failed = { ok: false, error: 'not run in this test', ms: 0 } as const;

test('without n8n in the cache the n8n benchmark measures nothing and says why', async () => {
	const result = await runN8n({ cacheDir: join(__dirname, 'no-such-cache') });
	expect(result.available).toBe(false);
	if (!result.available) expect(result.reason).toMatch(/not installed/);
});

test('the SUMMARY line has every figure in the documented form, NaN for what was not measured', async () => {
	const n8n = await runN8n({ cacheDir: join(__dirname, 'no-such-cache') });
	const results: BenchResults = {
		machine: machineInfo(),
		verification: failed,
		throughput: failed,
		throughputQuiet: failed,
		latency: failed,
		isolation: failed,
		backlog: failed,
		n8n: { ok: true, result: n8n, ms: 1 },
		storage: failed,
		logSizeLatency: failed,
		totalMs: 1,
	};
	const line = summaryLine(summaryFigures(results));
	expect(line).toBe(
		'SUMMARY throughput_ratio=NaN p99_ms=NaN verify_ratio=NaN backlog_mb=NaN isolation_ratio=NaN n8n_ratio=NaN n8n_bare_ratio=NaN n8n_diy_ratio=NaN storage_mb=NaN',
	);
	expect(line).toMatch(/^SUMMARY( [a-z0-9_]+=(NaN|\d+(\.\d+)?)){9}$/);
	const report = renderReport(results);
	expect(report).toContain(line);
	expect(report).toContain(`${machineInfo().nproc} ×`);
	expect(report).toContain('Not measured');
});

test('measured figures are printed with the documented precision', () => {
	expect(
		summaryLine({
			throughput_ratio: 0.8234,
			p99_ms: 12.34,
			verify_ratio: 1.1,
			backlog_mb: 180.4,
			isolation_ratio: 0.912,
			n8n_ratio: 0.95,
			n8n_bare_ratio: 0.604,
			n8n_diy_ratio: 1.396,
			storage_mb: 44.6,
		}),
	).toBe(
		'SUMMARY throughput_ratio=0.82 p99_ms=12.3 verify_ratio=1.10 backlog_mb=180 isolation_ratio=0.91 n8n_ratio=0.95 n8n_bare_ratio=0.60 n8n_diy_ratio=1.40 storage_mb=45',
	);
});
