import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { ChatwootClient, forEachConcurrently } from './chatwoot-client';
import { CLI_PATH, freePort } from './dispatcher-process';
import { spawnReceiver } from './loopback-receiver';
import { messageData as benchEventData } from './message-payload';

async function main() {
	const receiver = await spawnReceiver();
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'prof-'));
	const args = [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/dprof'] : []), CLI_PATH, 'serve', '--db', join(dir, 'd.db'), '--port', String(port), '--token', 'tok', '--retry-schedule', '1s,2s,4s', '--timeout', '10s', '--quiet'];
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
	const url = `http://127.0.0.1:${port}`;
	for (;;) { try { const r = await request(`${url}/_dispatcher/health`); await r.body.dump(); break; } catch { await sleep(50); } }
	const client = new ChatwootClient(url, 'tok', 1, 8);
	for (let i = 0; i < 10; i++) await client.createWebhook(`${receiver.origin}/hook/${i}`, ['message_created']);
	const events = Number(process.env.EVENTS ?? 2000);
	const t0 = Date.now();
	await forEachConcurrently(events, 8, (seq) => client.emit('message_created', benchEventData(seq)));
	const emitMs = Date.now() - t0;
	await receiver.waitForUniquePairs(events * 10, 300000);
	const total = Date.now() - t0;
	console.log(`emit ${emitMs} ms (${(events / emitMs * 1000).toFixed(0)}/s), all ${total} ms, ${(events * 10 / total * 1000).toFixed(0)} deliveries/s`);
	await client.close();
	child.kill('SIGTERM');
	await new Promise((r) => child.once('exit', r));
	await receiver.close();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
