/** An API refusal or failure, shown where it happened and announced to screen readers. */
export function Problem(props: { message: string | undefined }) {
	if (!props.message) return null;
	return (
		<p role="alert" class="problem">
			{props.message}
		</p>
	);
}
