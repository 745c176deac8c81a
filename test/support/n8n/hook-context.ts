import type {
	IDataObject,
	IHookFunctions,
	IWebhookDescription,
	WebhookType,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { NodeUnderTest } from './node-under-test';
import { triggerContextBase } from './trigger-context';

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
		...triggerContextBase(subject, options),
		getActivationMode: () => options.activation,
		getWebhookDescription: (name: WebhookType): IWebhookDescription | undefined =>
			subject.nodeType.description.webhooks?.find((webhook) => webhook.name === name),
		getNodeWebhookUrl: (name: WebhookType) => (name === 'default' ? options.webhookUrl : undefined),
		getInstanceId: () => 'test-instance',
	};
	// IHookFunctions has dozens of members a trigger never touches; the ones above are the contract.
	return context as unknown as IHookFunctions;
}
