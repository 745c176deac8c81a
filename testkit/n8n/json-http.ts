/** A JSON-over-HTTP call that never throws on a status code, so checks can assert on 401s and 404s. */
export interface JsonResponse<T = unknown> {
	readonly status: number;
	readonly body: T;
	readonly text: string;
}

export interface JsonRequest {
	readonly method?: string;
	readonly headers?: Record<string, string>;
	/** Sent as JSON unless it is already a string (then sent as is, byte for byte). */
	readonly body?: unknown;
}

export async function requestJson<T = unknown>(url: string, request: JsonRequest = {}): Promise<JsonResponse<T>> {
	const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
	let body: string | undefined;
	if (request.body !== undefined) {
		body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
		headers['content-type'] ??= 'application/json';
	}
	const response = await fetch(url, { method: request.method ?? 'GET', headers, body, signal: AbortSignal.timeout(60_000) });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		// not JSON: keep the text
	}
	return { status: response.status, body: parsed as T, text };
}

/** Like requestJson, but a non-2xx status is an error that shows the response. */
export async function expectOk<T = unknown>(what: string, url: string, request: JsonRequest = {}): Promise<T> {
	const response = await requestJson<T>(url, request);
	if (response.status < 200 || response.status > 299) {
		throw new Error(`${what}: ${request.method ?? 'GET'} ${url} answered ${response.status}: ${response.text.slice(0, 500)}`);
	}
	return response.body;
}
