/**
 * The access token the page signs in with. It arrives typed into the sign-in form or in the URL fragment
 * (`#token=…`, which browsers never send to a server), is kept in localStorage (so links opened in new tabs, such as those `emit` prints, work), and
 * the fragment is wiped from the address bar and history at once.
 */
const KEY = 'chatwoot-dispatcher-token';

export function tokenFromFragment(): string | undefined {
	const fragment = new URLSearchParams(location.hash.slice(1));
	const token = fragment.get('token');
	if (token === null) return undefined;
	fragment.delete('token');
	const rest = fragment.toString();
	history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
	return token || undefined;
}

export function storedToken(): string | undefined {
	return localStorage.getItem(KEY) ?? undefined;
}

export function keepToken(token: string): void {
	localStorage.setItem(KEY, token);
}

export function forgetToken(): void {
	localStorage.removeItem(KEY);
}
