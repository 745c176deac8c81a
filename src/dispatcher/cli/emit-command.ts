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

/** What `POST /_dispatcher/events` answers: the delivery ids it created, one per subscribed webhook. */
interface EmitAnswer {
	event: string;
	deliveries: string[];
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
		const answer = await client.call<EmitAnswer>('POST', '/_dispatcher/events', { event, account_id: accountId, data });
		if (booleanFlag(flags, 'json')) {
			io.out(JSON.stringify(answer, null, 2));
			return EXIT_OK;
		}
		if (answer.deliveries.length === 0) {
			io.out(`Emitted ${event} in account ${accountId}: no enabled webhook is subscribed to it`);
			return EXIT_OK;
		}
		// Each delivery's page in the playground, when the dispatcher runs one.
		const { payload } = await client.call<{ payload: { playground_url: string | null } }>('GET', '/_dispatcher/connection');
		const line = (id: string) => (payload.playground_url ? `  ${id}  ${payload.playground_url}/app/deliveries/${id}` : `  ${id}`);
		io.out(`Emitted ${event} in account ${accountId}: ${answer.deliveries.length} delivery(ies)\n${answer.deliveries.map(line).join('\n')}`);
		return EXIT_OK;
	},
};
