import { startWebhookReceiver, type ReceivedDelivery, type Reply } from '../../testkit/webhook-receiver';

/**
 * The shared webhook receiver, misbehaving on purpose one way per path: `/<fault>/<anything>`. Each request
 * is recorded with its delivery id and arrival time so a test can compare what the receiver saw with what
 * the dispatcher's delivery log says.
 */
export type Fault =
	/** 500 on every attempt. */
	| 'status-500'
	/** 429 with `Retry-After: 1` on the first attempt of a delivery, 200 after. */
	| '429-retry-after-then-ok'
	/** 429 without Retry-After on the first attempt of a delivery, 200 after. */
	| '429-then-ok'
	/** 429 on every attempt. */
	| 'status-429'
	/** Never answers (the sender's timeout ends it). */
	| 'hang'
	/** Resets the connection once the request has arrived. */
	| 'reset'
	/** 200 and its headers at once, then one body byte every 150 ms, for 10 s. */
	| 'trickle'
	/** 410 Gone. */
	| 'gone'
	/** 301 back to itself, forever. */
	| 'redirect-loop'
	| 'ok';

export const FAULTS: readonly Fault[] = [
	'status-500',
	'429-retry-after-then-ok',
	'429-then-ok',
	'status-429',
	'hang',
	'reset',
	'trickle',
	'gone',
	'redirect-loop',
	'ok',
];

export interface FaultReceiver {
	readonly origin: string;
	url(fault: Fault, label: string): string;
	/** Requests that reached a path (redirect hops land on the same path). */
	requestsTo(fault: Fault, label: string): ReceivedDelivery[];
	close(): Promise<void>;
}

function faultOf(path: string): Fault {
	const first = path.split('/')[1];
	return (FAULTS as readonly string[]).includes(first) ? (first as Fault) : 'ok';
}

/** The reply of a fault to the `attempt`-th request of one delivery at one path. */
function faultReply(fault: Fault, attempt: number, path: string): Reply {
	switch (fault) {
		case 'status-500':
			return { status: 500, body: 'boom' };
		case '429-retry-after-then-ok':
			return attempt === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' } : { status: 200, body: 'ok' };
		case '429-then-ok':
			return attempt === 1 ? { status: 429, body: 'slow down' } : { status: 200, body: 'ok' };
		case 'status-429':
			return { status: 429, body: 'slow down' };
		case 'hang':
			return 'hang';
		case 'reset':
			return 'reset';
		case 'trickle':
			return { trickle: { intervalMs: 150, bytes: 66 } };
		case 'gone':
			return { status: 410, body: 'gone' };
		case 'redirect-loop':
			return { status: 301, headers: { location: path }, body: '' };
		case 'ok':
			return { status: 200, body: 'ok' };
	}
}

export async function startFaultReceiver(): Promise<FaultReceiver> {
	const receiver = await startWebhookReceiver();
	const attemptsByDelivery = new Map<string, number>();
	receiver.replyWith((request) => {
		const key = `${request.path} ${request.deliveryId}`;
		const attempt = (attemptsByDelivery.get(key) ?? 0) + 1;
		attemptsByDelivery.set(key, attempt);
		return faultReply(faultOf(request.path), attempt, request.path);
	});
	return {
		origin: receiver.url,
		url: (fault, label) => `${receiver.url}/${fault}/${label}`,
		requestsTo: (fault, label) => receiver.at(`/${fault}/${label}`),
		close: () => receiver.close(),
	};
}
