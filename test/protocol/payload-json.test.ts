import { serializePayload } from '../../src/protocol';

describe('serializePayload', () => {
	it('writes compact JSON and keeps key order', () => {
		expect(serializePayload({ id: 1, content: 'hi', event: 'message_created' })).toBe(
			'{"id":1,"content":"hi","event":"message_created"}',
		);
	});

	it('escapes <, > and & as ActiveSupport does', () => {
		expect(serializePayload({ content: '<b>Tom & Jerry</b>' })).toBe(
			'{"content":"\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e"}',
		);
	});

	it('escapes the JavaScript line terminators', () => {
		expect(serializePayload({ content: 'a\u2028b\u2029c' })).toBe('{"content":"a\\u2028b\\u2029c"}');
	});

	it('round-trips to the same value', () => {
		const payload = { content: '<script>alert("&")</script> 你好 \u2028', n: [1, null, true] };
		expect(JSON.parse(serializePayload(payload))).toEqual(payload);
	});

	it('refuses what JSON cannot carry', () => {
		expect(() => serializePayload(undefined)).toThrow(TypeError);
	});
});
