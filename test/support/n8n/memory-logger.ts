import type { Logger } from 'n8n-workflow';

export interface LogEntry {
	readonly level: 'error' | 'warn' | 'info' | 'debug';
	readonly message: string;
	readonly metadata?: unknown;
}

/**
 * n8n's `Logger` that keeps every line, so tests can assert on what a node told the operator. It stands in
 * for `@n8n/backend-common`'s Logger in n8n-core's DI container (the contexts' `this.logger`), which writes
 * to the console and files through winston.
 */
export class MemoryLogger implements Logger {
	readonly entries: LogEntry[] = [];

	error = (message: string, metadata?: unknown): void => this.record('error', message, metadata);
	warn = (message: string, metadata?: unknown): void => this.record('warn', message, metadata);
	info = (message: string, metadata?: unknown): void => this.record('info', message, metadata);
	debug = (message: string, metadata?: unknown): void => this.record('debug', message, metadata);

	/** n8n scopes its logger per subsystem only to filter the output; one memory is enough here. */
	scoped(): this {
		return this;
	}

	messages(level?: LogEntry['level']): string[] {
		return this.entries.filter((entry) => !level || entry.level === level).map((entry) => entry.message);
	}

	private record(level: LogEntry['level'], message: string, metadata?: unknown): void {
		this.entries.push({ level, message, metadata });
	}
}
