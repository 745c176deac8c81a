import type { RequestHandler } from 'express';

/**
 * Ruby's JSON parser refuses documents nested deeper than `max_nesting` (100 by default), and Rails
 * answers that parse error with 400. The dispatcher refuses them the same way and at the same place,
 * before any route runs: recursive code further on (merging event data over a fixture, serialising a
 * payload) would otherwise overflow the stack on a hostile body and answer 500.
 */
export const MAX_JSON_NESTING = 100;

export class NestingTooDeep extends Error {
	constructor(readonly limit: number) {
		super(`The request body is nested deeper than ${limit} levels`);
		this.name = 'NestingTooDeep';
	}
}

/** Measured with an explicit stack, so the check itself cannot overflow. */
export function exceedsNesting(value: unknown, limit: number): boolean {
	const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
	while (pending.length > 0) {
		const { value: current, depth } = pending.pop()!;
		if (typeof current !== 'object' || current === null) continue;
		if (depth + 1 > limit) return true;
		for (const child of Object.values(current)) pending.push({ value: child, depth: depth + 1 });
	}
	return false;
}

export function refuseDeepNesting(limit: number = MAX_JSON_NESTING): RequestHandler {
	return (req, _res, next) => {
		next(exceedsNesting(req.body, limit) ? new NestingTooDeep(limit) : undefined);
	};
}
