import { CHATWOOT_EVENT_NAMES, isChatwootEvent } from '../../protocol';
import type { Command, CommandIo } from './command';
import { CONNECTION_FLAGS, CONNECTION_HELP, DispatcherClient } from './dispatcher-client';
import { applyAssignments, readDataFile } from './event-data';
import { booleanFlag, integerFlag, listFlag, parseFlags, stringFlag } from './parse-flags';
import { EXIT_OK, UsageError } from './usage-error';

const HELP = `Usage: chatwoot-dispatcher emit <event> [options]

Makes the running dispatcher emit a Chatwoot event, as if it happened in Chatwoot: every webhook of the
account subscribed to the event gets a signed delivery.

Events: ${CHATWOOT_EVENT_NAMES.join(', ')}

Options:
  --set <path=value>  set a field of the event's data; repeatable. Values are JSON when they parse
                      (42, true, null, "42"), text otherwise. Example: --set content="Hi there" --set sender.name=Jane
  --data <file.json>  start from this JSON object (--set applies on top)
  --account <id>      account id (default 1)
  --json              print the dispatcher's answer as JSON
${CONNECTION_HELP}
  -h, --help          show this help`;

function deliveryIds(answer: unknown): string[] | undefined {
	const found: string[] = [];
	const visit = (value: unknown, depth: number): void => {
		if (depth > 3 || typeof value !== 'object' || value === null) return;
		for (const [key, inner] of Object.entries(value)) {
			if ((key === 'deliveries' || key === 'delivery_ids') && Array.isArray(inner)) {
				for (const item of inner) {
					if (typeof item === 'string') found.push(item);
					else if (typeof item === 'object' && item && typeof (item as { id?: unknown }).id === 'string') found.push((item as { id: string }).id);
				}
				return;
			}
			visit(inner, depth + 1);
		}
	};
	visit(answer, 0);
	return found.length || JSON.stringify(answer ?? null).includes('deliver') ? found : undefined;
}

export const emitCommand: Command = {
	name: 'emit',
	summary: 'emit a Chatwoot event to the subscribed webhooks',
	help: HELP,
	async run(args: string[], io: CommandIo): Promise<number> {
		const flags = parseFlags(
			args,
			{
				...CONNECTION_FLAGS,
				set: { type: 'string', multiple: true },
				data: { type: 'string' },
				account: { type: 'string' },
				json: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' },
			},
			{ min: 1, max: 1, name: 'event: chatwoot-dispatcher emit <event>' },
		);
		if (booleanFlag(flags, 'help')) {
			io.out(HELP);
			return EXIT_OK;
		}
		const event = flags.positionals[0];
		if (!isChatwootEvent(event)) throw new UsageError(`"${event}" is not a Chatwoot event; one of ${CHATWOOT_EVENT_NAMES.join(', ')}`);
		const dataFile = stringFlag(flags, 'data');
		const data = applyAssignments(dataFile === undefined ? {} : readDataFile(dataFile), listFlag(flags, 'set'));
		const accountId = integerFlag('account', stringFlag(flags, 'account'), 1, 1, Number.MAX_SAFE_INTEGER);
		const client = DispatcherClient.fromFlags(flags, io);
		const answer = await client.call<unknown>('POST', '/_dispatcher/events', { event, account_id: accountId, data });
		if (booleanFlag(flags, 'json')) {
			io.out(JSON.stringify(answer, null, 2));
			return EXIT_OK;
		}
		const ids = deliveryIds(answer);
		if (ids === undefined) io.out(`Emitted ${event} in account ${accountId}: ${JSON.stringify(answer)}`);
		else if (ids.length === 0) io.out(`Emitted ${event} in account ${accountId}: no enabled webhook is subscribed to it`);
		else io.out(`Emitted ${event} in account ${accountId}: ${ids.length} delivery(ies)\n${ids.map((id) => `  ${id}`).join('\n')}`);
		return EXIT_OK;
	},
};
