import { openDatabase } from '../../../src/dispatcher/store/database';
import { cachingStatements } from '../../../src/dispatcher/store/statement-cache';

describe('prepared statements cached per SQL text', () => {
	const raw = openDatabase(':memory:');
	const db = cachingStatements(raw);
	raw.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
	afterAll(() => raw.close());

	it('compiles a SQL text once and hands out the same statement again', () => {
		const first = db.prepare('INSERT INTO items (name) VALUES (?)');
		first.run('a');
		const second = db.prepare('INSERT INTO items (name) VALUES (?)');
		expect(second).toBe(first);
		second.run('b');
		expect(raw.prepare('SELECT count(*) FROM items').pluck().get()).toBe(2);
	});

	it("resets one caller's pluck, raw or expand before the next caller gets the statement", () => {
		const sql = 'SELECT id, name FROM items WHERE name = ?';
		expect(db.prepare(sql).pluck().get('a')).toBe(1);
		expect(db.prepare(sql).get('a')).toEqual({ id: 1, name: 'a' });
		expect(db.prepare(sql).raw().get('b')).toEqual([2, 'b']);
		expect(db.prepare(sql).get('b')).toEqual({ id: 2, name: 'b' });
		expect(db.prepare(sql).expand().get('b')).toEqual({ items: { id: 2, name: 'b' } });
		expect(db.prepare(sql).all('a')).toEqual([{ id: 1, name: 'a' }]);
	});

	it('passes everything else through to the database (transactions included)', () => {
		const insertTwo = db.transaction(() => {
			db.prepare('INSERT INTO items (name) VALUES (?)').run('c');
			db.prepare('INSERT INTO items (name) VALUES (?)').run('d');
		});
		insertTwo();
		expect(db.inTransaction).toBe(false);
		expect(db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(4);
	});
});
