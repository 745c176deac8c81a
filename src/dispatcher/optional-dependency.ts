/**
 * The dispatcher's libraries are optionalDependencies of this package: n8n installs the nodes without
 * them (community nodes may have no runtime dependencies), while `npm install` in a clone or a global
 * install brings them. When one is missing, say so in words instead of a bare MODULE_NOT_FOUND.
 */
export function loadOptional<T>(name: string): T {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require(name) as T;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
			throw new Error(
				`The Chatwoot dispatcher needs the package "${name}", an optional dependency of n8n-nodes-chatwoot-webhooks. ` +
					'Run `npm install --include=optional` in the package folder (a clone: `npm install`).',
			);
		}
		throw error;
	}
}
