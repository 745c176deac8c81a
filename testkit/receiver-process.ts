/** Child-process entry for `spawnReceiver`: one loopback receiver, driven by RPC over the IPC channel. */
import { answerReceiverCall, startLoopbackReceiver, type ReceiverOptions, type ReceiverReply, type ReceiverRequest } from './loopback-receiver';

async function main(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as ReceiverOptions;
	const receiver = await startLoopbackReceiver(options);
	const reply = (message: ReceiverReply): void => {
		if (process.connected) process.send?.(message);
	};
	process.on('message', (request: ReceiverRequest) => {
		answerReceiverCall(receiver, request).then(
			(result) => reply({ id: request.id, result }),
			(error: Error) => reply({ id: request.id, error: error.message }),
		);
	});
	// The parent is gone (finished or crashed): stop, so no receiver outlives a run.
	process.on('disconnect', () => {
		void receiver.close().finally(() => process.exit(0));
	});
	reply({ ready: true, port: receiver.port });
}

main().catch((error: Error) => {
	process.stderr.write(`receiver: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
