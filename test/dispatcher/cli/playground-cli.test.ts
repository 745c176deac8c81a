import { startTestDispatcher, TEST_TOKEN } from '../../support/dispatcher';
import { startWebhookReceiver } from '../../../testkit/webhook-receiver';
import { waitFor } from '../../../testkit/wait-for';
import { runCliToEnd, startServe } from './cli-process';

/** The CLI and the playground: the banner's sign-in address, turning it off, and `emit` naming each delivery's page. */
describe('chatwoot-dispatcher and its playground', () => {
	it('serve prints the playground address with the generated token in the fragment, and serves the API there', async () => {
		const serve = await startServe(['--db', ':memory:', '--port', '0']);
		try {
			const line = await waitFor(() => serve.stdout.find((text) => text.includes('playground: ')), { message: serve.output });
			const match = /playground: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+) {3}\(this link signs the page in\)$/.exec(line);
			expect(match).not.toBeNull();
			const [, address, token] = match!;
			expect(address).not.toBe(serve.url);
			const connection = await fetch(`${address}/_dispatcher/connection`, { headers: { api_access_token: decodeURIComponent(token) } });
			expect(connection.status).toBe(200);
			expect(await connection.json()).toMatchObject({ payload: { base_url: serve.url, playground_url: address } });
			// Only the credential line and the sign-in link carry the token; no query string ever does.
			expect(serve.stdout.filter((text) => text.includes(token))).toHaveLength(2);
			expect(serve.stdout.join('\n')).not.toMatch(/[?&]token=/);
		} finally {
			serve.child.kill('SIGINT');
			await serve.exited;
		}
	});

	it('serve with a token from the environment prints the address without it; --no-playground prints none', async () => {
		const given = await startServe(['--db', ':memory:', '--port', '0'], { CHATWOOT_DISPATCHER_TOKEN: 'from-the-environment' });
		const off = await startServe(['--db', ':memory:', '--port', '0', '--no-playground']);
		try {
			const line = await waitFor(() => given.stdout.find((text) => text.includes('playground: ')), { message: given.output });
			expect(line).toMatch(/playground: http:\/\/127\.0\.0\.1:\d+\/ {3}\(sign in with the token given with \$CHATWOOT_DISPATCHER_TOKEN\)$/);
			await waitFor(() => off.stdout.some((text) => text.includes('Ctrl+C stops it.')), { message: off.output });
			expect(off.stdout.join('\n')).not.toContain('playground');
			const connection = await fetch(`${off.url}/_dispatcher/connection`, { headers: { api_access_token: /Access Token (\S+)/.exec(off.stdout.join('\n'))![1] } });
			expect(((await connection.json()) as { payload: { playground_url: unknown } }).payload.playground_url).toBeNull();
		} finally {
			given.child.kill('SIGINT');
			off.child.kill('SIGINT');
			await Promise.all([given.exited, off.exited]);
		}
	});

	it('refuses --playground-port together with --no-playground', async () => {
		const { code, stderr } = await runCliToEnd(['serve', '--no-playground', '--playground-port', '4000']);
		expect(code).toBe(2);
		expect(stderr).toContain('--playground-port and --no-playground contradict each other');
	});

	it('emit prints the playground page of each delivery', async () => {
		const dispatcher = await startTestDispatcher({ playground: { port: 0 } });
		const receiver = await startWebhookReceiver();
		try {
			await dispatcher.createWebhook(`${receiver.url}/hook`, ['contact_created']);
			await dispatcher.createWebhook(`${receiver.url}/other`, ['contact_created']);
			const { code, stdout } = await runCliToEnd(['emit', 'contact_created', '--url', dispatcher.url], { CHATWOOT_DISPATCHER_TOKEN: TEST_TOKEN });
			expect(code).toBe(0);
			const pages = [...stdout.matchAll(/^ {2}([0-9a-f-]{36}) {2}(\S+)$/gm)];
			expect(pages).toHaveLength(2);
			for (const [, id, page] of pages) expect(page).toBe(`${dispatcher.playgroundUrl}/app/deliveries/${id}`);
		} finally {
			await dispatcher.close();
			await receiver.close();
		}
	});
});
