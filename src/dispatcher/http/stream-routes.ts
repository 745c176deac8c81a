import express, { type Router } from 'express';

import type { LiveFeed } from './live-feed';

/**
 * `GET /_dispatcher/stream`: server-sent events of what changes (see live-feed.ts), so that a page shows
 * deliveries and conversations as they happen without asking again and again. Behind the administrator's
 * token like the rest of `/_dispatcher`, sent as a header (a client reads it with fetch; EventSource
 * cannot send headers, and a token in the query string would end up in logs).
 */
export function streamRoutes(feed: LiveFeed): Router {
	const router = express.Router();
	router.get('/stream', (_req, res) => feed.subscribe(res));
	return router;
}
