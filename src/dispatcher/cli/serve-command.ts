import { DEFAULT_RETENTION, type RetentionRule } from '../delivery/delivery-log-retention';
import { DurationError, formatDuration, parseDuration, parseDurationList } from '../delivery/duration';
import {
	RETRY_POLICIES,
	RetryPolicyError,
	DEFAULT_RETRY_POLICY,
	retryPolicyFromFlags,
	retryPolicyNamed,
	type RetryPolicy,
} from '../delivery/retry-policy';
import { startDispatcher, type RunningDispatcher } from '../dispatcher';
import type { Command, CommandIo } from './command';
import { TOKEN_VARIABLE } from './dispatcher-client';
import { booleanFlag, integerFlag, parseFlags, stringFlag } from './parse-flags';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './usage-error';

export const DEFAULT_DB = './chatwoot-dispatcher.db';
const STOP_WATCHDOG_MS = 20_000;

const HELP = `Usage: chatwoot-dispatcher serve [options]

Runs a Chatwoot emulator: Chatwoot's webhook REST API, the dispatcher's own API under /_dispatcher, and
the delivery pipeline (sign, deliver, retry), all kept in one SQLite file.

Options:
  --port <port>            port to listen on (default 3000; 0 picks a free one)
  --host <host>            address to listen on (default 127.0.0.1)
  --db <file>              SQLite file (default ${DEFAULT_DB}; :memory: keeps nothing)
  --token <token>          the administrator's api_access_token (default: $${TOKEN_VARIABLE},
                           else the one stored in the db, else a generated one)
  --retry-policy <name>    ${RETRY_POLICIES.map((policy) => policy.name).join(' | ')} (default ${DEFAULT_RETRY_POLICY.name})
${RETRY_POLICIES.map((policy) => `                             ${policy.name}: ${policy.description}`).join('\n')}
  --retry-schedule <list>  custom retry delays, e.g. 1s,2s,4s (units ms, s, m, h; "none" for no retry)
  --timeout <duration>     custom attempt timeout, e.g. 2s
  --require-https          refuse webhook URLs that are not https (as Chatwoot's docs promise)
  --retention-age <d|off>  delete settled deliveries (delivered, failed, cancelled) older than this from
                           the delivery log, e.g. 12h, 30d (default ${formatDuration(DEFAULT_RETENTION.maxAgeMs ?? 0)}; off keeps them)
  --retention-deliveries <n|off>
                           keep at most the newest n deliveries in the log (default ${(DEFAULT_RETENTION.maxDeliveries ?? 0).toLocaleString('en-US')});
                           pending ones are always kept
  --playground-port <port> port of the web playground (default: --port + 1, or a free one if that is taken)
  --no-playground          do not serve the web playground
  --quiet                  do not print one line per delivery attempt
  -h, --help               show this help

SIGINT (Ctrl+C) or SIGTERM stops it cleanly; deliveries not yet made resume on the next start.`;

function policyFrom(flags: ReturnType<typeof parseFlags>): RetryPolicy {
	const named = (flag: string, read: () => unknown) => {
		try {
			read();
		} catch (error) {
			if (error instanceof DurationError || error instanceof RetryPolicyError) throw new UsageError(`--${flag}: ${error.message}`);
			throw error;
		}
	};
	const policy = stringFlag(flags, 'retry-policy');
	const schedule = stringFlag(flags, 'retry-schedule');
	const timeout = stringFlag(flags, 'timeout');
	if (policy !== undefined) named('retry-policy', () => retryPolicyNamed(policy));
	if (schedule !== undefined) named('retry-schedule', () => parseDurationList(schedule));
	if (timeout !== undefined) named('timeout', () => parseDuration(timeout));
	let result: RetryPolicy | undefined;
	named('timeout', () => (result = retryPolicyFromFlags({ policy, schedule, timeout })));
	return result as RetryPolicy;
}

/** The delivery log's retention from the flags; each limit is the default unless given, "off" removes it. */
function retentionFrom(flags: ReturnType<typeof parseFlags>): RetentionRule {
	const age = stringFlag(flags, 'retention-age');
	const count = stringFlag(flags, 'retention-deliveries');
	let maxAgeMs = DEFAULT_RETENTION.maxAgeMs;
	if (age === 'off') maxAgeMs = null;
	else if (age !== undefined) {
		try {
			maxAgeMs = parseDuration(age);
		} catch (error) {
			if (error instanceof DurationError) throw new UsageError(`--retention-age: ${error.message}, or off`);
			throw error;
		}
		if (maxAgeMs <= 0) throw new UsageError('--retention-age must be longer than 0 (or off)');
	}
	const maxDeliveries =
		count === 'off' ? null : integerFlag('retention-deliveries', count, DEFAULT_RETENTION.maxDeliveries ?? 0, 1, Number.MAX_SAFE_INTEGER);
	return { maxAgeMs, maxDeliveries };
}

function describeRetention(rule: RetentionRule): string {
	const limits = [
		rule.maxAgeMs === null ? undefined : `for ${formatDuration(rule.maxAgeMs)}`,
		rule.maxDeliveries === null ? undefined : `the newest ${rule.maxDeliveries.toLocaleString('en-US')}`,
	].filter(Boolean);
	return limits.length ? `keeps settled deliveries ${limits.join(', at most ')} (--retention-age, --retention-deliveries)` : 'keeps every delivery';
}

/**
 * Per-attempt lines are gathered and written once per turn of the event loop: stdout on a pipe is
 * synchronous, and one write per attempt would slow the delivery loop under load.
 */
function batchedLogger(write: (line: string) => void): { log: (line: string) => void; flush: () => void } {
	let lines: string[] = [];
	let scheduled = false;
	const flush = () => {
		scheduled = false;
		if (!lines.length) return;
		const batch = lines;
		lines = [];
		write(batch.join('\n'));
	};
	return {
		log: (line) => {
			lines.push(`${new Date().toISOString()} ${line}`);
			if (!scheduled) {
				scheduled = true;
				setImmediate(flush);
			}
		},
		flush,
	};
}

/**
 * What to paste into n8n. The token is printed only when the user did not give it: a token passed with
 * --token or the environment is already known to them, and printing it would put it into every log that
 * captures the dispatcher's output.
 */
function banner(dispatcher: RunningDispatcher, db: string, policy: RetryPolicy, retention: RetentionRule, tokenGiven: string | undefined): string[] {
	const { url, accountId, token } = dispatcher;
	const shownToken = tokenGiven ? `(the token given with ${tokenGiven})` : token;
	return [
		`Chatwoot dispatcher listening on ${url} — in n8n's Chatwoot API credential use: Base URL ${url}, Account ID ${accountId}, Access Token ${shownToken}`,
		tokenGiven
			? `  token: from ${tokenGiven}`
			: `  token: stored in the database (generated on first start); choose one with --token or $${TOKEN_VARIABLE}`,
		`  database: ${db === ':memory:' ? ':memory: (nothing survives a restart)' : `${db} (webhooks and pending deliveries survive a restart)`}`,
		`  retry policy: ${policy.name} (${policy.description})`,
		`  n8n's webhook URLs on localhost work here; real Chatwoot refuses private addresses unless SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true.`,
		`  delivery log: chatwoot-dispatcher deliveries --url ${url} --token <token>   (or GET ${url}/_dispatcher/deliveries)`,
		`  retention: ${describeRetention(retention)}`,
		...playgroundLines(dispatcher.playgroundUrl, token, tokenGiven),
		'  Ctrl+C stops it.',
	];
}

/**
 * The playground's address. When the token is printed anyway, the address carries it in the fragment
 * (`#token=`), which the browser never sends to any server, so one click signs the page in.
 */
function playgroundLines(playgroundUrl: string | undefined, token: string, tokenGiven: string | undefined): string[] {
	if (!playgroundUrl) return [];
	if (tokenGiven) return [`  playground: ${playgroundUrl}/   (sign in with the token given with ${tokenGiven})`];
	return [`  playground: ${playgroundUrl}/#token=${encodeURIComponent(token)}   (this link signs the page in)`];
}

export const serveCommand: Command = {
	name: 'serve',
	summary: 'run the Chatwoot emulator and its delivery pipeline',
	help: HELP,
	async run(args: string[], io: CommandIo): Promise<number> {
		const flags = parseFlags(
			args,
			{
				port: { type: 'string' },
				host: { type: 'string' },
				db: { type: 'string' },
				token: { type: 'string' },
				'retry-policy': { type: 'string' },
				'retry-schedule': { type: 'string' },
				timeout: { type: 'string' },
				'require-https': { type: 'boolean' },
				'retention-age': { type: 'string' },
				'retention-deliveries': { type: 'string' },
				'playground-port': { type: 'string' },
				'no-playground': { type: 'boolean' },
				quiet: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' },
			},
			{ min: 0, max: 0 },
		);
		if (booleanFlag(flags, 'help')) {
			io.out(HELP);
			return EXIT_OK;
		}
		const port = integerFlag('port', stringFlag(flags, 'port'), 3000, 0, 65535);
		if (booleanFlag(flags, 'no-playground') && stringFlag(flags, 'playground-port') !== undefined) {
			throw new UsageError('--playground-port and --no-playground contradict each other');
		}
		const playgroundPortFlag = stringFlag(flags, 'playground-port');
		const playgroundPort = integerFlag('playground-port', playgroundPortFlag, port === 0 ? 0 : port + 1, 0, 65535);
		const policy = policyFrom(flags);
		const retention = retentionFrom(flags);
		const db = stringFlag(flags, 'db') ?? DEFAULT_DB;
		if (db === '') throw new UsageError('--db needs a file name (or :memory:)');
		const flagToken = stringFlag(flags, 'token');
		if (flagToken === '') throw new UsageError('--token must not be empty');
		const token = flagToken ?? (io.env[TOKEN_VARIABLE] || undefined);
		const tokenGiven = flagToken ? '--token' : token ? `$${TOKEN_VARIABLE}` : undefined;

		const logger = booleanFlag(flags, 'quiet') ? undefined : batchedLogger(io.out);
		let dispatcher: RunningDispatcher;
		try {
			dispatcher = await startDispatcher({
				db,
				port,
				host: stringFlag(flags, 'host') ?? '127.0.0.1',
				token,
				retryPolicy: policy,
				requireHttps: booleanFlag(flags, 'require-https'),
				logger: logger?.log,
				retention,
				...(booleanFlag(flags, 'no-playground') ? {} : { playground: { port: playgroundPort, orFreePort: playgroundPortFlag === undefined } }),
			});
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EADDRINUSE') io.err(`Port ${port} or ${playgroundPort} is in use; choose others with --port and --playground-port (or --no-playground)`);
			else if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') io.err(`Cannot listen on ${stringFlag(flags, 'host')}: ${code}`);
			else io.err(`Cannot start the dispatcher: ${(error as Error).message}`);
			return EXIT_FAILURE;
		}
		for (const line of banner(dispatcher, db, policy, retention, tokenGiven)) io.out(line);

		return new Promise<number>((resolve) => {
			let stopping = false;
			const stop = (signal: NodeJS.Signals) => {
				if (stopping) {
					io.err(`${signal} again: exiting without waiting`);
					process.exit(EXIT_FAILURE);
				}
				stopping = true;
				io.out(`${signal}: stopping; deliveries not yet made stay queued for the next start`);
				// A watchdog, not a plan: closing takes the worker's grace period and a commit, never this long.
				setTimeout(() => {
					io.err(`Stopping took more than ${STOP_WATCHDOG_MS / 1000}s; exiting anyway (pending deliveries stay queued)`);
					process.exit(EXIT_FAILURE);
				}, STOP_WATCHDOG_MS).unref();
				dispatcher.close().then(
					() => {
						process.off('SIGINT', stop);
						process.off('SIGTERM', stop);
						logger?.flush();
						io.out('Stopped.');
						resolve(EXIT_OK);
					},
					(error: Error) => {
						logger?.flush();
						io.err(`Stopping failed: ${error.message}`);
						resolve(EXIT_FAILURE);
					},
				);
			};
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		});
	},
};
