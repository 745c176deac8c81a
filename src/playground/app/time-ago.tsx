/** A time shown as the browser's local time, with the exact ISO time on hover and for assistive tech. */
export function Time(props: { at: string | number | null }) {
	if (props.at === null) return <span>—</span>;
	const date = typeof props.at === 'number' ? new Date(props.at * 1000) : new Date(props.at);
	return (
		<time dateTime={date.toISOString()} title={date.toISOString()}>
			{date.toLocaleTimeString()}
		</time>
	);
}
