import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { messageBody } from '../../testkit/message-payload';
import { ChatwootApi } from '../../credentials/ChatwootApi.credentials';
import { ChatwootTrigger } from '../../nodes/ChatwootTrigger/ChatwootTrigger.node';
import { deliveryHeaders } from '../../src/protocol';
import { NodeUnderTest } from '../support/n8n/node-under-test';
import { parseRequest, ResponseAdapter, webhookContext } from '../support/n8n/webhook-context';
import { mutate, prng, type Header, type RawDelivery, type SignedDelivery } from './delivery-mutations';
import { SuiteLogs } from './suite-logs';

/**
 * 10 000 random mutations of a valid signed delivery, each sent over a real socket to a node:http server
 * that hands the request to the Chatwoot Trigger's own `webhook()` through the n8n harness, as n8n does
 * (raw body read, JSON parsed, live response). None may start a workflow. Unmutated deliveries are mixed
 * in as a control: each of them must start one, or the test would prove nothing.
 *
 * Reproduce a failure with FUZZ_SEED=<the seed printed in the failure> npx jest test/reliability/hostile.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const CONCURRENCY = 8;
const CONTROL_EVERY = 50;
const SECRET = 'fuzz-webhook-secret-9fQ2xLm7Rk4T';
const TOLERANCE_SECONDS = 300;

interface Outcome {
	started: boolean;
	status: number;
}

const logs = new SuiteLogs('hostile-deliveries');

let server: Server;
let port: number;
let subject: NodeUnderTest;
const outcomes = new Map<string, Outcome>();

beforeAll(async () => {
	subject = new NodeUnderTest({
		nodeType: new ChatwootTrigger(),
		parameters: { events: ['message_created'], options: { ignoreRepeatedDeliveries: false, toleranceSeconds: TOLERANCE_SECONDS } },
		credentialType: new ChatwootApi(),
		credentials: { baseUrl: 'http://127.0.0.1:9', accountId: 1, apiAccessToken: 'fuzz-api-token-never-sent-Yw8e' },
	});
	// With a webhook id, the first mismatch makes the trigger re-read the secret from Chatwoot (refused here:
	// nothing listens on port 9), so the healing path's failure is fuzzed too.
	const staticData: IDataObject = { webhookId: 7, webhookSecret: SECRET };
	server = createServer(async (incoming, outgoing) => {
		const caseId = String(incoming.headers['x-fuzz-case'] ?? '');
		try {
			const request = await parseRequest(incoming);
			const response = new ResponseAdapter(outgoing);
			const context = webhookContext(subject, { request, response, staticData, mode: 'webhook', n8nBaseUrl: 'http://127.0.0.1/' });
			const result = await subject.nodeType.webhook!.call(context);
			const started = Array.isArray(result.workflowData) && result.workflowData.some((items) => items.length > 0);
			if (!result.noWebhookResponse && !outgoing.writableEnded) response.json(result.webhookResponse ?? { message: 'Workflow was started' });
			outcomes.set(caseId, { started, status: outgoing.statusCode });
		} catch (error) {
			// A throw from webhook() is n8n's 500: no workflow starts, but it is worth seeing.
			logs.add('webhook() threw', (error as Error).message);
			outcomes.set(caseId, { started: false, status: 500 });
			if (!outgoing.headersSent) outgoing.writeHead(500);
			outgoing.end();
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

function signedDelivery(seq: number): SignedDelivery {
	const body = messageBody(seq);
	const timestamp = Math.floor(Date.now() / 1000);
	const headers = deliveryHeaders({ body, deliveryId: randomUUID(), secret: SECRET, timestamp });
	const list: Header[] = [
		['Content-Type', 'application/json'],
		['Accept', 'application/json'],
		['User-Agent', 'Chatwoot-Dispatcher'],
		...Object.entries(headers).map(([name, value]): Header => [name, value]),
	];
	return { headers: list, body, secret: SECRET, timestamp, signature: headers['X-Chatwoot-Signature'], toleranceSeconds: TOLERANCE_SECONDS };
}

/** Writes the request byte for byte (header names, order, repeats and spacing as given) and reads the answer. */
function send(caseId: string, delivery: RawDelivery): Promise<{ status: number; body: string }> {
	const head = [
		'POST /webhook/chatwoot HTTP/1.1',
		'Host: 127.0.0.1',
		...delivery.headers.map(([name, value]) => `${name}: ${value}`),
		`X-Fuzz-Case: ${caseId}`,
		`Content-Length: ${delivery.body.length}`,
		'Connection: close',
		'',
		'',
	].join('\r\n');
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1');
		const chunks: Buffer[] = [];
		socket.on('data', (chunk: Buffer) => chunks.push(chunk));
		socket.on('error', reject);
		socket.on('close', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
			resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
		});
		// Written, not ended: a half-close (FIN) right after the request makes node's HTTP server (n8n's, with
		// httpAllowHalfOpen off) abort the request and close the socket before an answer that waits on I/O,
		// such as the secret re-read, is written. Chatwoot's client keeps its side open until the answer.
		socket.write(Buffer.concat([Buffer.from(head, 'latin1'), delivery.body]));
	});
}

test(`${CASES} mutations of a signed delivery: none starts a workflow (seed ${SEED})`, async () => {
	const random = prng(SEED);
	const cases: Array<{ id: string; control: boolean; mutations: readonly string[]; request: RawDelivery }> = [];
	for (let index = 0; index < CASES; index++) {
		const original = signedDelivery(index);
		if (index % CONTROL_EVERY === 0) cases.push({ id: `control-${index}`, control: true, mutations: [], request: original });
		const generated = mutate(original, random);
		cases.push({ id: `case-${index}`, control: false, mutations: generated.mutations, request: generated.request });
	}

	const statuses = new Map<string, number>();
	const answers = new Set<string>();
	let next = 0;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < cases.length) {
				const item = cases[next++];
				const answer = await send(item.id, item.request);
				statuses.set(item.id, answer.status);
				answers.add(`${answer.status} ${answer.body}`);
			}
		}),
	);
	for (const answer of answers) logs.add('trigger answer', answer);

	const controls = cases.filter((item) => item.control);
	const controlsStarted = controls.filter((item) => outcomes.get(item.id)?.started).length;
	const started = cases.filter((item) => !item.control && outcomes.get(item.id)?.started);
	const byStatus: Record<string, number> = {};
	for (const item of cases) if (!item.control) byStatus[statuses.get(item.id) ?? 0] = (byStatus[statuses.get(item.id) ?? 0] ?? 0) + 1;
	const report = started
		.slice(0, 5)
		.map((item) => `${item.id}: ${item.mutations.join(' + ')}\n  ${JSON.stringify(item.request.headers)}\n  ${item.request.body.toString('utf8').slice(0, 200)}`)
		.join('\n');

	expect({ seed: SEED, controlsStarted }).toEqual({ seed: SEED, controlsStarted: controls.length });
	expect({ seed: SEED, mutatedStarted: started.length, firstOffenders: report }).toEqual({ seed: SEED, mutatedStarted: 0, firstOffenders: '' });
	// Every mutated request got an answer, and none of them a 2xx from a started workflow.
	expect({ seed: SEED, unanswered: byStatus['0'] ?? 0 }).toEqual({ seed: SEED, unanswered: 0 });
	for (const line of subject.logger.messages()) logs.add('n8n logger', line);
}, 240_000);

test('no log line of this file contains the webhook secret or the API token', () => {
	logs.expectNoSecrets([SECRET, 'fuzz-api-token-never-sent-Yw8e']);
});
