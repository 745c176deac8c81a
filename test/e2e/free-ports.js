// Prints N distinct free TCP ports on 127.0.0.1, one per line (all held open until every one is chosen,
// so they cannot repeat). Usage: node test/e2e/free-ports.js 4
'use strict';
const net = require('node:net');

const count = Number(process.argv[2] || 1);
const servers = [];
const listenOne = () =>
	new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server));
	});

(async () => {
	for (let i = 0; i < count; i++) servers.push(await listenOne());
	const ports = servers.map((s) => s.address().port);
	await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
	process.stdout.write(ports.join('\n') + '\n');
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
