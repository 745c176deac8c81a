/**
 * Requests that must each be refused by the dispatcher's API with a 4xx in Chatwoot's error shape, leave
 * the store as it was, and leave the server up. `{webhook}` in a path is the id of a webhook the suite
 * created in the administrator's account; the token is the administrator's unless the case says otherwise.
 */
export interface HostileCase {
	readonly name: string;
	readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
	readonly path: string;
	readonly body?: string | Buffer;
	/** Default `application/json`. */
	readonly contentType?: string;
	/** `valid` (default): the administrator's token; `none`: no header; otherwise sent as the token. */
	readonly token?: 'valid' | 'none' | { readonly value: string } | { readonly header: string; readonly value: string };
}

const WEBHOOKS = '/api/v1/accounts/1/webhooks';
const EVENTS = '/_dispatcher/events';
const GOOD_URL = 'http://127.0.0.1:9/hostile-never-created';

function json(value: unknown): string {
	return JSON.stringify(value);
}

function nested(depth: number, leaf: string): string {
	return '['.repeat(depth) + leaf + ']'.repeat(depth);
}

function nestedObject(depth: number): string {
	return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const validSubscriptions = ['message_created'];

export const HOSTILE_CASES: readonly HostileCase[] = [
	// ---- malformed and truncated JSON
	{ name: 'malformed JSON: trailing comma', method: 'POST', path: WEBHOOKS, body: '{"url":"http://127.0.0.1:9/a",}' },
	{ name: 'malformed JSON: single quotes', method: 'POST', path: WEBHOOKS, body: "{'url':'http://127.0.0.1:9/a'}" },
	{ name: 'truncated JSON mid-string', method: 'POST', path: WEBHOOKS, body: '{"url":"http://127.0.0.1:9/a","subscriptions":["message_cr' },
	{ name: 'truncated JSON: opening brace only', method: 'POST', path: WEBHOOKS, body: '{' },
	{ name: 'form-encoded text sent as JSON', method: 'POST', path: WEBHOOKS, body: 'url=http://127.0.0.1:9/a&subscriptions[]=message_created' },
	{ name: 'empty body', method: 'POST', path: WEBHOOKS, body: '' },
	{ name: 'JSON null', method: 'POST', path: WEBHOOKS, body: 'null' },
	{ name: 'JSON array instead of an object', method: 'POST', path: WEBHOOKS, body: json([{ url: GOOD_URL, subscriptions: validSubscriptions }]) },
	{ name: 'JSON string instead of an object', method: 'POST', path: WEBHOOKS, body: json(GOOD_URL) },
	{ name: 'empty object', method: 'POST', path: WEBHOOKS, body: '{}' },
	{ name: 'invalid UTF-8 bytes in the url', method: 'POST', path: WEBHOOKS, body: Buffer.concat([Buffer.from('{"url":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","subscriptions":["message_created"]}')]) },
	{ name: 'the JSON body sent as text/plain', method: 'POST', path: WEBHOOKS, contentType: 'text/plain', body: json({ url: GOOD_URL, subscriptions: validSubscriptions }) },

	// ---- wrong types
	{ name: 'url is a number', method: 'POST', path: WEBHOOKS, body: json({ url: 12345, subscriptions: validSubscriptions }) },
	{ name: 'url is an array', method: 'POST', path: WEBHOOKS, body: json({ url: [GOOD_URL], subscriptions: validSubscriptions }) },
	{ name: 'url is an object', method: 'POST', path: WEBHOOKS, body: json({ url: { href: GOOD_URL }, subscriptions: validSubscriptions }) },
	{ name: 'url is a boolean', method: 'POST', path: WEBHOOKS, body: json({ url: true, subscriptions: validSubscriptions }) },
	{ name: 'url is null', method: 'POST', path: WEBHOOKS, body: json({ url: null, subscriptions: validSubscriptions }) },
	{ name: 'url is empty', method: 'POST', path: WEBHOOKS, body: json({ url: '', subscriptions: validSubscriptions }) },
	{ name: 'subscriptions is a string', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: 'message_created' }) },
	{ name: 'subscriptions holds numbers', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: [1, 2] }) },
	{ name: 'subscriptions holds null', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: [null] }) },
	{ name: 'subscriptions is an object', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: { message_created: true } }) },
	{ name: 'inbox_id is text', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: validSubscriptions, inbox_id: 'abc' }) },
	{ name: 'inbox_id is negative', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: validSubscriptions, inbox_id: -1 }) },
	{ name: 'name is an object', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: validSubscriptions, name: { x: 1 } }) },

	// ---- unknown and duplicated events
	{ name: 'empty subscriptions', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: [] }) },
	{ name: 'an unknown event', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: ['message_exploded'] }) },
	{ name: 'a known and an unknown event', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: ['message_created', 'conversation_deleted'] }) },
	{ name: 'an event in upper case', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: ['MESSAGE_CREATED'] }) },
	{ name: 'a duplicated event beside an unknown one', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: ['message_created', 'message_created', 'nope'] }) },
	{ name: 'duplicated keys: the last url is javascript:', method: 'POST', path: WEBHOOKS, body: `{"url":"${GOOD_URL}","subscriptions":["message_created"],"url":"javascript:alert(1)"}` },
	{ name: 'the URL of an existing webhook again', method: 'POST', path: WEBHOOKS, body: '{{existing}}' },
	{ name: 'emit an unknown event', method: 'POST', path: EVENTS, body: json({ event: 'message_exploded', account_id: 1, data: {} }) },
	{ name: 'emit with no event', method: 'POST', path: EVENTS, body: json({ account_id: 1, data: {} }) },
	{ name: 'emit an event that is a number', method: 'POST', path: EVENTS, body: json({ event: 7, account_id: 1, data: {} }) },
	{ name: 'emit an event that is an array of events', method: 'POST', path: EVENTS, body: json({ event: ['message_created', 'message_created'], account_id: 1, data: {} }) },
	{ name: 'emit with data as an array', method: 'POST', path: EVENTS, body: json({ event: 'message_created', account_id: 1, data: [1, 2, 3] }) },
	{ name: 'emit with data as a string', method: 'POST', path: EVENTS, body: json({ event: 'message_created', account_id: 1, data: 'hello' }) },
	{ name: 'emit malformed JSON', method: 'POST', path: EVENTS, body: '{"event":"message_created","account_id":1,"data":{' },

	// ---- huge strings and bodies, deep nesting
	{ name: 'a 2 MB url', method: 'POST', path: WEBHOOKS, body: json({ url: `http://127.0.0.1:9/${'a'.repeat(2 * 1024 * 1024)}`, subscriptions: validSubscriptions }) },
	{ name: 'a 5 MB body', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: validSubscriptions, name: 'x'.repeat(5 * 1024 * 1024) }) },
	{ name: 'a 3 MB event payload', method: 'POST', path: EVENTS, body: json({ event: 'message_created', account_id: 1, data: { content: 'y'.repeat(3 * 1024 * 1024) } }) },
	{ name: '100 000 unknown subscriptions', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: Array.from({ length: 100_000 }, (_, i) => `event_${i}`) }) },
	{ name: 'url nested 10 000 arrays deep', method: 'POST', path: WEBHOOKS, body: `{"url":${nested(10_000, '"http://127.0.0.1:9/a"')},"subscriptions":["message_created"]}` },
	{ name: 'event data nested 100 000 objects deep', method: 'POST', path: EVENTS, body: `{"event":"message_created","account_id":1,"data":${nestedObject(100_000)}}` },
	{ name: 'subscriptions nested 50 000 arrays deep', method: 'POST', path: WEBHOOKS, body: `{"url":"${GOOD_URL}","subscriptions":${nested(50_000, '"message_created"')}}` },

	// ---- unicode and control characters, dangerous schemes
	{ name: 'javascript: url', method: 'POST', path: WEBHOOKS, body: json({ url: 'javascript:alert(1)', subscriptions: validSubscriptions }) },
	{ name: 'file: url', method: 'POST', path: WEBHOOKS, body: json({ url: 'file:///etc/passwd', subscriptions: validSubscriptions }) },
	{ name: 'data: url', method: 'POST', path: WEBHOOKS, body: json({ url: 'data:text/html,<script>alert(1)</script>', subscriptions: validSubscriptions }) },
	{ name: 'ftp: url', method: 'POST', path: WEBHOOKS, body: json({ url: 'ftp://127.0.0.1/upload', subscriptions: validSubscriptions }) },
	{ name: 'control characters before javascript:', method: 'POST', path: WEBHOOKS, body: json({ url: '\u0000\u0001\u001fjavascript:alert(1)', subscriptions: validSubscriptions }) },
	{ name: 'right-to-left override before javascript:', method: 'POST', path: WEBHOOKS, body: json({ url: '\u202ejavascript:alert(1)', subscriptions: validSubscriptions }) },
	{ name: 'full-width "ｈｔｔｐ:" scheme', method: 'POST', path: WEBHOOKS, body: json({ url: 'ｈｔｔｐ://127.0.0.1:9/a', subscriptions: validSubscriptions }) },
	{ name: 'lone surrogate url', method: 'POST', path: WEBHOOKS, body: '{"url":"\\ud800","subscriptions":["message_created"]}' },
	{ name: 'NUL-only url', method: 'POST', path: WEBHOOKS, body: '{"url":"\\u0000","subscriptions":["message_created"]}' },
	{ name: 'unicode event name', method: 'POST', path: WEBHOOKS, body: json({ url: GOOD_URL, subscriptions: ['message_creat\u00e9d'] }) },
	{ name: '__proto__ carries the url', method: 'POST', path: WEBHOOKS, body: `{"__proto__":{"url":"${GOOD_URL}"},"subscriptions":["message_created"]}` },

	// ---- updates and deletes that must not change anything
	{ name: 'update to a javascript: url', method: 'PATCH', path: `${WEBHOOKS}/{webhook}`, body: json({ url: 'javascript:alert(1)' }) },
	{ name: 'update to empty subscriptions', method: 'PUT', path: `${WEBHOOKS}/{webhook}`, body: json({ subscriptions: [] }) },
	{ name: 'update with a malformed body', method: 'PATCH', path: `${WEBHOOKS}/{webhook}`, body: '{"url":' },
	{ name: 'update a webhook that does not exist', method: 'PATCH', path: `${WEBHOOKS}/999999`, body: json({ url: GOOD_URL }) },
	{ name: 'delete a webhook that does not exist', method: 'DELETE', path: `${WEBHOOKS}/999999` },
	{ name: 'delete with an SQL-looking id', method: 'DELETE', path: `${WEBHOOKS}/1%20OR%201=1` },
	{ name: 'delete with a huge id', method: 'DELETE', path: `${WEBHOOKS}/99999999999999999999999999` },

	// ---- ids of other accounts
	{ name: 'list the webhooks of another account', method: 'GET', path: '/api/v1/accounts/2/webhooks' },
	{ name: 'create a webhook in another account', method: 'POST', path: '/api/v1/accounts/2/webhooks', body: json({ url: GOOD_URL, subscriptions: validSubscriptions }) },
	{ name: "update this account's webhook through another account", method: 'PATCH', path: '/api/v1/accounts/2/webhooks/{webhook}', body: json({ url: GOOD_URL }) },
	{ name: "delete this account's webhook through another account", method: 'DELETE', path: '/api/v1/accounts/2/webhooks/{webhook}' },
	{ name: 'an account that does not exist', method: 'POST', path: '/api/v1/accounts/424242/webhooks', body: json({ url: GOOD_URL, subscriptions: validSubscriptions }) },
	{ name: 'an account id that is not a number', method: 'GET', path: '/api/v1/accounts/abc/webhooks' },
	{ name: 'a negative account id', method: 'GET', path: '/api/v1/accounts/-1/webhooks' },
	{ name: 'emit to an account that does not exist', method: 'POST', path: EVENTS, body: json({ event: 'message_created', account_id: 424242, data: {} }) },
	{ name: 'emit with an account id that is text', method: 'POST', path: EVENTS, body: json({ event: 'message_created', account_id: 'one', data: {} }) },

	// ---- missing and wrong tokens
	{ name: 'no token', method: 'POST', path: WEBHOOKS, token: 'none', body: json({ url: GOOD_URL, subscriptions: validSubscriptions }) },
	{ name: 'a wrong token', method: 'POST', path: WEBHOOKS, token: { value: 'not-the-token' }, body: json({ url: GOOD_URL, subscriptions: validSubscriptions }) },
	{ name: 'an empty token', method: 'POST', path: WEBHOOKS, token: { value: '' }, body: json({ url: GOOD_URL, subscriptions: validSubscriptions }) },
	{ name: 'an 8 KB token', method: 'GET', path: WEBHOOKS, token: { value: 'k'.repeat(8 * 1024) } },
	{ name: 'the token as a Bearer header', method: 'POST', path: WEBHOOKS, token: { header: 'authorization', value: 'Bearer {token}' }, body: json({ url: GOOD_URL, subscriptions: validSubscriptions }) },
	{ name: 'the token with a character in front', method: 'DELETE', path: `${WEBHOOKS}/{webhook}`, token: { value: 'x{token}' } },
	{ name: 'the token cut short by one character', method: 'DELETE', path: `${WEBHOOKS}/{webhook}`, token: { value: '{token-1}' } },
	{ name: 'the token in upper case', method: 'DELETE', path: `${WEBHOOKS}/{webhook}`, token: { value: '{TOKEN}' } },
	{ name: 'emit with no token', method: 'POST', path: EVENTS, token: 'none', body: json({ event: 'message_created', account_id: 1, data: {} }) },
	{ name: 'emit with a wrong token', method: 'POST', path: EVENTS, token: { value: 'wrong' }, body: json({ event: 'message_created', account_id: 1, data: {} }) },
	{ name: 'read the delivery log with no token', method: 'GET', path: '/_dispatcher/deliveries', token: 'none' },
	{ name: 'redeliver with a wrong token', method: 'POST', path: '/_dispatcher/deliveries/00000000-0000-4000-8000-000000000000/redeliver', token: { value: 'wrong' } },
];
