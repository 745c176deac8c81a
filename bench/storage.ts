import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { DEFAULT_RETENTION, type RetentionRule } from '../src/dispatcher/delivery/delivery-log-retention';
import type { StorageMeasurement } from './storage-process';

/**
 * Bounded storage: a million deliveries (10 webhooks, ~1 KB bodies, one attempt each) written to a
 * delivery log whose default retention sweeps as it grows, in a process of its own; then the size of the
 * database file (after a WAL checkpoint) and that process's peak RSS.
 */
export interface StorageOptions {
	readonly deliveries: number;
}

export interface StorageResult extends StorageMeasurement {
	readonly rule: RetentionRule;
	readonly dbMb: number;
}

export const STORAGE_DEFAULTS: StorageOptions = { deliveries: 1_000_000 };

export async function runStorage(overrides: Partial<StorageOptions> = {}): Promise<StorageResult> {
	const options = { ...STORAGE_DEFAULTS, ...overrides };
	const dir = mkdtempSync(join(tmpdir(), 'chatwoot-bench-storage-'));
	try {
		const { stdout } = await promisify(execFile)(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', join(__dirname, 'storage-process.ts'), join(dir, 'dispatcher.db'), String(options.deliveries)],
			{ timeout: 900_000, maxBuffer: 1024 * 1024 },
		);
		const measurement = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as StorageMeasurement;
		return { ...measurement, rule: DEFAULT_RETENTION, dbMb: measurement.dbBytes / 1024 / 1024 };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
