/** Where a command writes, and what it may read from its environment; injectable so tests run commands in-process. */
export interface CommandIo {
	readonly out: (line: string) => void;
	readonly err: (line: string) => void;
	readonly env: NodeJS.ProcessEnv;
}

/** One `chatwoot-dispatcher <name>` command. */
export interface Command {
	readonly name: string;
	readonly summary: string;
	readonly help: string;
	/** Resolves with the exit status; `serve` resolves only once it was stopped. */
	run(args: string[], io: CommandIo): Promise<number>;
}
