import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
	/** Generous by default: the deadline only bounds a wait that would otherwise hang. */
	timeoutMs?: number;
	intervalMs?: number;
	/** What was awaited, for the error when it never came. */
	message?: string | (() => string);
	/**
	 * Treat a probe that throws as "not yet" (a server still starting); the last error is reported on
	 * timeout. Off by default: in a unit test a throwing probe is a bug to see at once.
	 */
	retryErrors?: boolean;
}

/**
 * The one polling helper of the tests, the e2e suite and the benchmarks: waits for a condition instead of
 * a fixed time, because nothing may depend on timing on a shared 2-core machine.
 */
export async function waitFor<T>(
	probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
	options: WaitForOptions = {},
): Promise<T> {
	const timeoutMs = options.timeoutMs ?? 20_000;
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined && value !== null && value !== false) return value;
		} catch (error) {
			if (!options.retryErrors) throw error;
			lastError = error;
		}
		if (Date.now() > deadline) {
			const message = typeof options.message === 'function' ? options.message() : options.message;
			const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`Timed out after ${timeoutMs} ms waiting: ${message ?? 'condition never held'}${detail}`);
		}
		await sleep(options.intervalMs ?? 20);
	}
}

/** `waitFor` as the e2e suite and n8n's API want it: a slower poll, and errors while a server starts are "not yet". */
export function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
	return waitFor(probe, { message: what, timeoutMs, intervalMs: 250, retryErrors: true });
}
