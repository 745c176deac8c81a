import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import type { ICredentialType, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { ChatwootApi } from '../../credentials/ChatwootApi.credentials';
import { ChatwootTrigger } from '../../nodes/ChatwootTrigger/ChatwootTrigger.node';
import { ChatwootWebhook } from '../../nodes/ChatwootWebhook/ChatwootWebhook.node';
import { CHATWOOT_EVENT_NAMES } from '../../src/protocol';
import { loadedPackage } from '../support/n8n/loaded-package';

/**
 * What n8n's package loader needs: every file in package.json's `n8n` section exists as a source file whose
 * exported class is named like the file, and every node has its icons and codex file next to it; and then
 * n8n-core's own PackageDirectoryLoader, given the built package, finds them all.
 */
const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { credentials: string[]; nodes: string[] };
};

function sourceOf(distPath: string): string {
	return join(root, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

function iconFiles(icon: unknown): string[] {
	if (typeof icon === 'string') return [icon];
	if (icon && typeof icon === 'object') return Object.values(icon as Record<string, string>);
	return [];
}

describe("package.json's n8n section", () => {
	it.each([...manifest.n8n.nodes, ...manifest.n8n.credentials])('%s is loadable: file, class name, icons', (distPath) => {
		const source = sourceOf(distPath);
		expect(existsSync(source)).toBe(true);
		const className = basename(source).split('.')[0];
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const Exported = (require(source) as Record<string, new () => INodeType | ICredentialType>)[className];
		expect(typeof Exported).toBe('function');
		const instance = new Exported();
		const icon = 'description' in instance ? instance.description.icon : instance.icon;
		const icons = iconFiles(icon);
		expect(icons.length).toBe(2);
		for (const file of icons) {
			expect(file).toMatch(/^file:.+\.svg$/);
			const svg = readFileSync(join(dirname(source), file.slice('file:'.length)), 'utf8');
			expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 64 64"/);
		}
	});

	it.each(manifest.n8n.nodes)('%s has a codex file naming the node as n8n will', (distPath) => {
		const source = sourceOf(distPath);
		const codex = JSON.parse(readFileSync(source.replace(/\.ts$/, '.json'), 'utf8')) as { node: string; categories: string[] };
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const Exported = (require(source) as Record<string, new () => INodeType>)[basename(source).split('.')[0]];
		expect(codex.node).toBe(`${manifest.name}.${new Exported().description.name}`);
		expect(codex.categories.length).toBeGreaterThan(0);
	});

	it('lists every node and credential of the package', () => {
		expect(manifest.n8n.nodes.map(sourceOf).sort()).toEqual(
			[
				join(root, 'nodes/Chatwoot/Chatwoot.node.ts'),
				join(root, 'nodes/ChatwootTrigger/ChatwootTrigger.node.ts'),
				join(root, 'nodes/ChatwootWebhook/ChatwootWebhook.node.ts'),
			].sort(),
		);
		expect(manifest.n8n.credentials.map(sourceOf)).toEqual([join(root, 'credentials/ChatwootApi.credentials.ts')]);
	});
});

describe("n8n-core's PackageDirectoryLoader on the built package", () => {
	const { loader, packageName } = loadedPackage();
	const iconsOf = (path: string) => ({
		light: `icons/${packageName}/dist/${path}/chatwoot.svg`,
		dark: `icons/${packageName}/dist/${path}/chatwoot.dark.svg`,
	});

	it.each([
		['chatwootTrigger', 'nodes/ChatwootTrigger'],
		['chatwootWebhook', 'nodes/ChatwootWebhook'],
	])('loads %s with its codex and both icons', (name, path) => {
		const { description } = loader.getNode(name).type as INodeType;
		expect(description.codex).toMatchObject({ categories: ['Communication'], alias: expect.arrayContaining(['Chatwoot']) });
		expect(description.iconUrl).toEqual(iconsOf(path));
	});

	it('loads the credential with its icons, and knows which nodes use it', () => {
		const credential = loader.getCredential('chatwootApi').type;
		expect(credential.iconUrl).toEqual(iconsOf('credentials'));
		expect(credential.supportedNodes).toEqual(expect.arrayContaining(['chatwootTrigger', 'chatwootWebhook']));
	});
});

describe('Chatwoot Trigger description', () => {
	const description: INodeTypeDescription = new ChatwootTrigger().description;

	it('is a webhook trigger with the three lifecycle methods and no tool use', () => {
		const trigger = new ChatwootTrigger();
		expect(description).toMatchObject({ name: 'chatwootTrigger', group: ['trigger'], inputs: [], outputs: ['main'] });
		expect(description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }]);
		expect(Object.keys(trigger.webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
		expect(description.usableAsTool).toBeUndefined();
		expect(description.credentials).toEqual([{ name: 'chatwootApi', required: true }]);
	});

	it('offers all 12 Chatwoot events', () => {
		const events = description.properties.find((property) => property.name === 'events');
		expect(events?.options?.map((option) => (option as { value: string }).value).sort()).toEqual([...CHATWOOT_EVENT_NAMES].sort());
	});

	it('documents the output key, the repeat window and the defaults', () => {
		const options = description.properties.find((property) => property.name === 'options')?.options as Array<{
			name: string;
			default: unknown;
			description?: string;
		}>;
		const byName = Object.fromEntries(options.map((option) => [option.name, option]));
		expect(byName.messageTypes.default).toEqual(['incoming']);
		expect(byName.includePrivateNotes.default).toBe(false);
		expect(byName.checkSignature.default).toBe(true);
		expect(byName.toleranceSeconds.default).toBe(300);
		expect(byName.ignoreRepeatedDeliveries.default).toBe(true);
		expect(byName.ignoreRepeatedDeliveries.description).toContain('60 minutes');
		expect(description.properties.find((property) => property.name === 'events')?.description).toContain('chatwootDelivery');
	});
});

describe('Chatwoot Webhook description', () => {
	const description = new ChatwootWebhook().description;

	it('is an action node usable as a tool with the five webhook operations', () => {
		expect(description).toMatchObject({ name: 'chatwootWebhook', usableAsTool: true, inputs: ['main'], outputs: ['main'] });
		const operation = description.properties.find((property) => property.name === 'operation');
		expect(operation?.options?.map((option) => (option as { value: string }).value)).toEqual(['create', 'delete', 'get', 'getAll', 'update']);
	});
});

describe('Chatwoot API credential', () => {
	it('sends the token as api_access_token and keeps it in a password field', () => {
		const credential = new ChatwootApi();
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { api_access_token: '={{$credentials.apiAccessToken}}' } },
		});
		expect(credential.properties.find((property) => property.name === 'apiAccessToken')?.typeOptions).toEqual({ password: true });
		expect(credential.properties.find((property) => property.name === 'baseUrl')?.default).toBe('https://app.chatwoot.com');
	});
});
