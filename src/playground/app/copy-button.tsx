import { useState } from 'preact/hooks';

/** Copies a value and says so where screen readers hear it. */
export function CopyButton(props: { value: string | (() => Promise<string>); label: string }) {
	const [said, setSaid] = useState('');
	const copy = async () => {
		try {
			const text = typeof props.value === 'string' ? props.value : await props.value();
			await navigator.clipboard.writeText(text);
			setSaid('Copied');
		} catch (error) {
			setSaid(`Could not copy: ${(error as Error).message}`);
		}
		setTimeout(() => setSaid(''), 2500);
	};
	return (
		<span class="copy">
			<button type="button" class="secondary" onClick={copy}>
				{props.label}
			</button>
			<span role="status" class="quiet">
				{said}
			</span>
		</span>
	);
}
