import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'chatwoot-dispatcher';

/*
 * The package version is read from package.json at run time rather than imported: an import would make
 * tsc copy package.json into dist/. This file runs from the package's dist/src/ (the CLI, an installed
 * package) and from the repository's src/ (tests), where the package's manifest sits in its workspace
 * folder rather than above the source.
 */
function packageVersion(): string {
	for (let folder = __dirname; ; folder = dirname(folder)) {
		for (const candidate of [join(folder, 'package.json'), join(folder, 'packages', PACKAGE_NAME, 'package.json')]) {
			if (!existsSync(candidate)) continue;
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
