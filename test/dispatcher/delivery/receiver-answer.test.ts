import { readReceiverAnswer } from '../../../src/dispatcher/delivery/receiver-answer';

describe("reading a receiver's answer as n8n's Chatwoot Trigger gives it", () => {
	test.each([
		[200, '{"message":"Workflow was started"}', null, 'started', 'Workflow started'],
		[200, '{"message":"Ignored: message type outgoing is not selected"}', null, 'ignored', 'Ignored: message type outgoing is not selected'],
		[401, '{"message":"Chatwoot signature check failed: stale","reason":"stale"}', null, 'refused', '401: signature check failed: Chatwoot signature check failed: stale'],
		[404, '{"code":404,"message":"The requested webhook \\"POST abc/webhook\\" is not registered."}', null, 'not_active', '404: the workflow is not active or test listening has stopped'],
		[204, '', null, 'delivered', '204: accepted'],
		[200, 'ok', null, 'delivered', '200: accepted (ok)'],
		[500, '{"message":"Error in workflow"}', null, 'failed', '500: Error in workflow'],
		[503, '', 'HTTP 503', 'failed', '503: HTTP 503'],
		[null, null, 'connect ECONNREFUSED 127.0.0.1:9', 'unreachable', 'No answer: connect ECONNREFUSED 127.0.0.1:9'],
		[200, '{"message":"Workflow was started"}', 'the body never finished', 'failed', '200, but the body never finished'],
	] as const)('%s %s', (status, body, error, outcome, summary) => {
		expect(readReceiverAnswer(status, body, error)).toEqual({ outcome, summary });
	});

	test('a long body that is not JSON is not quoted as the reason', () => {
		expect(readReceiverAnswer(502, 'x'.repeat(500), 'HTTP 502').summary).toBe('502: HTTP 502');
	});
});
