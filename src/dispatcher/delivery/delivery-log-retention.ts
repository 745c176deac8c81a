import { setImmediate as nextTurn } from 'node:timers/promises';

import type { DeliveryLogPruning } from '../store/delivery-log-pruning';

/**
 * How much of the delivery log the dispatcher keeps: settled deliveries (delivered, failed, cancelled)
 * older than `maxAgeMs` or beyond the newest `maxDeliveries` are deleted with their attempts and bodies.
 * Pending and in-flight deliveries are always kept. Null turns a limit off; both null keeps everything.
 */
export interface RetentionRule {
	readonly maxAgeMs: number | null;
	readonly maxDeliveries: number | null;
}

/** A week, and 100,000 deliveries: enough to look back at a working day's tests, bounded for a box left running. */
export const DEFAULT_RETENTION: RetentionRule = { maxAgeMs: 7 * 24 * 60 * 60_000, maxDeliveries: 100_000 };

export interface DeliveryLogRetentionOptions {
	readonly log: DeliveryLogPruning;
	readonly rule: RetentionRule;
	/** How often a sweep runs. */
	readonly intervalMs?: number;
	/** Deliveries deleted per transaction; between two, the event loop (and so the worker and the API) runs. */
	readonly batchSize?: number;
	readonly now?: () => number;
	readonly logger?: (line: string) => void;
}

/**
 * Applies the retention rule while the dispatcher runs: a sweep every `intervalMs` deletes what the rule
 * lets go in small batches, yielding to the event loop between batches, so deliveries never wait on a
 * long delete. The first sweep runs at start, so a restart on a large log trims it at once.
 */
export class DeliveryLogRetention {
	private readonly intervalMs: number;
	private readonly batchSize: number;
	private readonly now: () => number;
	private timer: NodeJS.Timeout | undefined;
	private sweeping: Promise<number> | undefined;
	private stopped = false;

	constructor(private readonly options: DeliveryLogRetentionOptions) {
		this.intervalMs = options.intervalMs ?? 60_000;
		this.batchSize = options.batchSize ?? 500;
		this.now = options.now ?? Date.now;
	}

	get enabled(): boolean {
		return this.options.rule.maxAgeMs !== null || this.options.rule.maxDeliveries !== null;
	}

	start(): void {
		if (!this.enabled || this.timer) return;
		this.timer = setInterval(() => this.sweepInBackground(), this.intervalMs);
		this.timer.unref();
		this.sweepInBackground();
	}

	/** Deletes everything the rule lets go, batch by batch; a sweep already running is joined, not doubled. */
	sweep(): Promise<number> {
		this.sweeping ??= this.sweepInBatches().finally(() => {
			this.sweeping = undefined;
		});
		return this.sweeping;
	}

	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		await this.sweeping?.catch(() => undefined);
	}

	/** A failed sweep (a busy or full disk) is logged and tried again at the next interval. */
	private sweepInBackground(): void {
		this.sweep().catch((error: Error) => this.options.logger?.(`retention: sweep failed, retrying later: ${error.message}`));
	}

	private async sweepInBatches(): Promise<number> {
		const { maxAgeMs, maxDeliveries } = this.options.rule;
		const createdBefore = maxAgeMs === null ? null : this.now() - maxAgeMs;
		let total = 0;
		while (!this.stopped) {
			const deleted = this.options.log.prune({ createdBefore, keep: maxDeliveries, limit: this.batchSize });
			total += deleted;
			if (deleted < this.batchSize) break;
			await nextTurn();
		}
		if (total) this.options.logger?.(`retention: deleted ${total} settled deliveries from the log`);
		return total;
	}
}
