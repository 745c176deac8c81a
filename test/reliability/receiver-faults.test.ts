import { MAX_REDIRECTS } from '../../src/dispatcher/delivery/webhook-sender';
import { AGENT_BOT, CHATWOOT_V4, customRetryPolicy, DOCUMENTED, type RetryPolicy } from '../../src/dispatcher/delivery/retry-policy';
import { verify, type ChatwootWebhook } from '../../src/protocol';
import { startTestDispatcher, TEST_TOKEN, type LoggedDelivery, type TestDispatcher } from '../support/dispatcher';
import { startFaultReceiver, type Fault, type FaultReceiver } from './fault-receiver';
import { SuiteLogs } from './suite-logs';

/**
 * Every way a receiver can misbehave, against each retry policy: the delivery gets the outcome the policy
 * promises, the delivery log records every attempt as the receiver saw it, and a webhook is disabled
 * exactly where the policy says so. Policies keep their rules; only their delays and timeout are shortened
 * (150 ms between attempts, 4 s per attempt) so that the suite runs in seconds.
 */
const DELAY_MS = 150;
// Long enough for eleven redirect hops on a loaded 2-core machine; the trickle outlasts it (10 s).
const TIMEOUT_MS = 4_000;
const TIMED_OUT = new RegExp(`Timed out after ${TIMEOUT_MS / 1000}s`);

interface Promise_ {
	readonly status: 'delivered' | 'failed';
	readonly attempts: number;
	/** The webhook is disabled after this one delivery. */
	readonly disables: boolean;
	/** What every failed attempt's log entry says. */
	readonly attemptError?: RegExp;
	readonly attemptStatus?: number | null;
}

interface PolicyCase {
	readonly name: string;
	readonly policy: RetryPolicy;
	readonly promises: Readonly<Record<Fault, Promise_>>;
}

const retried = (count: number): number => 1 + count;

/** What each policy promises for each fault, from its rules (retryOn, 410, attempts = 1 + retries). */
const CASES: readonly PolicyCase[] = [
	{
		name: 'documented (any failure retried, 410 disables)',
		policy: customRetryPolicy({ base: DOCUMENTED, retryDelaysMs: [DELAY_MS, DELAY_MS], timeoutMs: TIMEOUT_MS }),
		promises: {
			'status-500': { status: 'failed', attempts: retried(2), disables: false, attemptStatus: 500, attemptError: /^500 Internal Server Error$/ },
			'429-retry-after-then-ok': { status: 'delivered', attempts: 2, disables: false },
			'429-then-ok': { status: 'delivered', attempts: 2, disables: false },
			'status-429': { status: 'failed', attempts: retried(2), disables: false, attemptStatus: 429, attemptError: /^429 Too Many Requests$/ },
			hang: { status: 'failed', attempts: retried(2), disables: false, attemptStatus: null, attemptError: TIMED_OUT },
			reset: { status: 'failed', attempts: retried(2), disables: false, attemptStatus: null, attemptError: /./ },
			trickle: { status: 'failed', attempts: retried(2), disables: false, attemptError: new RegExp(`${TIMED_OUT.source} reading the response body`) },
			gone: { status: 'failed', attempts: 1, disables: true, attemptStatus: 410, attemptError: /^410 Gone$/ },
			'redirect-loop': { status: 'failed', attempts: retried(2), disables: false, attemptStatus: null, attemptError: /Too many redirects/ },
			ok: { status: 'delivered', attempts: 1, disables: false },
		},
	},
	{
		name: 'chatwoot-v4 (one attempt, never disables)',
		policy: customRetryPolicy({ base: CHATWOOT_V4, retryDelaysMs: [], timeoutMs: TIMEOUT_MS }),
		promises: {
			'status-500': { status: 'failed', attempts: 1, disables: false, attemptStatus: 500 },
			'429-retry-after-then-ok': { status: 'failed', attempts: 1, disables: false, attemptStatus: 429 },
			'429-then-ok': { status: 'failed', attempts: 1, disables: false, attemptStatus: 429 },
			'status-429': { status: 'failed', attempts: 1, disables: false, attemptStatus: 429 },
			hang: { status: 'failed', attempts: 1, disables: false, attemptStatus: null, attemptError: /Timed out/ },
			reset: { status: 'failed', attempts: 1, disables: false, attemptStatus: null },
			trickle: { status: 'failed', attempts: 1, disables: false, attemptError: /reading the response body/ },
			gone: { status: 'failed', attempts: 1, disables: false, attemptStatus: 410 },
			'redirect-loop': { status: 'failed', attempts: 1, disables: false, attemptError: /Too many redirects/ },
			ok: { status: 'delivered', attempts: 1, disables: false },
		},
	},
	{
		name: 'agent-bot (retries 429 and 500 only)',
		policy: customRetryPolicy({ base: AGENT_BOT, retryDelaysMs: [DELAY_MS, DELAY_MS], timeoutMs: TIMEOUT_MS }),
		promises: {
			'status-500': { status: 'failed', attempts: retried(2), disables: false, attemptStatus: 500 },
			'429-retry-after-then-ok': { status: 'delivered', attempts: 2, disables: false },
			'429-then-ok': { status: 'delivered', attempts: 2, disables: false },
			'status-429': { status: 'failed', attempts: retried(2), disables: false, attemptStatus: 429 },
			hang: { status: 'failed', attempts: 1, disables: false, attemptStatus: null, attemptError: /Timed out/ },
			reset: { status: 'failed', attempts: 1, disables: false, attemptStatus: null },
			trickle: { status: 'failed', attempts: 1, disables: false, attemptError: /reading the response body/ },
			gone: { status: 'failed', attempts: 1, disables: false, attemptStatus: 410 },
			'redirect-loop': { status: 'failed', attempts: 1, disables: false, attemptError: /Too many redirects/ },
			ok: { status: 'delivered', attempts: 1, disables: false },
		},
	},
];

const FAULT_LIST: readonly Fault[] = ['status-500', '429-retry-after-then-ok', '429-then-ok', 'status-429', 'hang', 'reset', 'trickle', 'gone', 'redirect-loop', 'ok'];

const logs = new SuiteLogs('receiver-faults');
const secrets: string[] = [TEST_TOKEN];
let receiver: FaultReceiver;

interface Running {
	readonly dispatcher: TestDispatcher;
	readonly webhooks: Map<Fault, ChatwootWebhook>;
}
const running = new Map<string, Running>();

function labelOf(name: string): string {
	return name.split(' ')[0];
}

function settled(deliveries: LoggedDelivery[], expected: number): boolean {
	return deliveries.length >= expected && deliveries.every((delivery) => delivery.status === 'delivered' || delivery.status === 'failed');
}

async function logDeliveryLog(dispatcher: TestDispatcher): Promise<void> {
	for (const delivery of await dispatcher.deliveries()) {
		logs.add('delivery log', delivery);
		logs.add('delivery log entry', (await dispatcher.api('GET', `/_dispatcher/deliveries/${delivery.id}`)).body);
	}
}

// One dispatcher per policy, all at once: the hangs and trickles of one policy wait beside the others'.
beforeAll(async () => {
	receiver = await startFaultReceiver();
	await Promise.all(
		CASES.map(async ({ name, policy }) => {
			const label = labelOf(name);
			const dispatcher = await startTestDispatcher({ retryPolicy: policy, logger: logs.logger(`dispatcher ${label}`) });
			const webhooks = new Map<Fault, ChatwootWebhook>();
			running.set(label, { dispatcher, webhooks });
			for (const fault of FAULT_LIST) {
				const webhook = await dispatcher.createWebhook(receiver.url(fault, label), ['conversation_created']);
				webhooks.set(fault, webhook);
				if (webhook.secret) secrets.push(webhook.secret);
			}
			await dispatcher.emit('conversation_created');
			await dispatcher.waitForDeliveries((deliveries) => settled(deliveries, FAULT_LIST.length), {}, 90_000);
		}),
	);
}, 120_000);

afterAll(async () => {
	for (const { dispatcher } of running.values()) {
		await logDeliveryLog(dispatcher);
		await dispatcher.close();
	}
	await receiver.close();
});

describe.each(CASES)('$name', ({ name, policy, promises }) => {
	const label = labelOf(name);

	test.each(FAULT_LIST)('%s: the promised outcome, every attempt in the log as the receiver saw it', async (fault) => {
		const { dispatcher, webhooks } = running.get(label)!;
		const promise = promises[fault];
		const webhook = webhooks.get(fault)!;
		const [listed] = await dispatcher.deliveries({ webhook_id: webhook.id });
		const delivery = (await dispatcher.api<{ payload: LoggedDelivery }>('GET', `/_dispatcher/deliveries/${listed.id}`)).body.payload;
		expect({ status: delivery.status, attempts: delivery.attempt_count }).toEqual({ status: promise.status, attempts: promise.attempts });
		expect(delivery.attempts).toHaveLength(promise.attempts);

		const failedAttempts = delivery.status === 'delivered' ? delivery.attempts.slice(0, -1) : delivery.attempts;
		for (const attempt of failedAttempts) {
			if (promise.attemptError) expect(attempt.error).toMatch(promise.attemptError);
			else expect(attempt.error).toBeTruthy();
			if (promise.attemptStatus !== undefined) expect(attempt.status_code).toBe(promise.attemptStatus);
		}
		if (delivery.status === 'delivered') {
			expect(delivery.attempts[delivery.attempts.length - 1]).toMatchObject({ status_code: 200, error: null });
		} else {
			expect(delivery.status_reason).toBeTruthy();
		}
		if (fault === 'redirect-loop') for (const attempt of delivery.attempts) expect(attempt.redirects).toHaveLength(MAX_REDIRECTS);

		// What the receiver saw: one request per attempt (a redirect loop: the first hop and every redirect),
		// every one with the same delivery id and a signature that verifies at its own timestamp.
		const seen = receiver.requestsTo(fault, label);
		const hopsPerAttempt = fault === 'redirect-loop' ? MAX_REDIRECTS + 1 : 1;
		expect(seen).toHaveLength(promise.attempts * hopsPerAttempt);
		for (const request of seen) {
			expect(request.deliveryId).toBe(delivery.id);
			expect(verify({ body: request.rawBody, headers: request.headers, secret: webhook.secret! }).valid).toBe(true);
		}
		if (fault === '429-retry-after-then-ok' && promise.attempts === 2) {
			// Retry-After: 1 is honoured within [delay, delay × retryAfterMaxFactor]: never earlier than that floor.
			const floor = Math.min(Math.max(1_000, DELAY_MS), DELAY_MS * policy.retryAfterMaxFactor);
			expect(seen[1].receivedAt - seen[0].receivedAt).toBeGreaterThanOrEqual(floor - 5);
		}
	});

	test('the webhook is disabled where the policy says so, and only there', async () => {
		const { dispatcher, webhooks } = running.get(label)!;
		const emitted = (await dispatcher.emit('conversation_created')) as { deliveries: string[] };
		const deliveries = await dispatcher.deliveries();
		const newOnes = deliveries.filter((delivery) => emitted.deliveries.includes(delivery.id));
		const reached = new Set(newOnes.map((delivery) => delivery.webhook_id));
		for (const fault of FAULT_LIST) {
			expect({ fault, gotTheNextEvent: reached.has(webhooks.get(fault)!.id) }).toEqual({ fault, gotTheNextEvent: !promises[fault].disables });
		}
	});
});

test('documented: a webhook whose deliveries keep failing is disabled after the 5th in a row, until it is updated', async () => {
	const policy = customRetryPolicy({ base: DOCUMENTED, retryDelaysMs: [DELAY_MS], timeoutMs: TIMEOUT_MS });
	const threshold = DOCUMENTED.disable!.afterConsecutiveFailedDeliveries;
	const dispatcher = await startTestDispatcher({ retryPolicy: policy, logger: logs.logger('dispatcher keeps-failing') });
	try {
		const webhook = await dispatcher.createWebhook(receiver.url('status-500', 'keeps-failing'), ['contact_created']);
		if (webhook.secret) secrets.push(webhook.secret);
		for (let index = 0; index < threshold; index++) {
			await dispatcher.emit('contact_created');
			await dispatcher.waitForDeliveries((all) => all.length === index + 1 && all.every((delivery) => delivery.status === 'failed'), {}, 30_000);
		}
		const next = (await dispatcher.emit('contact_created')) as { deliveries: string[] };
		expect(next.deliveries).toEqual([]);
		const log = await dispatcher.deliveries({ webhook_id: webhook.id });
		expect(log).toHaveLength(threshold);
		expect(log.every((delivery) => delivery.status === 'failed' && delivery.attempt_count === 2)).toBe(true);
		// An update through the API is how a user says "fixed": deliveries flow again.
		expect((await dispatcher.api('PATCH', `/api/v1/accounts/1/webhooks/${webhook.id}`, { url: receiver.url('ok', 'keeps-failing') })).status).toBe(200);
		const after = (await dispatcher.emit('contact_created')) as { deliveries: string[] };
		expect(after.deliveries).toHaveLength(1);
		await dispatcher.waitForDeliveries((all) => all.some((delivery) => delivery.id === after.deliveries[0] && delivery.status === 'delivered'), {}, 30_000);
		await logDeliveryLog(dispatcher);
	} finally {
		await dispatcher.close();
	}
}, 90_000);

test('no log line, error or delivery-log entry of this file contains a webhook secret or the API token', () => {
	expect(logs.count).toBeGreaterThan(0);
	logs.expectNoSecrets(secrets);
});
