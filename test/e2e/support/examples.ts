import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowDefinition } from '../../../testkit/n8n/n8n';

/** The placeholders the examples ship with, which a user replaces with their own addresses. */
export const CHATWOOT_PLACEHOLDER = 'https://chatwoot.example.com';
export const CRM_PLACEHOLDER = 'https://crm.example.com';

export interface ExampleTargets {
	/** Replaces the Chatwoot address in the examples (the dispatcher here). */
	readonly chatwootUrl: string;
	/** Replaces the CRM address (the stand-in CRM here). */
	readonly crmUrl: string;
	/** The chatwootApi credential created in n8n. */
	readonly credential: { id: string; name: string };
}

function replaceStrings(value: unknown, targets: ExampleTargets): unknown {
	if (typeof value === 'string') {
		return value.split(CHATWOOT_PLACEHOLDER).join(targets.chatwootUrl).split(CRM_PLACEHOLDER).join(targets.crmUrl);
	}
	if (Array.isArray(value)) return value.map((item) => replaceStrings(item, targets));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceStrings(item, targets)]));
	}
	return value;
}

/**
 * An example from examples/ as a user would set it up after importing it: their addresses in place of
 * the placeholders and their credential selected. Everything else is imported exactly as shipped.
 */
export function loadExample(file: string, targets: ExampleTargets): WorkflowDefinition {
	const shipped = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', file), 'utf8')) as WorkflowDefinition;
	const workflow = replaceStrings(shipped, targets) as WorkflowDefinition;
	for (const node of workflow.nodes) {
		if (node.credentials?.chatwootApi) node.credentials.chatwootApi = { ...targets.credential };
	}
	return { name: workflow.name, nodes: workflow.nodes, connections: workflow.connections, settings: workflow.settings };
}
