import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openDatabase, type Database } from '../../../src/dispatcher/store/database';
import { GroupCommit } from '../../../src/dispatcher/store/group-commit';

describe('GroupCommit', () => {
	let folder: string;
	let file: Database;
	let observer: Database;
	let group: GroupCommit;
	let db: Database;

	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'group-commit-'));
		file = openDatabase(join(folder, 'd.db'));
		file.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
		observer = openDatabase(join(folder, 'd.db'));
		group = new GroupCommit(file);
		db = group.database();
	});
	afterEach(() => {
		group.flush();
		observer.close();
		file.close();
		rmSync(folder, { recursive: true, force: true });
	});

	const count = (connection: Database) => connection.prepare('SELECT count(*) FROM notes').pluck().get() as number;
	const insert = (text: string) => db.transaction(() => db.prepare('INSERT INTO notes (text) VALUES (?)').run(text))();

	it('commits the transactions of one turn of the event loop together, and only then calls back', async () => {
		insert('one');
		insert('two');
		expect(group.pending).toBe(true);
		// Another connection sees nothing before the group's commit: nothing is on disk yet.
		expect(count(observer)).toBe(0);
		const committed = new Promise<Error | undefined>((resolve) => group.afterCommit(resolve));
		expect(await committed).toBeUndefined();
		expect(group.pending).toBe(false);
		expect(count(observer)).toBe(2);
	});

	it('rolls back a failing transaction alone, keeping the others of its group', async () => {
		insert('kept');
		expect(() =>
			db.transaction(() => {
				db.prepare('INSERT INTO notes (text) VALUES (?)').run('rolled back');
				throw new Error('validation failed');
			})(),
		).toThrow('validation failed');
		insert('kept too');
		await new Promise<void>((resolve) => group.afterCommit(() => resolve()));
		expect(observer.prepare('SELECT text FROM notes ORDER BY id').pluck().all()).toEqual(['kept', 'kept too']);
	});

	it('calls back at once when nothing waits to be committed', () => {
		const calls: Array<Error | undefined> = [];
		group.afterCommit((error) => calls.push(error));
		expect(calls).toEqual([undefined]);
	});

	// PRAGMA synchronous reads 1 for NORMAL (no fsync at commit in WAL mode) and 2 for FULL.
	const synchronous = () => file.pragma('synchronous', { simple: true }) as number;

	it('commits a group of relaxed writes without an fsync, and durable ones with it', async () => {
		group.relaxed(() => insert('outcome'));
		expect(synchronous()).toBe(1);
		await new Promise<void>((resolve) => group.afterCommit(() => resolve()));
		expect(count(observer)).toBe(1);
		insert('event');
		expect(synchronous()).toBe(2);
		await new Promise<void>((resolve) => group.afterCommit(() => resolve()));
		expect(count(observer)).toBe(2);
	});

	it('commits an open relaxed group before a durable write starts, and calls its waiters back on a later turn', async () => {
		group.relaxed(() => insert('outcome'));
		const calls: Array<Error | undefined> = [];
		group.afterCommit((error) => calls.push(error));
		insert('event');
		// The relaxed write is committed on its own; the durable one waits for its own, FULL, commit.
		expect(count(observer)).toBe(1);
		expect(synchronous()).toBe(2);
		expect(calls).toEqual([]);
		await new Promise<void>((resolve) => group.afterCommit(() => resolve()));
		expect(calls).toEqual([undefined]);
		expect(count(observer)).toBe(2);
	});

	it('lets relaxed and nested writes join an open durable group, which commits with an fsync', async () => {
		insert('event');
		group.relaxed(() => db.transaction(() => insert('outcome and what it caused'))());
		expect(synchronous()).toBe(2);
		expect(count(observer)).toBe(0);
		await new Promise<void>((resolve) => group.afterCommit(() => resolve()));
		expect(count(observer)).toBe(2);
	});
});
