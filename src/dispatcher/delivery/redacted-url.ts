/**
 * A webhook URL as the delivery log and the console may show it: credentials in the userinfo part
 * (`https://user:password@host/...`) are the one place a URL reliably carries a secret.
 */
export function redactedUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (!parsed.username && !parsed.password) return url;
		parsed.username = parsed.username ? '***' : '';
		parsed.password = parsed.password ? '***' : '';
		return parsed.href;
	} catch {
		return url;
	}
}
