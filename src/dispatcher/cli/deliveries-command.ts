import { CHATWOOT_EVENT_NAMES, isChatwootEvent } from '../../protocol';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../store/delivery-store';
import type { Command, CommandIo } from './command';
import { deliveryTable, type DeliveryRow } from './delivery-table';
import { CONNECTION_FLAGS, CONNECTION_HELP, DispatcherClient } from './dispatcher-client';
import { booleanFlag, integerFlag, parseFlags, stringFlag } from './parse-flags';
import { EXIT_OK, UsageError } from './usage-error';

const HELP = `Usage: chatwoot-dispatcher deliveries [options]

Lists the running dispatcher's deliveries, newest first, with what their last attempt came to.

Options:
  --webhook <id>     only this webhook's deliveries
  --event <event>    only this event (${CHATWOOT_EVENT_NAMES.slice(0, 3).join(', ')}, …)
  --status <status>  only ${DELIVERY_STATUSES.join(', ')}
  --limit <n>        how many (default 20, at most 500)
  --page <n>         which page of --limit deliveries (default 1)
  --json             print the dispatcher's answer as JSON, with every attempt and response body
${CONNECTION_HELP}
  -h, --help         show this help`;

export const deliveriesCommand: Command = {
	name: 'deliveries',
	summary: 'list deliveries and what their attempts came to',
	help: HELP,
	async run(args: string[], io: CommandIo): Promise<number> {
		const flags = parseFlags(
			args,
			{
				...CONNECTION_FLAGS,
				webhook: { type: 'string' },
				event: { type: 'string' },
				status: { type: 'string' },
				limit: { type: 'string' },
				page: { type: 'string' },
				json: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' },
			},
			{ min: 0, max: 0 },
		);
		if (booleanFlag(flags, 'help')) {
			io.out(HELP);
			return EXIT_OK;
		}
		const query = new URLSearchParams();
		const webhook = stringFlag(flags, 'webhook');
		if (webhook !== undefined) query.set('webhook_id', String(integerFlag('webhook', webhook, 0, 1, Number.MAX_SAFE_INTEGER)));
		const event = stringFlag(flags, 'event');
		if (event !== undefined) {
			if (!isChatwootEvent(event)) throw new UsageError(`--event: "${event}" is not a Chatwoot event; one of ${CHATWOOT_EVENT_NAMES.join(', ')}`);
			query.set('event', event);
		}
		const status = stringFlag(flags, 'status');
		if (status !== undefined) {
			if (!DELIVERY_STATUSES.includes(status as DeliveryStatus)) {
				throw new UsageError(`--status: "${status}" is not one of ${DELIVERY_STATUSES.join(', ')}`);
			}
			query.set('status', status);
		}
		query.set('limit', String(integerFlag('limit', stringFlag(flags, 'limit'), 20, 1, 500)));
		query.set('page', String(integerFlag('page', stringFlag(flags, 'page'), 1, 1, Number.MAX_SAFE_INTEGER)));

		const client = DispatcherClient.fromFlags(flags, io);
		const answer = await client.call<{ meta: { count: number; current_page: number; limit: number }; payload: DeliveryRow[] }>(
			'GET',
			`/_dispatcher/deliveries?${query}`,
		);
		if (booleanFlag(flags, 'json')) {
			io.out(JSON.stringify(answer, null, 2));
			return EXIT_OK;
		}
		if (answer.payload.length === 0) {
			io.out(answer.meta.count ? `No deliveries on page ${answer.meta.current_page} (${answer.meta.count} in all)` : 'No deliveries');
			return EXIT_OK;
		}
		io.out(deliveryTable(answer.payload));
		const first = (answer.meta.current_page - 1) * answer.meta.limit + 1;
		io.out(`${first}–${first + answer.payload.length - 1} of ${answer.meta.count}`);
		return EXIT_OK;
	},
};
