import type { IncomingHttpHeaders } from 'node:http';

import { verify } from '../src/protocol';

/**
 * The code the Chatwoot Trigger's `webhook()` runs to decide whether a delivery is authentic, given the
 * raw body and headers n8n hands it. Benchmarks and the fuzz suite call this, never a copy of it.
 */
export interface TriggerVerifyPath {
	readonly description: string;
	verify(rawBody: Buffer, headers: IncomingHttpHeaders): boolean;
}

export function triggerVerifyPath(secret: string): TriggerVerifyPath {
	return {
		description: 'src/protocol verify()',
		verify: (rawBody, headers) => verify({ body: rawBody, headers, secret }).valid,
	};
}
