#!/usr/bin/env node
import type { Command, CommandIo } from './cli/command';
import { deliveriesCommand } from './cli/deliveries-command';
import { ClientError } from './cli/dispatcher-client';
import { emitCommand } from './cli/emit-command';
import { redeliverCommand } from './cli/redeliver-command';
import { serveCommand } from './cli/serve-command';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './cli/usage-error';

const COMMANDS: readonly Command[] = [serveCommand, emitCommand, deliveriesCommand, redeliverCommand];

const HELP = `Usage: chatwoot-dispatcher <command> [options]

A Chatwoot emulator for testing n8n flows without Chatwoot: the webhook REST API, events, and signed
webhook deliveries with retries and a delivery log.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(11)} ${command.summary}`).join('\n')}

Run \`chatwoot-dispatcher <command> --help\` for a command's options.`;

/** Runs the CLI with these arguments (without `node cli.js`) and resolves with the exit status. */
export async function runCli(args: string[], io: CommandIo): Promise<number> {
	const [name, ...rest] = args;
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		const command = COMMANDS.find((candidate) => candidate.name === rest[0]);
		io.out(command ? command.help : HELP);
		return name === undefined ? EXIT_USAGE : EXIT_OK;
	}
	const command = COMMANDS.find((candidate) => candidate.name === name);
	if (!command) {
		io.err(`chatwoot-dispatcher: unknown command "${name}"; one of ${COMMANDS.map((candidate) => candidate.name).join(', ')}`);
		return EXIT_USAGE;
	}
	try {
		return await command.run(rest, io);
	} catch (error) {
		if (error instanceof UsageError) {
			io.err(`chatwoot-dispatcher ${command.name}: ${error.message} (see chatwoot-dispatcher ${command.name} --help)`);
			return EXIT_USAGE;
		}
		if (error instanceof ClientError) {
			io.err(`chatwoot-dispatcher ${command.name}: ${error.message}`);
			return EXIT_FAILURE;
		}
		throw error;
	}
}

if (require.main === module) {
	const io: CommandIo = {
		out: (line) => process.stdout.write(`${line}\n`),
		err: (line) => process.stderr.write(`${line}\n`),
		env: process.env,
	};
	runCli(process.argv.slice(2), io).then(
		(status) => {
			process.exitCode = status;
		},
		(error: Error) => {
			process.stderr.write(`chatwoot-dispatcher: ${error.stack ?? error.message}\n`);
			process.exitCode = EXIT_FAILURE;
		},
	);
}
