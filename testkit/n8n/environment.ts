/**
 * What test/e2e/run.sh tells the checks: where n8n and the dispatcher listen, and how to reach them.
 * Running the *.e2e.ts files any other way (plain `jest`, an IDE) fails here with a pointer to run.sh.
 */
export interface E2eEnvironment {
	/** n8n's base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
	readonly n8nUrl: string;
	/** An API key for n8n's public API, with every scope the owner may grant. */
	readonly n8nApiKey: string;
	/** test/e2e/n8n.sh, to restart n8n in the middle of the suite. */
	readonly n8nControl: string;
	/** The dispatcher ("Chatwoot") base URL, no trailing slash. */
	readonly dispatcherUrl: string;
	/** The dispatcher's API access token (what goes into the chatwootApi credential). */
	readonly dispatcherToken: string;
	/** Where logs and databases of this run live. */
	readonly runDirectory: string;
	/** The n8n owner, for the one call the public API lacks (a manual run). */
	readonly ownerEmail: string;
	readonly ownerPassword: string;
}

function required(name: string): string {
	const value = process.env[name];
	if (!value) {
		throw new Error(`${name} is not set: run the end-to-end suite with \`npm run test:e2e\` (test/e2e/run.sh)`);
	}
	return value;
}

export function e2eEnvironment(): E2eEnvironment {
	return {
		n8nUrl: required('E2E_N8N_URL').replace(/\/+$/, ''),
		n8nApiKey: required('E2E_N8N_API_KEY'),
		n8nControl: required('E2E_N8N_CTL'),
		dispatcherUrl: required('E2E_DISPATCHER_URL').replace(/\/+$/, ''),
		dispatcherToken: required('E2E_DISPATCHER_TOKEN'),
		runDirectory: required('E2E_RUN_DIR'),
		ownerEmail: required('E2E_N8N_OWNER_EMAIL'),
		ownerPassword: required('E2E_N8N_OWNER_PASSWORD'),
	};
}
