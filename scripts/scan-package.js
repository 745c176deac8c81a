#!/usr/bin/env node
// npm run scan: n8n's verification scan of the node package, minus the steps that need a publish.
//
// n8n's gate (@n8n/scan-community-package, `analyzePackageByName`) checks provenance, fetches the attested
// source and the published tarball, then lints both with `analyzePackage`: the source with
// SOURCE_FILE_PATTERNS, the tarball with `**/*.js` + `package.json`. Provenance and the downloads need a
// published version; everything after them runs here, with the scanner's own code, on what `npm pack`
// would publish and on this checkout. It also refuses a tarball that carries anything but the nodes, the
// credential and the protocol code they import (the dispatcher ships as its own package).
'use strict';

const { execFileSync } = require('node:child_process');
const { mkdtempSync, readdirSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const SHIPPED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^dist\/(nodes|credentials|src\/protocol)\//];

function listFiles(folder) {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		return entry.isDirectory() ? listFiles(path) : [path];
	});
}

function kib(bytes) {
	return `${(bytes / 1024).toFixed(1)} KiB`;
}

async function main() {
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const work = mkdtempSync(join(tmpdir(), 'chatwoot-scan-'));
	try {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }),
		);
		const tarball = join(work, packed.filename);
		execFileSync('tar', ['-xzf', tarball, '-C', work]);
		const unpacked = join(work, 'package');
		const files = listFiles(unpacked).map((file) => relative(unpacked, file));

		console.log(`${packed.name}@${packed.version}: ${files.length} files, tarball ${kib(statSync(tarball).size)}, unpacked ${kib(packed.unpackedSize)}`);
		for (const file of files.sort()) console.log(`  ${file}`);

		const stray = files.filter((file) => !SHIPPED.some((pattern) => pattern.test(file)));
		const tarballResult = await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json']);
		const sourceResult = await scanner.analyzePackage(ROOT, scanner.SOURCE_FILE_PATTERNS);

		let failed = false;
		if (stray.length > 0) {
			failed = true;
			console.error(`\nThe tarball carries files that are not the nodes, the credential or src/protocol:\n  ${stray.join('\n  ')}`);
		}
		for (const [what, result] of [['tarball (**/*.js, package.json)', tarballResult], ['source (' + scanner.SOURCE_FILE_PATTERNS.join(', ') + ')', sourceResult]]) {
			console.log(`\nscanner analysis of the ${what}: ${result.passed ? 'passed, 0 errors' : `FAILED: ${result.message}`}`);
			if (!result.passed) {
				failed = true;
				if (result.details) console.error(result.details);
			}
		}
		if (failed) process.exitCode = 1;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
