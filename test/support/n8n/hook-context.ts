import type {
	IDataObject,
	IHookFunctions,
	IWebhookDescription,
	WebhookType,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { NodeUnderTest } from './node-under-test';

export interface HookContextOptions {
	/** The node's static data (`getWorkflowStaticData('node')`), shared with later calls as n8n persists it. */
	readonly staticData: IDataObject;
	readonly webhookUrl: string;
	readonly mode: WorkflowExecuteMode;
	readonly activation: WorkflowActivateMode;
}

/**
 * The `this` of `webhookMethods.default.checkExists/create/delete`: n8n-core's HookContext, reduced to
 * what a webhook trigger can reach, with real HTTP behind the request helpers.
 */
export function hookContext(subject: NodeUnderTest, options: HookContextOptions): IHookFunctions {
	const context = {
		logger: subject.logger,
		helpers: subject.helpers(),
		getNode: () => subject.node,
		getWorkflow: () => ({ ...subject.workflow }),
		getMode: () => options.mode,
		getActivationMode: () => options.activation,
		getWebhookName: () => 'default',
		getWebhookDescription: (name: WebhookType): IWebhookDescription | undefined =>
			subject.nodeType.description.webhooks?.find((webhook) => webhook.name === name),
		getNodeWebhookUrl: (name: WebhookType) => (name === 'default' ? options.webhookUrl : undefined),
		getNodeParameter: (name: string, fallback?: unknown) => subject.getNodeParameter(name, fallback),
		getCredentials: async (type: string) => await subject.getCredentials(type),
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`The trigger should use node static data, not "${type}"`);
			return options.staticData;
		},
		getTimezone: () => 'UTC',
		getInstanceId: () => 'test-instance',
	};
	// IHookFunctions has dozens of members a trigger never touches; the ones above are the contract.
	return context as unknown as IHookFunctions;
}
