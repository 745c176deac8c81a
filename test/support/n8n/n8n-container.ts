import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

import { MemoryLogger } from './memory-logger';

/**
 * n8n-core reaches its services through `@n8n/di`'s Container, as n8n's start command wires them: the
 * Logger, InstanceSettings (instance id, encryption key, read from `<N8N_USER_FOLDER>/.n8n/config`), the
 * outbound HTTP client and the config classes. The real classes resolve themselves; two things are set
 * first: a user folder of the test harness's own, so n8n never touches the real ~/.n8n, and a Logger
 * that keeps lines in memory instead of winston's console output.
 *
 * Expressions (`={{ … }}` in parameters, credentials' `authenticate` and `test` blocks) run on
 * n8n-workflow's legacy engine, its default outside n8n. n8n 2.41 itself starts the `vm` engine
 * (N8N_EXPRESSION_ENGINE=vm), an isolated-vm sandbox whose native addon is not built here
 * (`Expression.initExpressionEngine({ engine: 'vm' })` fails: "IsolatePool failed to create any bridges");
 * both evaluate the same expression language, and the e2e suite runs the real sandbox.
 */
export const n8nLog = new MemoryLogger();

let prepared = false;

export function prepareN8nContainer(): void {
	if (prepared) return;
	prepared = true;
	// One folder per checkout and jest worker, reused by later runs: n8n writes its settings file there on
	// first use, and parallel workers (or other checkouts' runs) must not race on one file.
	const checkout = createHash('sha256').update(__dirname).digest('hex').slice(0, 12);
	process.env.N8N_USER_FOLDER ??= join(tmpdir(), `n8n-harness-${checkout}-${process.env.JEST_WORKER_ID ?? process.pid}`);
	Container.set(Logger, n8nLog as unknown as Logger);
	LoggerProxy.init(n8nLog);
}

/**
 * The contexts read `this.logger` from the Container once, on first use (`@Memoized`). Registering the
 * node's own logger and reading it right away gives each context the logger of the node it runs, so a test
 * sees only that node's lines, as it would filter n8n's log by node.
 */
export function withNodeLogger<Context extends { logger: unknown }>(logger: MemoryLogger, create: () => Context): Context {
	Container.set(Logger, logger as unknown as Logger);
	try {
		const context = create();
		void context.logger;
		return context;
	} finally {
		Container.set(Logger, n8nLog as unknown as Logger);
	}
}
