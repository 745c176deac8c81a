import type { Response } from 'express';

import { serializePayload } from '../../protocol';

/**
 * Rails' `render json:` escapes `<`, `>` and `&` like `to_json` does, so API answers carry the same bytes
 * as Chatwoot's (a URL with `&` in a query string comes back as `\u0026`).
 */
export function sendJson(res: Response, status: number, body: unknown): void {
	res.status(status).type('application/json; charset=utf-8').send(serializePayload(body));
}
