import {
	AGENT_BOT,
	CHATWOOT_V4,
	customRetryPolicy,
	DOCUMENTED,
	retryPolicyFromFlags,
	retryPolicyNamed,
} from '../../../src/dispatcher/delivery/retry-policy';
import { parseDuration, parseDurationList } from '../../../src/dispatcher/delivery/duration';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { startPipeline, type Pipeline } from '../../support/delivery-pipeline';

describe('retry policies as data', () => {
	it('documented: 10 s timeout, retries after 1, 2 and 4 minutes, disables after 5 failed deliveries in a row', () => {
		expect(DOCUMENTED).toMatchObject({
			timeoutMs: 10_000,
			retryDelaysMs: [60_000, 120_000, 240_000],
			retryOn: 'any-failure',
			disable: { afterConsecutiveFailedDeliveries: 5 },
			goneDisablesImmediately: true,
		});
	});

	it('chatwoot-v4: 5 s timeout, a single attempt, never disables', () => {
		expect(CHATWOOT_V4).toMatchObject({ timeoutMs: 5_000, retryDelaysMs: [], disable: null, goneDisablesImmediately: false });
	});

	it('agent-bot: 3 attempts 3 s apart, on 429 and 500 only', () => {
		expect(AGENT_BOT).toMatchObject({ retryDelaysMs: [3_000, 3_000], retryOn: { statuses: [429, 500] }, disable: null });
	});

	it('reads the CLI flags: a named policy, reshaped by --retry-schedule and --timeout', () => {
		// Chatwoot's own behaviour is the default; the documented one is an option.
		expect(retryPolicyFromFlags({})).toBe(CHATWOOT_V4);
		expect(retryPolicyFromFlags({ policy: 'documented' })).toBe(DOCUMENTED);
		expect(retryPolicyFromFlags({ policy: 'chatwoot-v4' })).toBe(CHATWOOT_V4);
		const custom = retryPolicyFromFlags({ schedule: '1s,2s,4s', timeout: '2s' });
		expect(custom).toMatchObject({ name: 'custom', timeoutMs: 2_000, retryDelaysMs: [1_000, 2_000, 4_000], retryOn: 'any-failure' });
		expect(retryPolicyFromFlags({ policy: 'agent-bot', schedule: '100ms' })).toMatchObject({
			retryDelaysMs: [100],
			retryOn: { statuses: [429, 500] },
			timeoutMs: 5_000,
		});
		expect(retryPolicyFromFlags({ schedule: 'none' }).retryDelaysMs).toEqual([]);
		expect(() => retryPolicyNamed('sidekiq')).toThrow('Unknown retry policy "sidekiq"; choose one of chatwoot-v4, documented, agent-bot');
	});

	it('parses durations with units and refuses bare or malformed ones', () => {
		expect(parseDuration('250ms')).toBe(250);
		expect(parseDuration('1.5s')).toBe(1_500);
		expect(parseDuration('2m')).toBe(120_000);
		expect(parseDurationList('1s, 2s,4s')).toEqual([1_000, 2_000, 4_000]);
		expect(() => parseDuration('2')).toThrow('"2" is not a duration');
		expect(() => parseDuration('-1s')).toThrow('is not a duration');
		expect(() => parseDurationList('1s,,2s')).toThrow('"" is not a duration');
		expect(() => customRetryPolicy({ timeoutMs: 0 })).toThrow('The timeout must be above zero');
	});
});

describe('retry policies in the pipeline', () => {
	let receiver: WebhookReceiver;
	let pipeline: Pipeline;

	beforeEach(async () => {
		receiver = await startWebhookReceiver();
	});
	afterEach(async () => {
		await pipeline?.stop();
		await receiver.close();
	});

	it('agent-bot retries a 500 but not a 503', async () => {
		pipeline = startPipeline(customRetryPolicy({ base: AGENT_BOT, retryDelaysMs: [50, 50] }));
		pipeline.directory.add(`${receiver.url}/five-hundred`);
		receiver.replyWith(() => ({ status: 500 }));
		const [retried] = pipeline.emit();
		const exhausted = await pipeline.waitForDelivery(retried, (delivery) => delivery.status === 'failed');
		expect(exhausted.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 500]);

		pipeline.directory.webhooks.clear();
		pipeline.directory.add(`${receiver.url}/five-oh-three`);
		receiver.replyWith(() => ({ status: 503 }));
		const [once] = pipeline.emit();
		const failed = await pipeline.waitForDelivery(once, (delivery) => delivery.status === 'failed');
		expect(failed.attempts).toHaveLength(1);
		expect(failed.statusReason).toBe('503 Service Unavailable (not retried: the custom policy retries only 429 and 500)');
	});

	it('chatwoot-v4 never retries and never disables, not even on 410', async () => {
		pipeline = startPipeline(CHATWOOT_V4);
		const webhook = pipeline.directory.add(`${receiver.url}/gone`);
		receiver.replyWith(() => ({ status: 410 }));
		const ids = [pipeline.emit()[0], pipeline.emit()[0], pipeline.emit()[0], pipeline.emit()[0], pipeline.emit()[0], pipeline.emit()[0]];
		for (const id of ids) {
			const delivery = await pipeline.waitForDelivery(id, (candidate) => candidate.status === 'failed');
			expect(delivery.attempts).toHaveLength(1);
			expect(delivery.statusReason).toBe('410 Gone');
		}
		expect(pipeline.directory.find(webhook.id)!.disabledReason).toBeNull();
	});
});
