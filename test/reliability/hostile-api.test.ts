import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type BetterSqlite3 from 'better-sqlite3';
import { request } from 'undici';

import { readApiErrorMessage } from '../../src/protocol';
import { startTestDispatcher, TEST_TOKEN, type TestDispatcher } from '../support/dispatcher';
import { HOSTILE_CASES, type HostileCase } from './hostile-api-cases';
import { SuiteLogs } from './suite-logs';

/**
 * The dispatcher's API under hostile input: every case of hostile-api-cases.ts gets a 4xx in one of
 * Chatwoot's error shapes, the server keeps answering, and not one row of the store changes (a
 * read-only connection to the same SQLite file compares every table before and after each request).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sqlite = require('better-sqlite3') as typeof BetterSqlite3;

const logs = new SuiteLogs('hostile-api');
const dir = mkdtempSync(join(tmpdir(), 'chatwoot-hostile-api-'));
const dbFile = join(dir, 'dispatcher.db');
let dispatcher: TestDispatcher;
let reader: BetterSqlite3.Database;
let webhookId = 0;
let existingUrl = '';
const secrets: string[] = [TEST_TOKEN];
const consoleError = jest.spyOn(console, 'error');

function snapshot(): string {
	const hash = createHash('sha256');
	const tables = reader.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
	for (const { name } of tables) {
		hash.update(`\u0000${name}\u0000`);
		// Some tables are WITHOUT ROWID: compare the rows as a sorted set of their JSON.
		const rows = (reader.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort();
		for (const row of rows) hash.update(row);
	}
	return hash.digest('hex');
}

function fill(text: string): string {
	return text
		.replace('{webhook}', String(webhookId))
		.replace('{token-1}', TEST_TOKEN.slice(0, -1))
		.replace('{TOKEN}', TEST_TOKEN.toUpperCase())
		.replace('{token}', TEST_TOKEN);
}

async function send(hostile: HostileCase): Promise<{ status: number; text: string }> {
	const headers: Record<string, string> = { 'content-type': hostile.contentType ?? 'application/json' };
	const token = hostile.token ?? 'valid';
	if (token === 'valid') headers.api_access_token = TEST_TOKEN;
	else if (token !== 'none') {
		const name = (token as { readonly header?: string }).header ?? 'api_access_token';
		headers[name] = fill(token.value);
	}
	let body = hostile.body;
	if (body === '{{existing}}') body = JSON.stringify({ url: existingUrl, subscriptions: ['message_created'] });
	const response = await request(`${dispatcher.url}${fill(hostile.path)}`, {
		method: hostile.method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? fill(body) : body,
	});
	return { status: response.statusCode, text: await response.body.text() };
}

beforeAll(async () => {
	consoleError.mockImplementation((...args: unknown[]) => logs.add('console.error', args.map(String).join(' ')));
	dispatcher = await startTestDispatcher({ db: dbFile, logger: logs.logger() });
	existingUrl = 'http://127.0.0.1:9/hostile-existing';
	const webhook = await dispatcher.createWebhook(existingUrl, ['message_created']);
	webhookId = webhook.id;
	if (webhook.secret) secrets.push(webhook.secret);
	reader = new Sqlite(dbFile, { readonly: true, fileMustExist: true });
});

afterAll(async () => {
	reader?.close();
	await dispatcher?.close();
	consoleError.mockRestore();
	rmSync(dir, { recursive: true, force: true });
});

test(`the table has at least 40 cases (${HOSTILE_CASES.length})`, () => {
	expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(40);
	expect(new Set(HOSTILE_CASES.map((hostile) => hostile.name)).size).toBe(HOSTILE_CASES.length);
});

test.each(HOSTILE_CASES.map((hostile) => [hostile.name, hostile] as const))('%s: 4xx in Chatwoot\'s shape, store unchanged, server up', async (_name, hostile) => {
	const before = snapshot();
	const response = await send(hostile);
	logs.add(`answer to "${hostile.name}"`, `${response.status} ${response.text.slice(0, 2_000)}`);
	let parsed: unknown;
	try {
		parsed = JSON.parse(response.text);
	} catch {
		parsed = undefined;
	}
	expect({ status: response.status, clientError: response.status >= 400 && response.status < 500 }).toEqual({ status: response.status, clientError: true });
	// Chatwoot's shapes: {"message","attributes"}, {"error"}, {"errors":[...]}.
	expect({ body: response.text.slice(0, 300), message: typeof readApiErrorMessage(parsed) }).toEqual({ body: response.text.slice(0, 300), message: 'string' });
	expect(snapshot()).toBe(before);
	const health = await request(`${dispatcher.url}/_dispatcher/health`);
	await health.body.dump();
	expect(health.statusCode).toBe(200);
}, 30_000);

test('after every hostile request the API still works and holds exactly the one webhook it had', async () => {
	const list = await dispatcher.api<{ payload: { webhooks: Array<{ id: number; url: string }> } }>('GET', '/api/v1/accounts/1/webhooks');
	expect(list.status).toBe(200);
	expect(list.body.payload.webhooks.map((webhook) => [webhook.id, webhook.url])).toEqual([[webhookId, existingUrl]]);
	expect(await dispatcher.deliveries()).toEqual([]);
});

test('no log line, error message or answer of this file contains a webhook secret or the API token', () => {
	logs.expectNoSecrets(secrets);
});
