import { checkBotLoop } from '../../../src/dispatcher/domain/models/bot-loop';

const outgoing = (at: number) => ({ message_type: 1, private: 0, created_at: at });

describe('the bot-loop check', () => {
	test('five outgoing messages within ten seconds are likely a loop', () => {
		const check = checkBotLoop([0, 2000, 4000, 6000, 8000].map(outgoing));
		expect(check.likely).toBe(true);
		expect(check.reason).toMatch(/^5 outgoing messages within 8 s\. .*Incoming only\.$/);
	});

	test('people replying at a human pace, incoming messages and private notes are not', () => {
		expect(checkBotLoop([0, 11_000, 22_000, 33_000, 44_000, 55_000].map(outgoing)).likely).toBe(false);
		expect(checkBotLoop([0, 1, 2, 3, 4].map((at) => ({ message_type: 0, private: 0, created_at: at }))).likely).toBe(false);
		expect(checkBotLoop([0, 1, 2, 3, 4].map((at) => ({ message_type: 1, private: 1, created_at: at }))).likely).toBe(false);
		expect(checkBotLoop([0, 1, 2, 3].map(outgoing))).toEqual({ likely: false, reason: null });
	});
});
