import type { Command, CommandIo } from './command';
import { CONNECTION_FLAGS, CONNECTION_HELP, DispatcherClient } from './dispatcher-client';
import { booleanFlag, parseFlags } from './parse-flags';
import { EXIT_FAILURE, EXIT_OK } from './usage-error';

const HELP = `Usage: chatwoot-dispatcher redeliver <delivery-id> [options]

Sends a delivery again now: the same body and the same X-Chatwoot-Delivery id, with a fresh timestamp
and signature, recorded as a manual attempt. Exits with 1 when the receiver did not answer 2xx.

Options:
  --json       print the dispatcher's answer as JSON
${CONNECTION_HELP}
  -h, --help   show this help`;

interface RedeliveryAnswer {
	payload: {
		delivery: { id: string; webhook_id: number; event: string; status: string };
		attempt: { number: number; status_code: number | null; error: string | null; duration_ms: number; url: string };
	};
}

export const redeliverCommand: Command = {
	name: 'redeliver',
	summary: 'send a delivery again, with the same delivery id',
	help: HELP,
	async run(args: string[], io: CommandIo): Promise<number> {
		const flags = parseFlags(
			args,
			{ ...CONNECTION_FLAGS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
			{ min: 1, max: 1, name: 'delivery id: chatwoot-dispatcher redeliver <delivery-id>' },
		);
		if (booleanFlag(flags, 'help')) {
			io.out(HELP);
			return EXIT_OK;
		}
		const id = flags.positionals[0];
		const client = DispatcherClient.fromFlags(flags, io);
		const answer = await client.call<RedeliveryAnswer>('POST', `/_dispatcher/deliveries/${encodeURIComponent(id)}/redeliver`);
		const { delivery, attempt } = answer.payload;
		const delivered = attempt.error === null;
		if (booleanFlag(flags, 'json')) io.out(JSON.stringify(answer, null, 2));
		else {
			io.out(
				`Redelivered ${delivery.id} (${delivery.event}) to webhook ${delivery.webhook_id} as attempt ${attempt.number}: ` +
					`${attempt.error ?? attempt.status_code} in ${attempt.duration_ms}ms; the delivery is ${delivery.status}`,
			);
		}
		return delivered ? EXIT_OK : EXIT_FAILURE;
	},
};
