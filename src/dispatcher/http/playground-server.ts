import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

import type { PlaygroundAsset, PlaygroundFile } from './playground-assets';

/**
 * The playground's own port: the page for `/` and every `/app/…` path (Chatwoot's paths, so its links
 * open here), its two assets under `/assets/`, and the dispatcher's API on the same origin (`/api/…`,
 * `/_dispatcher/…`, answered by the very same handler as on the API port), so the page needs no CORS and
 * its calls are the API's calls. Nothing is fetched from anywhere else; the CSP says so to the browser.
 */
const SECURITY_HEADERS = {
	'content-security-policy':
		"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	'referrer-policy': 'no-referrer',
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
};

const NOT_BUILT = `The playground was not built into this package. From the repository run: npm run build:playground
The dispatcher's API works without it.`;

function send(req: IncomingMessage, res: ServerResponse, asset: PlaygroundAsset): void {
	const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
	const body = gzip ? asset.gzip : asset.raw;
	res.writeHead(200, {
		...SECURITY_HEADERS,
		'content-type': asset.contentType,
		'content-length': body.length,
		'cache-control': 'no-cache',
		vary: 'accept-encoding',
		...(gzip ? { 'content-encoding': 'gzip' } : {}),
	});
	res.end(req.method === 'HEAD' ? undefined : body);
}

function plain(res: ServerResponse, status: number, text: string): void {
	res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
	res.end(text);
}

export function playgroundListener(assets: ReadonlyMap<PlaygroundFile, PlaygroundAsset> | undefined, api: RequestListener): RequestListener {
	return (req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (path.startsWith('/api/') || path === '/_dispatcher' || path.startsWith('/_dispatcher/')) return api(req, res);
		if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method Not Allowed');
		if (!assets) return plain(res, 503, NOT_BUILT);
		if (path === '/assets/app.js') return send(req, res, assets.get('app.js') as PlaygroundAsset);
		if (path === '/assets/app.css') return send(req, res, assets.get('app.css') as PlaygroundAsset);
		if (path === '/' || path === '/app' || path.startsWith('/app/')) return send(req, res, assets.get('index.html') as PlaygroundAsset);
		plain(res, 404, 'Not Found');
	};
}

/**
 * On the API's port, a browser's `GET /` and `GET /app/…` go to the same path on the playground's port: a
 * link a flow built from the credential's Base URL for real Chatwoot (`<Base URL>/app/accounts/1/
 * conversations/7`, as the CRM example makes) opens the conversation's page.
 */
export function redirectingToPlayground(playgroundUrl: () => string | null, api: RequestListener): RequestListener {
	return (req, res) => {
		const target = playgroundUrl();
		const url = req.url ?? '/';
		const path = url.split('?')[0];
		if (target && (req.method === 'GET' || req.method === 'HEAD') && (path === '/' || path === '/app' || path.startsWith('/app/'))) {
			res.writeHead(302, { location: target + url, 'content-type': 'text/plain; charset=utf-8' });
			res.end(`The playground is at ${target}${url}`);
			return;
		}
		api(req, res);
	};
}
