import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Client-side paths that match Chatwoot's own (`/app/accounts/1/conversations/7`), so a link a flow built
 * for real Chatwoot opens here too. The dispatcher answers every `/app/…` path with the page.
 */
const listeners = new Set<() => void>();

export function navigate(path: string): void {
	if (path === location.pathname + location.search) return;
	history.pushState(null, '', path);
	for (const listener of listeners) listener();
}

export function useLocation(): { path: string; query: URLSearchParams } {
	const [, setTick] = useState(0);
	useEffect(() => {
		const changed = () => setTick((tick) => tick + 1);
		listeners.add(changed);
		addEventListener('popstate', changed);
		return () => {
			listeners.delete(changed);
			removeEventListener('popstate', changed);
		};
	}, []);
	return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export function Link(props: { href: string; children: ComponentChildren; class?: string; current?: boolean }) {
	return (
		<a
			href={props.href}
			class={props.class}
			aria-current={props.current ? 'page' : undefined}
			onClick={(event) => {
				if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
				event.preventDefault();
				navigate(props.href);
			}}
		>
			{props.children}
		</a>
	);
}
