import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createChatwoot } from '../../../src/dispatcher/domain/chatwoot';
import { openDatabase } from '../../../src/dispatcher/store/database';
import { CapturingOutbox } from '../../support/capturing-outbox';

describe('a restart on the same database file', () => {
	let directory: string;
	beforeEach(() => {
		directory = mkdtempSync(join(tmpdir(), 'chatwoot-dispatcher-'));
	});
	afterEach(() => {
		rmSync(directory, { recursive: true, force: true });
	});

	function start<T>(file: string, options: { adminToken?: string }, use: (chatwoot: ReturnType<typeof createChatwoot>, count: (table: string) => number) => T): T {
		const db = openDatabase(file);
		try {
			const chatwoot = createChatwoot(db, new CapturingOutbox(), { requireHttps: false, ...options });
			return use(chatwoot, (table) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
		} finally {
			db.close();
		}
	}

	it('keeps the generated admin token, the seeded rows (once) and the webhooks', () => {
		const file = join(directory, 'dispatcher.db');
		const first = start(file, {}, (chatwoot, count) => {
			chatwoot.webhooks.create(1, { url: 'https://a.test/hook' });
			return { token: chatwoot.adminToken(), agent: chatwoot.agentToken(), counts: ['accounts', 'inboxes', 'users'].map(count) };
		});
		expect(first.token).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
		expect(first.token).not.toBe(first.agent);
		start(file, {}, (chatwoot, count) => {
			expect(chatwoot.adminToken()).toBe(first.token);
			expect(chatwoot.agentToken()).toBe(first.agent);
			expect(['accounts', 'inboxes', 'users'].map(count)).toEqual(first.counts);
			expect(chatwoot.webhooks.list(1).map((webhook) => webhook.url)).toEqual(['https://a.test/hook']);
			expect(chatwoot.accountId).toBe(1);
		});
	});

	it('stores a given admin token, which the next start without one keeps', () => {
		const file = join(directory, 'dispatcher.db');
		start(file, {}, () => undefined);
		start(file, { adminToken: 'pasted-into-n8n' }, (chatwoot) => {
			expect(chatwoot.adminToken()).toBe('pasted-into-n8n');
			expect(chatwoot.users.authenticate('pasted-into-n8n')).toMatchObject({ id: 1, administrator: true });
		});
		start(file, {}, (chatwoot) => {
			expect(chatwoot.adminToken()).toBe('pasted-into-n8n');
		});
	});
});
