import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import { NodeHelpers, type ICredentialType, type INodeType, type INodeTypes, type IVersionedNodeType } from 'n8n-workflow';

import { prepareN8nContainer } from './n8n-container';

/**
 * This package as n8n loads a community package: n8n-core's own PackageDirectoryLoader reads the root
 * package.json's `n8n` section and requires the built files under dist/, exactly the files n8n would run,
 * with the loader's validation, codex and icon handling. The tests therefore need `npm run build` first
 * (`npm test` does it); a dist/ older than the sources is refused rather than silently tested.
 */
const ROOT = join(__dirname, '..', '..', '..');
const COMPILED = ['nodes', 'credentials', join('src', 'protocol')];

function sourcesUnder(directory: string): string[] {
	if (!existsSync(directory)) return [];
	return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
		const path = join(directory, entry.name);
		if (entry.isDirectory()) return sourcesUnder(path);
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
	});
}

function assertBuilt(): void {
	for (const source of COMPILED.flatMap((directory) => sourcesUnder(join(ROOT, directory)))) {
		const built = join(ROOT, 'dist', relative(ROOT, source)).replace(/\.ts$/, '.js');
		if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) {
			throw new Error(`${relative(ROOT, built)} is missing or older than its source: run \`npm run build\` before the node tests`);
		}
	}
}

export interface LoadedPackage {
	readonly packageName: string;
	readonly loader: PackageDirectoryLoader;
	/** n8n's type name, `<package>.<description.name>`, as saved in workflows. */
	typeName(nodeName: string): string;
	nodeType(nodeName: string): INodeType;
	credentialType(name: string): ICredentialType;
	/** The package's nodes plus `others` (nodes of other packages a test stands in for), by full type name. */
	nodeTypes(others?: Readonly<Record<string, INodeType>>): INodeTypes;
}

let loaded: LoadedPackage | undefined;

function notListed(kind: string, name: string, section: string): Error {
	return new Error(
		`n8n would not load the ${kind} "${name}": no file in package.json's n8n.${section} defines it (list its dist/ file there and run \`npm run build\`)`,
	);
}

export function loadedPackage(): LoadedPackage {
	if (loaded) return loaded;
	prepareN8nContainer();
	assertBuilt();
	const loader = new PackageDirectoryLoader(ROOT);
	// loadAll is declared async but does all its work before its first await; the harness hands out node
	// types synchronously, so it checks that everything the manifest lists did load, and if not, loads the
	// files one by one to throw the loader's own reason (loadAll's rejection would come too late).
	void loader.loadAll().catch(() => undefined);
	const manifest = loader.packageJson.n8n ?? {};
	const expected = (manifest.nodes?.length ?? 0) + (manifest.credentials?.length ?? 0);
	const found = Object.keys(loader.nodeTypes).length + Object.keys(loader.credentialTypes).length;
	if (found !== expected) {
		for (const path of manifest.nodes ?? []) loader.loadNodeFromFile(path);
		for (const path of manifest.credentials ?? []) loader.loadCredentialFromFile(path);
		throw new Error(`PackageDirectoryLoader loaded ${found} of the ${expected} nodes and credentials package.json lists`);
	}
	const packageName = loader.packageName;
	const prefix = `${packageName}.`;

	const byFullName = (others: Readonly<Record<string, INodeType>>) => (type: string): INodeType | IVersionedNodeType => {
		if (type in others) return others[type];
		if (!type.startsWith(prefix)) throw new Error(`Unknown node type ${type}: not in ${packageName}`);
		return loader.getNode(type.slice(prefix.length)).type;
	};

	loaded = {
		packageName,
		loader,
		typeName: (nodeName) => `${prefix}${nodeName}`,
		nodeType: (nodeName) => {
			if (!(nodeName in loader.nodeTypes)) throw notListed('node', nodeName, 'nodes');
			return NodeHelpers.getVersionedNodeType(loader.getNode(nodeName).type);
		},
		credentialType: (name) => {
			if (!(name in loader.credentialTypes)) throw notListed('credential', name, 'credentials');
			return loader.getCredential(name).type;
		},
		nodeTypes: (others = {}) => {
			const find = byFullName(others);
			return {
				getByName: find,
				getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(find(type), version),
				getKnownTypes: () => Object.fromEntries(Object.entries(loader.known.nodes).map(([name, known]) => [`${prefix}${name}`, known])),
			};
		},
	};
	return loaded;
}
