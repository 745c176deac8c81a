import type { IDataObject, WorkflowExecuteMode } from 'n8n-workflow';

import type { NodeUnderTest } from './node-under-test';

/**
 * What n8n-core's HookContext and WebhookContext share (both extend its NodeExecutionContext): the node,
 * its workflow, parameters, credentials and node static data. Each context adds its own members on top.
 */
export function triggerContextBase(subject: NodeUnderTest, options: { mode: WorkflowExecuteMode; staticData: IDataObject }) {
	return {
		logger: subject.logger,
		helpers: subject.helpers(),
		getNode: () => subject.node,
		getWorkflow: () => ({ ...subject.workflow }),
		getMode: () => options.mode,
		getWebhookName: () => 'default',
		getNodeParameter: (name: string, fallback?: unknown) => subject.getNodeParameter(name, fallback),
		getCredentials: async (type: string) => await subject.getCredentials(type),
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`The trigger should use node static data, not "${type}"`);
			return options.staticData;
		},
		getTimezone: () => 'UTC',
	};
}
