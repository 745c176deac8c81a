import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { request } from 'undici';

/**
 * The dispatcher as users run it: `chatwoot-dispatcher serve …` (the built CLI of packages/chatwoot-dispatcher) in its own process, so its
 * memory (RSS from /proc) and its crashes are its own. `npm run bench` and `npm test` both build first.
 */
export const CLI_PATH = resolve(__dirname, '..', 'packages', 'chatwoot-dispatcher', 'dist', 'src', 'dispatcher', 'cli.js');

export interface DispatcherProcessOptions {
	readonly db: string;
	readonly token: string;
	readonly port?: number;
	/** `--retry-policy` (documented, chatwoot-v4, agent-bot). */
	readonly retryPolicy?: string;
	/** `--retry-schedule`, e.g. `1s,2s`. */
	readonly retrySchedule?: string;
	/** `--timeout`, e.g. `2s`. */
	readonly timeout?: string;
	/** `--quiet`: no line per delivery attempt. */
	readonly quiet?: boolean;
	readonly extraArgs?: readonly string[];
	/** Every stdout and stderr line, as it comes (for the secrets check). */
	readonly onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ExitStatus {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
}

export interface DispatcherProcess {
	readonly pid: number;
	readonly port: number;
	readonly url: string;
	/** The last 500 lines of stdout and stderr (every line goes to `onOutput`). */
	readonly output: string[];
	readonly exited: Promise<ExitStatus>;
	/** Resident set size now, in MB (VmRSS). */
	rssMb(): number;
	/** The largest resident set size so far, in MB (VmHWM: the kernel's own high-water mark). */
	peakRssMb(): number;
	kill(signal: NodeJS.Signals): void;
	/** SIGTERM, then SIGKILL after `graceMs`; says which one ended it. */
	stop(graceMs?: number): Promise<ExitStatus & { killed: boolean }>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
		return match ? Number(match[1]) / 1024 : NaN;
	} catch {
		return NaN;
	}
}

export function cliArgs(options: DispatcherProcessOptions, port: number): string[] {
	const args = [CLI_PATH, 'serve', '--db', options.db, '--host', '127.0.0.1', '--port', String(port), '--token', options.token];
	if (options.retryPolicy) args.push('--retry-policy', options.retryPolicy);
	if (options.retrySchedule) args.push('--retry-schedule', options.retrySchedule);
	if (options.timeout) args.push('--timeout', options.timeout);
	if (options.quiet) args.push('--quiet');
	return [...args, ...(options.extraArgs ?? [])];
}

export async function spawnDispatcher(options: DispatcherProcessOptions): Promise<DispatcherProcess> {
	if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first`);
	const port = options.port ?? (await freePort());
	const child: ChildProcess = spawn(process.execPath, cliArgs(options, port), { stdio: ['ignore', 'pipe', 'pipe'] });
	const output: string[] = [];
	const capture = (stream: 'stdout' | 'stderr') => {
		let partial = '';
		return (chunk: Buffer): void => {
			const lines = (partial + chunk.toString('utf8')).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) {
				output.push(line);
				if (output.length > 500) output.splice(0, output.length - 500);
				options.onOutput?.(line, stream);
			}
		};
	};
	child.stdout?.on('data', capture('stdout'));
	child.stderr?.on('data', capture('stderr'));
	const exited = new Promise<ExitStatus>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
	let hasExited = false;
	void exited.then(() => {
		hasExited = true;
	});
	const pid = child.pid ?? -1;
	const url = `http://127.0.0.1:${port}`;

	const deadline = Date.now() + 30_000;
	for (;;) {
		if (hasExited) throw new Error(`the dispatcher exited before it listened:\n${output.slice(-20).join('\n')}`);
		try {
			const response = await request(`${url}/_dispatcher/health`);
			await response.body.dump();
			break;
		} catch {
			if (Date.now() > deadline) {
				child.kill('SIGKILL');
				throw new Error(`the dispatcher did not listen on ${url} within 30 s:\n${output.slice(-20).join('\n')}`);
			}
			await sleep(50);
		}
	}

	return {
		pid,
		port,
		url,
		output,
		exited,
		rssMb: () => procStatusMb(pid, 'VmRSS'),
		peakRssMb: () => procStatusMb(pid, 'VmHWM'),
		kill: (signal) => {
			if (!hasExited) child.kill(signal);
		},
		stop: async (graceMs = 10_000) => {
			if (hasExited) return { ...(await exited), killed: false };
			child.kill('SIGTERM');
			let killed = false;
			const timer = setTimeout(() => {
				killed = true;
				child.kill('SIGKILL');
			}, graceMs);
			const status = await exited;
			clearTimeout(timer);
			return { ...status, killed };
		},
	};
}
