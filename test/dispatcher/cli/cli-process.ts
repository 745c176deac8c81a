import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

import { CLI_PATH } from '../../../testkit/dispatcher-process';
import { waitFor } from '../../../testkit/wait-for';

export function requireBuiltCli(): void {
	if (!existsSync(CLI_PATH)) {
		throw new Error(`${CLI_PATH} is missing: these tests run the built CLI; run \`npm run build\` first (npm test does)`);
	}
}

export interface CliProcess {
	readonly child: ChildProcess;
	readonly stdout: string[];
	readonly stderr: string[];
	readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** Every stdout and stderr line so far, for failure messages. */
	output(): string;
}

export function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
	requireBuiltCli();
	const child = spawn(process.execPath, [CLI_PATH, ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, CHATWOOT_DISPATCHER_TOKEN: '', ...env },
	});
	const stdout: string[] = [];
	const stderr: string[] = [];
	const collect = (into: string[]) => {
		let partial = '';
		return (chunk: Buffer) => {
			const lines = (partial + chunk.toString('utf8')).split('\n');
			partial = lines.pop() ?? '';
			into.push(...lines);
		};
	};
	child.stdout!.on('data', collect(stdout));
	child.stderr!.on('data', collect(stderr));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
		child.once('exit', (code, signal) => resolveExit({ code, signal })),
	);
	return { child, stdout, stderr, exited, output: () => [...stdout, ...stderr].join('\n') };
}

/** Runs a short CLI command to its end. */
export async function runCliToEnd(args: string[], env: NodeJS.ProcessEnv = {}) {
	const run = runCliProcess(args, env);
	const { code } = await run.exited;
	// The last chunk may arrive after exit; the streams end right after.
	await new Promise((resolveEnd) => setImmediate(resolveEnd));
	return { code, stdout: run.stdout.join('\n'), stderr: run.stderr.join('\n') };
}

/** Starts `serve` and waits for its banner; the URL comes from the banner, so `--port 0` works. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliProcess & { url: string }> {
	const run = runCliProcess(['serve', ...args], env);
	let exited = false;
	void run.exited.then(() => (exited = true));
	const url = await waitFor(
		() => {
			if (exited) throw new Error(`serve exited before it listened:\n${run.output()}`);
			for (const line of run.stdout) {
				const match = /listening on (http:\/\/\S+) /.exec(line);
				if (match) return match[1];
			}
			return undefined;
		},
		{ timeoutMs: 30_000, message: () => `serve printed no banner:\n${run.output()}` },
	);
	// The banner's lines may arrive in several chunks; its last line says it is all there.
	await waitFor(() => run.stdout.some((line) => line.includes('Ctrl+C stops it.')), {
		timeoutMs: 30_000,
		message: () => `serve printed only part of its banner:\n${run.output()}`,
	});
	return { ...run, url };
}
