import { readApiErrorMessage } from '../../protocol';
import { stringFlag, type FlagSpec, type ParsedFlags } from './parse-flags';
import type { CommandIo } from './command';

export const DEFAULT_URL = 'http://127.0.0.1:3000';
export const TOKEN_VARIABLE = 'CHATWOOT_DISPATCHER_TOKEN';

/** The flags every client command shares. */
export const CONNECTION_FLAGS: FlagSpec = {
	url: { type: 'string' },
	token: { type: 'string' },
};

export const CONNECTION_HELP = `  --url <url>      the running dispatcher (default ${DEFAULT_URL})
  --token <token>  its administrator token (default: $${TOKEN_VARIABLE})`;

/** The dispatcher could not be asked, or refused: one line for the user, exit status 1. */
export class ClientError extends Error {
	constructor(
		message: string,
		readonly status?: number,
	) {
		super(message);
		this.name = 'ClientError';
	}
}

/**
 * Talks to a running `chatwoot-dispatcher serve` over its HTTP API. Plain fetch: these commands send one
 * request each, far from the delivery hot path.
 */
export class DispatcherClient {
	constructor(
		readonly baseUrl: string,
		private readonly token: string,
	) {}

	static fromFlags(flags: ParsedFlags, io: CommandIo): DispatcherClient {
		const url = (stringFlag(flags, 'url') ?? io.env.CHATWOOT_DISPATCHER_URL ?? DEFAULT_URL).replace(/\/+$/, '');
		const token = stringFlag(flags, 'token') ?? io.env[TOKEN_VARIABLE];
		if (!token) {
			throw new ClientError(
				`No token: pass --token <token> or set ${TOKEN_VARIABLE} (serve prints the token when it starts)`,
			);
		}
		return new DispatcherClient(url, token);
	}

	async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
		let response: Response;
		try {
			response = await fetch(this.baseUrl + path, {
				method,
				headers: {
					api_access_token: this.token,
					accept: 'application/json',
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		} catch (error) {
			const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
			throw new ClientError(`Cannot reach the dispatcher at ${this.baseUrl} (${cause}); is \`chatwoot-dispatcher serve\` running?`);
		}
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : null;
		} catch {
			// Not JSON: the text itself is the message.
		}
		if (!response.ok) {
			const message = readApiErrorMessage(parsed) ?? (text.slice(0, 200) || response.statusText);
			throw new ClientError(`The dispatcher answered ${response.status}: ${message}`, response.status);
		}
		return parsed as T;
	}
}
