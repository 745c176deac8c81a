import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { E2eEnvironment } from '../../../testkit/n8n/environment';

/**
 * The n8n processes of run.sh's queue lane, each with its log in the run directory: the main (`n8n start`,
 * editor, API, activation), a worker (`n8n worker`, runs executions) and two webhook processors
 * (`n8n webhook`). Processor A's address is n8n's production webhook URL, the one Chatwoot is given;
 * B serves the same webhooks at another address, as a second replica behind a load balancer would.
 *
 * The processes log at debug level, so each one's log says what it did: the main "Added webhooks for
 * workflow", a processor "Received webhook" and "Enqueued execution <id>", the worker "Worker started
 * execution <id>".
 */
export type N8nProcess = 'main' | 'worker' | 'webhook-a' | 'webhook-b';

export const N8N_PROCESSES: readonly N8nProcess[] = ['main', 'worker', 'webhook-a', 'webhook-b'];

const LOG_FILES: Record<N8nProcess, string> = {
	main: 'n8n.log',
	worker: 'worker.log',
	'webhook-a': 'webhook-a.log',
	'webhook-b': 'webhook-b.log',
};

export class N8nProcesses {
	/** Base URLs of webhook processors A and B, no trailing slash. */
	readonly webhookA: string;
	readonly webhookB: string;

	constructor(private readonly env: E2eEnvironment) {
		const urls = (process.env.E2E_N8N_WEBHOOK_URLS ?? '').split(/\s+/).filter(Boolean);
		if (urls.length !== 2) throw new Error('E2E_N8N_WEBHOOK_URLS must name two webhook processors: run the queue lane (npm run test:e2e:queue)');
		[this.webhookA, this.webhookB] = urls.map((url) => url.replace(/\/+$/, ''));
	}

	/** The whole log of one process so far. */
	log(process: N8nProcess): string {
		return readFileSync(join(this.env.runDirectory, LOG_FILES[process]), 'utf8');
	}

	/** The processes whose log has a line containing every one of `parts`. */
	logging(...parts: string[]): N8nProcess[] {
		return N8N_PROCESSES.filter((process) => this.log(process).split('\n').some((line) => parts.every((part) => line.includes(part))));
	}
}
