/**
 * Durations as people type them on the command line (`200ms`, `1s`, `2m`). A bare number is refused:
 * "2" could mean seconds or milliseconds, and a retry schedule off by a factor of 1000 fails silently.
 */
const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

export class DurationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DurationError';
	}
}

/** Milliseconds in a duration such as `1s`, `250ms`, `2m`, `1.5s` or `7d`. */
export function parseDuration(text: string): number {
	const match = PATTERN.exec(text.trim());
	if (!match) {
		throw new DurationError(`"${text}" is not a duration; use a number with a unit: ms, s, m, h or d (e.g. 500ms, 2s, 1m, 7d)`);
	}
	return Math.round(Number(match[1]) * UNITS[match[2]]);
}

/** A comma-separated list of durations, e.g. `1s,2s,4s`. `none` (or nothing) means no retries. */
export function parseDurationList(text: string): number[] {
	const trimmed = text.trim();
	if (trimmed === '' || trimmed === 'none') return [];
	return trimmed.split(',').map((part) => parseDuration(part));
}

/** The shortest readable form: 7d, 12h, 1m, 10s, 1.5s, 200ms. */
export function formatDuration(ms: number): string {
	if (ms >= 86_400_000 && ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
	if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
	if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
	if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
	return `${ms}ms`;
}
