import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every log the reliability suite produces, kept per test file: dispatcher logger lines, CLI child stdout
 * and stderr, the delivery log as the API returns it, error messages and bodies of refusals, the n8n
 * logger. Each file ends with a test that greps all of it for the secrets and tokens it used. The lines
 * are also appended to a file under the OS temp dir so a failure can be inspected after the run.
 */
export const SUITE_LOG_DIR = join(tmpdir(), 'chatwoot-reliability-logs');

export class SuiteLogs {
	private readonly entries: Array<{ source: string; text: string }> = [];
	private readonly file: string;

	constructor(readonly name: string) {
		mkdirSync(SUITE_LOG_DIR, { recursive: true });
		this.file = join(SUITE_LOG_DIR, `${name}-${process.pid}.log`);
	}

	add(source: string, text: unknown): void {
		const line = typeof text === 'string' ? text : JSON.stringify(text);
		if (line === undefined) return;
		this.entries.push({ source, text: line });
		appendFileSync(this.file, `[${source}] ${line}\n`);
	}

	/** A logger for `startDispatcher({ logger })`. */
	logger(source = 'dispatcher'): (line: string) => void {
		return (line) => this.add(source, line);
	}

	get count(): number {
		return this.entries.length;
	}

	/** Fails with the offending lines (secrets masked) if any log contains any of the secrets. */
	expectNoSecrets(secrets: readonly string[]): void {
		const wanted = secrets.filter((secret) => secret.length >= 8);
		if (wanted.length !== secrets.length) throw new Error('A secret shorter than 8 characters cannot be searched for reliably');
		const leaks: string[] = [];
		for (const entry of this.entries) {
			for (const secret of wanted) {
				if (entry.text.includes(secret)) leaks.push(`[${entry.source}] ${entry.text.split(secret).join('<SECRET>').slice(0, 300)}`);
			}
		}
		expect({ file: this.file, leaks }).toEqual({ file: this.file, leaks: [] });
	}
}
