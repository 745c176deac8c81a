import { HookContext } from 'n8n-core';
import type { IDataObject, WorkflowActivateMode, WorkflowExecuteMode } from 'n8n-workflow';

import { withNodeLogger } from './n8n-container';
import { nodeWebhook } from './node-webhooks';
import type { NodeUnderTest } from './node-under-test';

export interface HookContextOptions {
	/** The node's static data (`getWorkflowStaticData('node')`), shared with later calls as n8n persists it. */
	readonly staticData: IDataObject;
	/** n8n's public base URL with its trailing slash; the node's webhook URL is built from it. */
	readonly n8nBaseUrl: string;
	/** "Listen for test event": the node's webhook URL is its /webhook-test/ one. */
	readonly isTest?: boolean;
	readonly mode: WorkflowExecuteMode;
	readonly activation: WorkflowActivateMode;
}

/**
 * The `this` of `webhookMethods.default.checkExists/create/delete`: n8n-core's own HookContext, built as
 * n8n's WebhookService builds it (`runWebhookMethod`) on the workflow being activated.
 */
export function hookContext(subject: NodeUnderTest, options: HookContextOptions): HookContext {
	const workflow = subject.n8nWorkflow(options.staticData);
	const node = workflow.getNode(subject.node.name);
	if (!node) throw new Error(`The workflow has no node ${subject.node.name}`);
	const data = subject.additionalData({ n8nBaseUrl: options.n8nBaseUrl });
	const webhook = nodeWebhook(workflow, node, data, { isTest: options.isTest });
	return withNodeLogger(subject.logger, () => new HookContext(workflow, node, data, options.mode, options.activation, webhook));
}
