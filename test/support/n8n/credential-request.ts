import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

import {
	Expression,
	NodeApiError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

/**
 * What n8n's `helpers.httpRequestWithAuthentication` does, over real sockets: resolve the credential's
 * `authenticate` expressions with n8n's own expression engine, send the request, parse JSON, and throw a
 * `NodeApiError` around an axios-shaped error on a non-2xx answer, a network failure or a timeout —
 * the shapes a node meets inside n8n (n8n-core `request-helper-functions`).
 */

/** Named like axios' class: NodeApiError reads the status from errors whose constructor is `AxiosError`. */
export class AxiosError extends Error {
	readonly isAxiosError = true;
	constructor(
		message: string,
		readonly code: string | undefined,
		readonly response?: { status: number; statusText: string; data: unknown; headers: IncomingHttpHeaders },
	) {
		super(message);
	}
}

export interface RawResponse {
	readonly statusCode: number;
	readonly statusMessage: string;
	readonly headers: IncomingHttpHeaders;
	readonly body: unknown;
}

function resolve(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return Expression.resolveWithoutWorkflow(value.slice(1), { $credentials: credentials });
}

function resolveAll(values: IDataObject | undefined, credentials: ICredentialDataDecryptedObject): IDataObject {
	const resolved: IDataObject = {};
	for (const [key, value] of Object.entries(values ?? {})) resolved[key] = resolve(value, credentials) as IDataObject[string];
	return resolved;
}

/** Applies an `IAuthenticateGeneric` definition as n8n's CredentialsHelper does. */
export function applyAuthentication(
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): IHttpRequestOptions {
	const authenticate = credentialType.authenticate;
	if (!authenticate) return options;
	if (typeof authenticate === 'function') throw new Error('The test harness only applies generic authentication');
	const { headers, qs, body } = authenticate.properties;
	return {
		...options,
		headers: { ...(options.headers ?? {}), ...resolveAll(headers, credentials) },
		qs: { ...(options.qs ?? {}), ...resolveAll(qs, credentials) },
		...(body ? { body: { ...((options.body as IDataObject) ?? {}), ...resolveAll(body, credentials) } } : {}),
	};
}

function fullUrl(options: IHttpRequestOptions): URL {
	const url = new URL(options.baseURL ? `${options.baseURL.replace(/\/+$/, '')}/${options.url.replace(/^\/+/, '')}` : options.url);
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
	}
	return url;
}

function parseBody(text: string): unknown {
	if (text === '') return '';
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** One HTTP exchange; rejects only when no response came back. */
export function send(options: IHttpRequestOptions): Promise<RawResponse> {
	const url = fullUrl(options);
	const headers: Record<string, string> = { accept: 'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7' };
	for (const [key, value] of Object.entries(options.headers ?? {})) headers[key.toLowerCase()] = String(value);
	let payload: Buffer | undefined;
	if (options.body !== undefined && options.body !== null && options.body !== '') {
		payload = Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body), 'utf8');
		headers['content-type'] ??= 'application/json';
		headers['content-length'] = String(payload.length);
	}
	const requestFunction = url.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolvePromise, reject) => {
		const request = requestFunction(url, { method: options.method ?? 'GET', headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () =>
				resolvePromise({
					statusCode: response.statusCode ?? 0,
					statusMessage: response.statusMessage ?? '',
					headers: response.headers,
					body: parseBody(Buffer.concat(chunks).toString('utf8')),
				}),
			);
		});
		if (options.timeout) {
			request.setTimeout(options.timeout, () =>
				request.destroy(new AxiosError(`timeout of ${options.timeout}ms exceeded`, 'ECONNABORTED')),
			);
		}
		request.on('error', (error: Error & { code?: string }) =>
			reject(error instanceof AxiosError ? error : new AxiosError(error.message, error.code)),
		);
		request.end(payload);
	});
}

/** `helpers.httpRequestWithAuthentication` for one node and one credential. */
export async function requestWithAuthentication(
	node: INode,
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<unknown> {
	try {
		const response = await send(applyAuthentication(credentialType, credentials, options));
		const ok = response.statusCode >= 200 && response.statusCode < 300;
		if (!ok && !options.ignoreHttpStatusErrors) {
			throw new AxiosError(`Request failed with status code ${response.statusCode}`, response.statusCode >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST', {
				status: response.statusCode,
				statusText: response.statusMessage,
				data: response.body,
				headers: response.headers,
			});
		}
		return options.returnFullResponse ? response : response.body;
	} catch (error) {
		throw new NodeApiError(node, error as JsonObject);
	}
}

export interface CredentialTestResult {
	readonly status: 'OK' | 'Error';
	readonly message: string;
}

/** What n8n's credentials tester does with `ICredentialType.test`, including its `responseCode` rules. */
export async function testCredential(
	node: INode,
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const test = credentialType.test;
	if (!test) throw new Error(`${credentialType.name} has no test`);
	const request = test.request;
	const options: IHttpRequestOptions = {
		method: request.method ?? 'GET',
		url: String(resolve(request.url ?? '', credentials)),
		...(request.baseURL ? { baseURL: String(resolve(request.baseURL, credentials)) } : {}),
		json: true,
	};
	try {
		await requestWithAuthentication(node, credentialType, credentials, options);
	} catch (error) {
		// n8n-workflow 2.10's NodeApiError keeps the status in `httpCode` (its class field shadows `cause`).
		const status = Number((error as NodeApiError).httpCode);
		if (Number.isInteger(status) && status >= 100) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: String(rule.properties.message) };
				}
			}
			return { status: 'Error', message: `Received HTTP status code: ${status}` };
		}
		return { status: 'Error', message: (error as Error).message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
