import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Where the built playground is: `dist/playground/` of the dispatcher package, found relative to this
 * module once compiled (`dist/src/dispatcher/http/`). Run from the TypeScript sources (tests, ts-node),
 * it is the same folder of the package in the repository.
 */
export function playgroundAssetsDir(): string {
	const compiled = resolve(__dirname, '../../../playground');
	if (__filename.endsWith('.js') || existsSync(compiled)) return compiled;
	return resolve(__dirname, '../../../packages/chatwoot-dispatcher/dist/playground');
}

export interface PlaygroundAsset {
	readonly contentType: string;
	readonly raw: Buffer;
	readonly gzip: Buffer;
}

const FILES = {
	'index.html': 'text/html; charset=utf-8',
	'app.js': 'text/javascript; charset=utf-8',
	'app.css': 'text/css; charset=utf-8',
} as const;

export type PlaygroundFile = keyof typeof FILES;

/** The three built files, read and compressed once at start; undefined when the playground was not built. */
export function loadPlaygroundAssets(dir: string): Map<PlaygroundFile, PlaygroundAsset> | undefined {
	const assets = new Map<PlaygroundFile, PlaygroundAsset>();
	for (const [file, contentType] of Object.entries(FILES) as Array<[PlaygroundFile, string]>) {
		const path = join(dir, file);
		if (!existsSync(path)) return undefined;
		const raw = readFileSync(path);
		assets.set(file, { contentType, raw, gzip: gzipSync(raw, { level: 9 }) });
	}
	return assets;
}
