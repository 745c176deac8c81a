/**
 * Whether Chatwoot can plausibly deliver to this n8n webhook URL. Chatwoot accepts any http(s) URL when
 * the webhook is saved and only fails at delivery time, silently (no retry, no log the user can see), so
 * the trigger warns on activation instead of leaving the user with a workflow that never starts:
 *
 * - `localhost` on Chatwoot's server is Chatwoot itself, never this n8n;
 * - Chatwoot 4.14 and later refuse private, loopback, link-local and CGNAT targets unless the whole
 *   instance runs with `SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true` (`lib/safe_fetch`, #14548).
 *
 * When Chatwoot itself is on a loopback address (a local Chatwoot or the bundled dispatcher, both on this
 * machine) a local n8n URL is exactly right, so nothing is said.
 */
type HostKind = 'loopback' | 'private' | 'public';

function ipv4Kind(host: string): HostKind | undefined {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!match) return undefined;
	const [a, b] = [Number(match[1]), Number(match[2])];
	if (a === 127 || a === 0) return 'loopback';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
	if ((a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'private';
	return 'public';
}

function ipv6Kind(host: string): HostKind | undefined {
	if (!host.includes(':')) return undefined;
	const address = host.toLowerCase();
	if (address === '::1' || address === '::') return 'loopback';
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
	if (mapped) return ipv4Kind(mapped[1]);
	if (/^f[cd]/.test(address) || /^fe[89ab]/.test(address)) return 'private';
	return 'public';
}

export function hostKind(url: string): HostKind | undefined {
	let host: string;
	try {
		host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
	} catch {
		return undefined;
	}
	if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
	const ip = ipv4Kind(host) ?? ipv6Kind(host);
	if (ip) return ip;
	// A single-label name ("n8n", a Docker service) or a LAN suffix resolves to a private address.
	if (!host.includes('.') || /\.(local|lan|internal|home\.arpa)$/.test(host)) return 'private';
	return 'public';
}

export function reachabilityHint(webhookUrl: string, chatwootBaseUrl: string): string | undefined {
	const target = hostKind(webhookUrl);
	const chatwoot = hostKind(chatwootBaseUrl);
	if (target === undefined || target === 'public' || chatwoot === 'loopback') return undefined;

	const privateNetwork =
		'Chatwoot 4.14 and later also refuse to deliver to private network addresses unless Chatwoot runs with SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true.';
	if (target === 'loopback') {
		return `Chatwoot at ${chatwootBaseUrl} cannot reach this n8n at ${webhookUrl}: "localhost" on Chatwoot's server is Chatwoot itself. Set n8n's WEBHOOK_URL (N8N_WEBHOOK_URL) to an address Chatwoot can reach. ${privateNetwork}`;
	}
	return `Chatwoot at ${chatwootBaseUrl} is asked to deliver to a private network address (${webhookUrl}). ${privateNetwork} Chatwoot Cloud cannot reach private addresses at all.`;
}
