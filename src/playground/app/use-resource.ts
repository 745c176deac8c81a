import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

import { onLive, type LiveNotice } from './live-feed';

export interface Resource<T> {
	data: T | undefined;
	error: string | undefined;
	reload: () => void;
}

/** Loads what a view shows from the API; the latest answer wins when loads overlap. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[]): Resource<T> {
	const [data, setData] = useState<T | undefined>(undefined);
	const [error, setError] = useState<string | undefined>(undefined);
	const generation = useRef(0);
	const reload = useCallback(() => {
		const mine = ++generation.current;
		load().then(
			(value) => {
				if (mine !== generation.current) return;
				setData(value);
				setError(undefined);
			},
			(failure: Error) => {
				if (mine === generation.current) setError(failure.message);
			},
		);
	}, deps);
	useEffect(reload, [reload]);
	return { data, error, reload };
}

/**
 * Reloads when the live feed reports a change the view cares about, and after each (re)connection of the
 * feed. Notices that arrive together (a delivery and its attempt, a message and its conversation) cause
 * one reload, not one each.
 */
export function useLiveReload(reload: () => void, matches: (notice: LiveNotice) => boolean): void {
	// Read through refs and subscribed once: views pass a new `reload` on every render, and re-subscribing
	// on each render would cancel a pending reload whenever anything re-rendered within its 100 ms.
	const latest = useRef({ reload, matches });
	latest.current = { reload, matches };
	useEffect(() => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const off = onLive((notice) => {
			if ((notice.type !== 'resync' && !latest.current.matches(notice)) || timer) return;
			timer = setTimeout(() => {
				timer = undefined;
				latest.current.reload();
			}, 100);
		});
		return () => {
			off();
			clearTimeout(timer);
		};
	}, []);
}
