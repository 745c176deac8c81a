import {
	NodeHelpers,
	resolveWebhookDescriptionField,
	type INode,
	type IWebhookData,
	type IWebhookDescription,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
} from 'n8n-workflow';

/**
 * HAND-MADE: the webhook registrations of one node, as n8n's WebhookService builds them
 * (`getNodeWebhooks` in `packages/cli/src/webhooks/webhook.service.ts`, n8n 2.41.1), for the contexts'
 * `webhookData`. n8n-core only consumes them.
 */
function evaluate<T>(workflow: Workflow, node: INode, description: IWebhookDescription, property: keyof IWebhookDescription, fallback?: T): T {
	const native = resolveWebhookDescriptionField(node, description, String(property));
	if (native.resolved) return native.value as T;
	return workflow.expression.getSimpleParameterValue(node, description[property] as string, 'internal', {}, undefined, fallback as never) as T;
}

export function nodeWebhook(
	workflow: Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	options: { name?: string; isTest?: boolean } = {},
): IWebhookData {
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const name = options.name ?? 'default';
	const description = nodeType.description.webhooks?.find((webhook) => webhook.name === name);
	if (!description) throw new Error(`${node.type} has no "${name}" webhook`);
	const workflowId = workflow.id || '__UNSAVED__';
	const nodePath = String(evaluate(workflow, node, description, 'path')).trim().replace(/^\//, '').replace(/\/$/, '');
	const isFullPath = evaluate<boolean>(workflow, node, description, 'isFullPath', false);
	const restartWebhook = evaluate<boolean>(workflow, node, description, 'restartWebhook', false);
	const path = NodeHelpers.getNodeWebhookPath(workflowId, node, nodePath, isFullPath, restartWebhook);
	return {
		httpMethod: String(evaluate(workflow, node, description, 'httpMethod', 'GET')).split(',')[0].trim() as IWebhookData['httpMethod'],
		node: node.name,
		path,
		webhookDescription: description,
		workflowId,
		workflowExecuteAdditionalData: additionalData,
		webhookId: path.includes(':') && node.webhookId ? node.webhookId : undefined,
		isTest: options.isTest,
	};
}
