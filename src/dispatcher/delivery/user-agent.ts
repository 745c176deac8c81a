import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'n8n-nodes-chatwoot-webhooks';

/*
 * The package version is read from package.json at run time rather than imported: an import would make
 * tsc copy package.json into dist/, and this file runs both from src/ (tests) and from dist/src/ (the CLI).
 */
function packageVersion(): string {
	for (let folder = __dirname; ; folder = dirname(folder)) {
		const candidate = join(folder, 'package.json');
		if (existsSync(candidate)) {
			const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
			if (manifest.name === PACKAGE_NAME && manifest.version) return manifest.version;
		}
		if (dirname(folder) === folder) return '0.0.0';
	}
}

/**
 * Chatwoot itself sends Net::HTTP's `User-Agent: Ruby`. The dispatcher names itself instead, so a
 * receiver's logs show which deliveries came from the emulator.
 */
export const USER_AGENT = `chatwoot-dispatcher/${packageVersion()}`;
