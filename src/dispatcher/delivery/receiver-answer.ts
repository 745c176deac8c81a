/**
 * A receiver's answer read for a person, with n8n's Chatwoot Trigger in mind: it answers
 * `200 {"message":"Workflow was started"}`, `200 {"message":"Ignored: <reason>"}` for what it filters out,
 * `401` when the signature check fails, and n8n answers `404` for a webhook path no active workflow (or
 * no test listener) holds.
 */
export type AnswerOutcome = 'started' | 'ignored' | 'delivered' | 'refused' | 'not_active' | 'failed' | 'unreachable';

export interface ReceiverAnswer {
	outcome: AnswerOutcome;
	summary: string;
}

function messageOf(body: string | null): string | undefined {
	if (!body) return undefined;
	try {
		const parsed = JSON.parse(body) as unknown;
		if (parsed && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string') {
			return (parsed as { message: string }).message;
		}
	} catch {
		// Not JSON: the text itself is the message when it is short enough to read.
	}
	const text = body.trim();
	return text && text.length <= 200 ? text : undefined;
}

export function readReceiverAnswer(statusCode: number | null, responseBody: string | null, error: string | null): ReceiverAnswer {
	if (statusCode === null) return { outcome: 'unreachable', summary: `No answer: ${error ?? 'the request failed'}` };
	const message = messageOf(responseBody);
	if (statusCode >= 200 && statusCode < 300) {
		if (error) return { outcome: 'failed', summary: `${statusCode}, but ${error}` };
		if (message === 'Workflow was started') return { outcome: 'started', summary: 'Workflow started' };
		if (message?.startsWith('Ignored:')) return { outcome: 'ignored', summary: message };
		return { outcome: 'delivered', summary: `${statusCode}: accepted${message ? ` (${message})` : ''}` };
	}
	if (statusCode === 401) return { outcome: 'refused', summary: `401: signature check failed${message ? `: ${message}` : ''}` };
	if (statusCode === 404) return { outcome: 'not_active', summary: '404: the workflow is not active or test listening has stopped' };
	return { outcome: 'failed', summary: `${statusCode}${message ? `: ${message}` : ''}${error && !message ? `: ${error}` : ''}` };
}
