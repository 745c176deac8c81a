import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { MAX_REDIRECTS, WebhookSender } from '../../../src/dispatcher/delivery/webhook-sender';
import { RESPONSE_BODY_LIMIT_BYTES } from '../../../src/dispatcher/store/delivery-store';
import { startWebhookReceiver, type WebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';

describe('WebhookSender', () => {
	let receiver: WebhookReceiver;
	let sender: WebhookSender;
	const body = '{"id":1,"event":"message_created"}';
	const deliveryId = '6f1c3f0e-8a4b-4c2d-9e1f-0a1b2c3d4e5f';
	const secret = 'the-webhook-secret';

	beforeEach(async () => {
		receiver = await startWebhookReceiver();
		receiver.setSecret(secret);
		sender = new WebhookSender();
	});
	afterEach(async () => {
		await sender.close();
		await receiver.close();
	});

	it('times out a receiver that never answers', async () => {
		receiver.replyWith(() => 'hang');
		const result = await sender.send({ url: `${receiver.url}/hang`, body, deliveryId, secret, timeoutMs: 300 });
		expect(result.statusCode).toBeNull();
		expect(result.error).toBe('Timed out after 300ms');
		expect(result.abandoned).toBe(false);
	});

	it('times out a receiver that sends its headers but never finishes the body', async () => {
		const server: Server = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/plain' });
			res.write('partial');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			const result = await sender.send({ url: `http://127.0.0.1:${port}/`, body, deliveryId, secret, timeoutMs: 300 });
			expect(result.statusCode).toBe(200);
			expect(result.error).toBe('Timed out after 300ms reading the response body');
		} finally {
			server.closeAllConnections();
			server.close();
		}
	});

	it.each([301, 302, 303, 307, 308])('follows a %i redirect keeping POST, the body and the signature headers', async (status) => {
		receiver.replyWith((request) =>
			request.path === '/start' ? { status, headers: { location: '/middle' } } :
			request.path === '/middle' ? { status, headers: { location: `${receiver.url}/final` } } :
			{ status: 200, body: 'done' },
		);
		const result = await sender.send({ url: `${receiver.url}/start`, body, deliveryId, secret, timeoutMs: 2_000 });
		expect(result.error).toBeNull();
		expect(result.statusCode).toBe(200);
		expect(result.responseBody).toBe('done');
		expect(result.redirects).toEqual([`${receiver.url}/middle`, `${receiver.url}/final`]);
		const [final] = receiver.at('/final');
		expect(final.method).toBe('POST');
		expect(final.rawBody).toBe(body);
		expect(final.deliveryId).toBe(deliveryId);
		expect(final.signatureValid).toBe(true);
	});

	it(`follows ${MAX_REDIRECTS} redirects and fails on the next one`, async () => {
		receiver.replyWith((request) => {
			const hop = Number(request.path.split('/')[2]);
			return hop === MAX_REDIRECTS ? { status: 200 } : { status: 302, headers: { location: `/hop/${hop + 1}` } };
		});
		const ten = await sender.send({ url: `${receiver.url}/hop/0`, body, deliveryId, secret, timeoutMs: 2_000 });
		expect(ten.error).toBeNull();
		expect(ten.redirects).toHaveLength(MAX_REDIRECTS);

		receiver.replyWith((request) => ({ status: 307, headers: { location: `${request.path}x` } }));
		const eleven = await sender.send({ url: `${receiver.url}/loop`, body, deliveryId, secret, timeoutMs: 2_000 });
		expect(eleven.statusCode).toBeNull();
		expect(eleven.error).toBe(`Too many redirects: more than ${MAX_REDIRECTS}`);
		expect(eleven.redirects).toHaveLength(MAX_REDIRECTS);
		expect(receiver.at().filter((request) => request.path.startsWith('/loop'))).toHaveLength(MAX_REDIRECTS + 1);
	});

	it('keeps at most 20 KB of a response body and says it cut it', async () => {
		const large = 'x'.repeat(RESPONSE_BODY_LIMIT_BYTES * 3);
		receiver.replyWith(() => ({ status: 500, body: large }));
		const result = await sender.send({ url: `${receiver.url}/large`, body, deliveryId, secret, timeoutMs: 2_000 });
		expect(result.statusCode).toBe(500);
		expect(result.responseBody).toHaveLength(RESPONSE_BODY_LIMIT_BYTES);
		expect(result.responseBodyTruncated).toBe(true);

		receiver.replyWith(() => ({ status: 200, body: 'small' }));
		const small = await sender.send({ url: `${receiver.url}/small`, body, deliveryId, secret, timeoutMs: 2_000 });
		expect(small.responseBody).toBe('small');
		expect(small.responseBodyTruncated).toBe(false);
	});

	it('drops the connection of a receiver that streams far more than it may keep', async () => {
		const server: Server = createServer((_req, res) => {
			res.writeHead(200);
			const chunk = Buffer.alloc(64 * 1024, 'y');
			const pump = () => {
				while (res.write(chunk)) {
					/* keep writing until the socket pushes back */
				}
			};
			res.on('drain', pump);
			pump();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			const result = await sender.send({ url: `http://127.0.0.1:${port}/`, body, deliveryId, secret, timeoutMs: 10_000 });
			expect(result.error).toBeNull();
			expect(result.statusCode).toBe(200);
			expect(result.responseBody).toHaveLength(RESPONSE_BODY_LIMIT_BYTES);
			expect(result.responseBodyTruncated).toBe(true);
		} finally {
			server.closeAllConnections();
			server.close();
		}
	});

	it('abandons the attempts in flight on shutdown, without blaming the receiver', async () => {
		receiver.replyWith(() => 'hang');
		const sending = sender.send({ url: `${receiver.url}/hang`, body, deliveryId, secret, timeoutMs: 30_000 });
		await waitFor(() => receiver.received.length === 1);
		sender.abandonAll();
		const result = await sending;
		expect(result.abandoned).toBe(true);
		expect(result.error).toBe('The dispatcher stopped before the attempt finished');
	});
});
