import type { Readable } from 'node:stream';

/** Past this much discarded body the connection is dropped instead of drained for reuse. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

export interface CappedBody {
	readonly text: string;
	readonly truncated: boolean;
}

/**
 * Reads at most `limit` bytes of a response body. The rest is read and thrown away, so the keep-alive
 * connection can serve the next delivery, up to a point: a receiver streaming megabytes gets its
 * connection closed rather than our memory or our time.
 */
export async function readCappedBody(body: Readable, limit: number): Promise<CappedBody> {
	const kept: Buffer[] = [];
	let keptBytes = 0;
	let discardedBytes = 0;
	for await (const chunk of body as AsyncIterable<Buffer>) {
		if (keptBytes < limit) {
			const part = chunk.length > limit - keptBytes ? chunk.subarray(0, limit - keptBytes) : chunk;
			kept.push(part);
			keptBytes += part.length;
			discardedBytes += chunk.length - part.length;
		} else {
			discardedBytes += chunk.length;
		}
		// Leaving the loop destroys the stream, which closes the connection.
		if (discardedBytes > DRAIN_LIMIT_BYTES) break;
	}
	return { text: Buffer.concat(kept, keptBytes).toString('utf8'), truncated: discardedBytes > 0 };
}
