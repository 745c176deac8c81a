import { SecretRereadSchedule } from '../../../nodes/ChatwootTrigger/secret-healing';
import type { TriggerWorkflow } from '../../support/n8n/n8n-instance';
import { nextDelivery, outcome, postForged, useTriggerOnDispatcher } from './trigger-on-dispatcher';

/**
 * A secret that heals: when the stored secret no longer matches Chatwoot's (reset, restored backup, a
 * webhook recreated by hand at the same URL), the first delivery that fails makes the trigger read the
 * secret again from Chatwoot, keep it, and verify once more, without reactivation. The dispatcher signs
 * with the webhook's real secret while the trigger's static data holds an outdated one.
 */
const chatwoot = useTriggerOnDispatcher();
let flow: TriggerWorkflow;

const OUTDATED = 'OutdatedSecret1234567890';

beforeEach(async () => {
	flow = await chatwoot.activate({ events: ['contact_created'] });
});

function webhookReads(): number {
	return flow.subject.requests.filter((request) => request.method === 'GET' && String(request.url).endsWith('/webhooks')).length;
}

async function forged(): Promise<{ status: number; body: unknown }> {
	return await postForged(flow.productionUrl(), { id: 1, name: 'Mallory', event: 'contact_created' });
}

describe('a stored secret that Chatwoot no longer uses', () => {
	it('heals on the first delivery: Chatwoot is asked once, the delivery starts the workflow, the new secret is kept', async () => {
		const current = flow.staticData.webhookSecret;
		flow.staticData.webhookSecret = OUTDATED;
		const readsBefore = webhookReads();

		const delivery = await nextDelivery(flow, () => chatwoot.dispatcher.emit('contact_created'));
		expect(outcome(delivery)).toEqual({ status: 200, started: true, message: 'Workflow was started' });
		expect(delivery.workflowData?.[0][0].json.chatwootDelivery).toMatchObject({ verified: true, verification: 'signature' });
		expect(flow.staticData.webhookSecret).toBe(current);
		expect(webhookReads()).toBe(readsBefore + 1);
		expect(flow.subject.logger.messages('info').join('\n')).toContain("Chatwoot's webhook secret changed; the trigger keeps the new one");

		// The next delivery verifies with the kept secret, without asking Chatwoot.
		expect(outcome(await nextDelivery(flow, () => chatwoot.dispatcher.emit('contact_created'))).started).toBe(true);
		expect(webhookReads()).toBe(readsBefore + 1);
	});

	it('still refuses a forged delivery with 401, and asks Chatwoot at most once a minute however many come', async () => {
		const readsBefore = webhookReads();
		for (let attempt = 0; attempt < 3; attempt += 1) {
			expect(await forged()).toEqual({
				status: 401,
				body: {
					message: 'Chatwoot signature check failed: The signature does not match the body and timestamp for this webhook secret',
					reason: 'mismatch',
				},
			});
		}
		expect(webhookReads()).toBe(readsBefore + 1);
		expect(flow.executions()).toEqual([]);
	});

	it('heals even when a forged request used up the minute: the read it caused kept the new secret', async () => {
		const current = flow.staticData.webhookSecret;
		flow.staticData.webhookSecret = OUTDATED;
		expect((await forged()).status).toBe(401);
		expect(flow.staticData.webhookSecret).toBe(current);
		expect(outcome(await nextDelivery(flow, () => chatwoot.dispatcher.emit('contact_created'))).started).toBe(true);
	});

	it('refuses, without asking Chatwoot, a delivery that is not a mismatch (no signature at all)', async () => {
		const readsBefore = webhookReads();
		const response = await fetch(flow.productionUrl(), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: 1, event: 'contact_created' }),
		});
		expect(response.status).toBe(401);
		expect(webhookReads()).toBe(readsBefore);
	});
});

describe('SecretRereadSchedule', () => {
	it('allows one read per trigger per interval', () => {
		let clock = 1_000_000;
		const schedule = new SecretRereadSchedule(60_000, () => clock);
		expect(schedule.mayReread('a')).toBe(true);
		expect(schedule.mayReread('b')).toBe(true);
		clock += 59_999;
		expect(schedule.mayReread('a')).toBe(false);
		clock += 1;
		expect(schedule.mayReread('a')).toBe(true);
		expect(schedule.mayReread('a')).toBe(false);
	});
});
