import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits for a condition instead of a fixed time: tests on a shared 2-core machine must not depend on
 * timing. The deadline is generous and only bounds a test that would otherwise hang.
 */
export async function waitFor<T>(
	probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
	options: { timeoutMs?: number; intervalMs?: number; message?: string | (() => string) } = {},
): Promise<T> {
	const deadline = Date.now() + (options.timeoutMs ?? 20_000);
	for (;;) {
		const value = await probe();
		if (value !== undefined && value !== null && value !== false) return value;
		if (Date.now() > deadline) {
			const message = typeof options.message === 'function' ? options.message() : options.message;
			throw new Error(`Timed out waiting: ${message ?? 'condition never held'}`);
		}
		await sleep(options.intervalMs ?? 20);
	}
}
