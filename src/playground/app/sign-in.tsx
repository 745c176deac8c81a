import { useState } from 'preact/hooks';

import { Problem } from './problem';

/** The page asks for the administrator's access token, the one n8n's Chatwoot credential uses. */
export function SignIn(props: { checking: boolean; problem: string | undefined; onToken: (token: string) => void }) {
	const [token, setToken] = useState('');
	return (
		<main class="sign-in" id="main">
			<h1>Chatwoot dispatcher playground</h1>
			<form
				onSubmit={(event) => {
					event.preventDefault();
					if (token.trim()) props.onToken(token.trim());
				}}
			>
				<label for="token">Access token</label>
				<input id="token" type="password" autoComplete="off" value={token} onInput={(event) => setToken(event.currentTarget.value)} required />
				<p class="hint">
					The administrator's api_access_token: <code>chatwoot-dispatcher serve</code> prints it, and prints a link that signs
					this page in.
				</p>
				<button type="submit" disabled={props.checking}>
					{props.checking ? 'Signing in…' : 'Sign in'}
				</button>
				<Problem message={props.problem} />
			</form>
		</main>
	);
}
