import type { ChatwootEvent } from '../src/protocol';
import { ChatwootClient } from './chatwoot-client';
import { spawnDispatcher } from './dispatcher-process';
import { startLoopbackReceiver } from './loopback-receiver';

/**
 * What the delivery benchmarks emit: `conversation_created`, whose Chatwoot payload (the dispatcher's
 * fixture, a conversation with its contact, inbox and account) is about 1 KB, with a `bench-seq-<n>`
 * marker merged into its custom attributes so the receiver can tell which API call caused a delivery.
 *
 * The baselines must POST the same bytes the dispatcher sends, so the body is captured once per process
 * from a real dispatcher and the marker is swapped per request.
 */
export const BENCH_EVENT: ChatwootEvent = 'conversation_created';

export function benchEventData(seq: number): Record<string, unknown> {
	return { custom_attributes: { bench_ref: `bench-seq-${seq}` } };
}

const TEMPLATE_TOKEN = 'bench-template-token-Xk29QpLm';
let template: Promise<string> | undefined;

async function captureTemplate(): Promise<string> {
	const receiver = await startLoopbackReceiver();
	const dispatcher = await spawnDispatcher({ db: ':memory:', token: TEMPLATE_TOKEN, quiet: true });
	const client = new ChatwootClient(dispatcher.url, TEMPLATE_TOKEN, 1, 1);
	try {
		await client.createWebhook(`${receiver.origin}/template`, [BENCH_EVENT]);
		await client.emit(BENCH_EVENT, benchEventData(0));
		const stats = await receiver.waitForRequests(1, 30_000);
		if (!stats.sampleBody?.includes('bench-seq-0')) throw new Error('the dispatcher did not deliver the template event');
		return stats.sampleBody;
	} finally {
		await client.close();
		await dispatcher.stop(2_000);
		await receiver.close();
	}
}

/** The body the dispatcher sends for `benchEventData(0)`, captured from a real dispatcher once per process. */
export function deliveredBodyTemplate(): Promise<string> {
	template ??= captureTemplate();
	return template;
}

/** The bytes the dispatcher sends for `benchEventData(seq)`. */
export async function deliveredBody(seq: number): Promise<Buffer> {
	return Buffer.from((await deliveredBodyTemplate()).replace('bench-seq-0', `bench-seq-${seq}`), 'utf8');
}
