import { storedToken } from './session';

/**
 * One server-sent-event stream (`GET /_dispatcher/stream`) shared by every view. It is read with fetch,
 * not EventSource, because EventSource cannot send the `api_access_token` header and the token must not
 * travel in a query string. Views get `delivery` and `conversation` notices and fetch what they show.
 */
export interface LiveNotice {
	/** `resync` follows each (re)connection: notices may have been missed, so every view reloads. */
	type: 'delivery' | 'conversation' | 'resync';
	data: { id: string | number | null; account_id?: number; conversation_id?: number | null; event?: string; status?: string };
}

type Listener = (notice: LiveNotice) => void;
type StatusListener = (connected: boolean) => void;

const listeners = new Set<Listener>();
const statusListeners = new Set<StatusListener>();
let controller: AbortController | undefined;
let connected = false;

function setConnected(value: boolean): void {
	connected = value;
	for (const listener of statusListeners) listener(value);
	if (value) for (const listener of listeners) listener({ type: 'resync', data: { id: null } });
}

function dispatch(frame: string): void {
	let type = 'message';
	let data = '';
	for (const line of frame.split('\n')) {
		if (line.startsWith('event:')) type = line.slice(6).trim();
		else if (line.startsWith('data:')) data += line.slice(5).trim();
	}
	if ((type !== 'delivery' && type !== 'conversation') || !data) return;
	const notice = { type, data: JSON.parse(data) } as LiveNotice;
	for (const listener of listeners) listener(notice);
}

async function run(signal: AbortSignal): Promise<void> {
	let delay = 500;
	while (!signal.aborted) {
		try {
			const response = await fetch('/_dispatcher/stream', {
				headers: { accept: 'text/event-stream', api_access_token: storedToken() ?? '' },
				signal,
			});
			if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
			setConnected(true);
			delay = 500;
			const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
			let buffer = '';
			for (;;) {
				const { value, done } = await reader.read();
				if (done) break;
				buffer += value;
				let end: number;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					dispatch(buffer.slice(0, end));
					buffer = buffer.slice(end + 2);
				}
			}
		} catch {
			// Reconnect below; an aborted stream ends the loop.
		}
		setConnected(false);
		if (signal.aborted) return;
		await new Promise((resolve) => setTimeout(resolve, delay));
		delay = Math.min(delay * 2, 10_000);
	}
}

export function startLiveFeed(): void {
	if (controller) return;
	controller = new AbortController();
	void run(controller.signal);
}

export function stopLiveFeed(): void {
	controller?.abort();
	controller = undefined;
}

export function onLive(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

export function onLiveStatus(listener: StatusListener): () => void {
	statusListeners.add(listener);
	listener(connected);
	return () => statusListeners.delete(listener);
}
