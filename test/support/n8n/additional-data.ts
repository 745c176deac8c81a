import type { Request, Response } from 'express';
import type { ICredentialsHelper, INodeParameters, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

/**
 * HAND-MADE: `IWorkflowExecuteAdditionalData` is what n8n's CLI hands every context
 * (`WorkflowExecuteAdditionalData.getBase` in `packages/cli`): the credentials helper, the instance's public
 * URLs and, for a webhook call, the live request and response. The URLs follow n8n's defaults
 * (N8N_ENDPOINT_WEBHOOK=webhook, …_TEST=webhook-test, …); sub-workflows, task runners, AI events and
 * database-backed lookups are not available and fail loudly if a node reaches for them.
 */
export interface AdditionalDataOptions {
	readonly credentialsHelper: ICredentialsHelper;
	/** n8n's public base URL with its trailing slash (WEBHOOK_URL), e.g. `http://127.0.0.1:5678/`. */
	readonly n8nBaseUrl: string;
	readonly httpRequest?: Request;
	readonly httpResponse?: Response;
	/** The node's parameters as the editor holds them, for `getCurrentNodeParameter` in load-options methods. */
	readonly currentNodeParameters?: INodeParameters;
}

function unavailable(what: string): () => never {
	return () => {
		throw new Error(`${what} is not available in the test harness`);
	};
}

export function additionalData(options: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const base = options.n8nBaseUrl;
	const data: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: options.credentialsHelper,
		executeWorkflow: unavailable('Running a sub-workflow'),
		getRunExecutionData: unavailable('Reading another execution'),
		getRuntimeCredential: unavailable('A runtime credential'),
		startRunnerTask: unavailable('A task runner'),
		logAiEvent: () => undefined,
		currentNodeExecutionIndex: 0,
		variables: {},
		instanceBaseUrl: base,
		restApiUrl: `${base}rest`,
		webhookBaseUrl: `${base}webhook`,
		webhookTestBaseUrl: `${base}webhook-test`,
		webhookWaitingBaseUrl: `${base}webhook-waiting`,
		formBaseUrl: `${base}form`,
		formTestBaseUrl: `${base}form-test`,
		formWaitingBaseUrl: `${base}form-waiting`,
		mcpBaseUrl: `${base}mcp`,
		mcpTestBaseUrl: `${base}mcp-test`,
		httpRequest: options.httpRequest,
		httpResponse: options.httpResponse,
		currentNodeParameters: options.currentNodeParameters,
	};
	return data as IWorkflowExecuteAdditionalData;
}
