import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { build } from 'esbuild';

/**
 * Builds the playground into one folder the dispatcher serves as it is: `index.html`, `app.js` and
 * `app.css`, minified, with no reference to anything outside that folder (the page must work offline).
 * Usage: `node -r ts-node/register/transpile-only src/playground/build.ts [out dir]`.
 */
export const DEFAULT_OUT_DIR = resolve(__dirname, '../../packages/chatwoot-dispatcher/dist/playground');
const APP_DIR = join(__dirname, 'app');

export interface BuiltAsset {
	file: string;
	bytes: number;
	gzipBytes: number;
}

export async function buildPlayground(outDir: string = DEFAULT_OUT_DIR): Promise<BuiltAsset[]> {
	mkdirSync(outDir, { recursive: true });
	await build({
		entryPoints: { app: join(APP_DIR, 'main.tsx') },
		bundle: true,
		minify: true,
		format: 'esm',
		target: ['es2022'],
		platform: 'browser',
		jsx: 'automatic',
		jsxImportSource: 'preact',
		tsconfig: join(__dirname, 'tsconfig.json'),
		outdir: outDir,
		legalComments: 'none',
		logLevel: 'warning',
	});
	writeFileSync(join(outDir, 'index.html'), readFileSync(join(APP_DIR, 'index.html'), 'utf8'));
	return ['index.html', 'app.js', 'app.css'].map((file) => {
		const content = readFileSync(join(outDir, file));
		return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
	});
}

if (require.main === module) {
	const outDir = resolve(process.argv[2] ?? DEFAULT_OUT_DIR);
	buildPlayground(outDir).then(
		(assets) => {
			const total = assets.reduce((sum, asset) => ({ bytes: sum.bytes + asset.bytes, gzip: sum.gzip + asset.gzipBytes }), { bytes: 0, gzip: 0 });
			for (const asset of assets) console.log(`${asset.file.padEnd(11)} ${String(asset.bytes).padStart(7)} B  (gzip ${asset.gzipBytes} B)`);
			console.log(`playground built into ${outDir}: ${total.bytes} B, ${total.gzip} B gzipped`);
		},
		(error: Error) => {
			console.error(error.message);
			process.exitCode = 1;
		},
	);
}
