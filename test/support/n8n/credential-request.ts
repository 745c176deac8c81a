import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	Workflow,
	createEmptyRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import { additionalData } from './additional-data';
import { CredentialsHelper } from './credentials-helper';
import { loadedPackage } from './loaded-package';
import { withNodeLogger } from './n8n-container';
import { DEFAULT_N8N_URL } from './node-under-test';
import { MemoryLogger } from './memory-logger';

/**
 * The credential as n8n uses it outside this package's nodes: in another node (the HTTP Request node with
 * a predefined credential type) through n8n-core's `httpRequestWithAuthentication`, and in the editor's
 * "Test" button, which n8n runs as n8n-core's RoutingNode over the credential's `test.request`.
 */

/**
 * HAND-MADE: a node type of another package (n8n-nodes-base is not installed here), with only what n8n-core
 * reads of it: its name and version, and for the credential test, the credential and the routed request.
 */
function standIn(node: INode, description: Partial<INodeType['description']> = {}): INodeType {
	return {
		description: {
			displayName: node.name,
			name: node.type,
			group: ['transform'],
			version: node.typeVersion,
			description: '',
			defaults: { name: node.name },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
			...description,
		},
	};
}

function workflowWith(node: INode, nodeType: INodeType): Workflow {
	return new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: loadedPackage().nodeTypes({ [node.type]: nodeType }),
	});
}

function executeContextFor(workflow: Workflow, node: INode, helper: CredentialsHelper, mode: 'manual' | 'internal'): ExecuteContext {
	const items: INodeExecutionData[] = [{ json: {} }];
	const inputData = { main: [items] };
	const data = additionalData({ credentialsHelper: helper, n8nBaseUrl: DEFAULT_N8N_URL, currentNodeParameters: node.parameters });
	return withNodeLogger(
		new MemoryLogger(),
		() => new ExecuteContext(workflow, node, data, mode, createEmptyRunExecutionData(), 0, items, inputData, { node, data: inputData, source: null }, []),
	);
}

/** `this.helpers.httpRequestWithAuthentication(credentialType.name, options)` in `node`, n8n-core's own. */
export async function requestWithAuthentication(
	node: INode,
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<unknown> {
	const withCredential: INode = { ...node, credentials: { [credentialType.name]: { id: '1', name: credentialType.displayName } } };
	const workflow = workflowWith(withCredential, standIn(withCredential));
	const helper = new CredentialsHelper({ type: credentialType, data: () => ({ ...credentials }) });
	const context = executeContextFor(workflow, withCredential, helper, 'manual');
	return await context.helpers.httpRequestWithAuthentication.call(context, credentialType.name, options);
}

export interface CredentialTestResult {
	readonly status: 'OK' | 'Error';
	readonly message: string;
}

interface FailedTestRequest {
	message: string;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

/**
 * The editor's "Test" for a credential with `test.request`. HAND-MADE part: n8n's CredentialsTester
 * (`packages/cli/src/services/credentials-tester.service.ts`, n8n 2.41.1) — the throwaway "Temp-Node"
 * routing the test request, and the reading of the outcome against the test's `rules`. The request itself
 * runs through n8n-core's ExecuteContext and RoutingNode, expressions and authentication included.
 */
export async function testCredential(
	node: INode,
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const test = credentialType.test;
	if (!test) throw new Error(`${credentialType.name} has no test`);
	const tempNode: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: node.type,
		typeVersion: node.typeVersion,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType.name]: { id: '1', name: credentialType.displayName } },
	};
	const tempNodeType = standIn(tempNode, {
		credentials: [{ name: credentialType.name, required: true }],
		properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
	});
	const workflow = workflowWith(tempNode, tempNodeType);
	const helper = new CredentialsHelper({ type: credentialType, data: () => ({ ...credentials }) });
	const context = executeContextFor(workflow, tempNode, helper, 'internal');
	const decrypted = { id: '1', name: credentialType.displayName, type: credentialType.name, data: { ...credentials } };
	let response: INodeExecutionData[][] | undefined;
	try {
		response = await new RoutingNode(context, tempNodeType, decrypted).runNode();
	} catch (thrown) {
		const error = thrown as FailedTestRequest;
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) return { status: 'Error', message: rule.properties.message };
			}
			if (status < 199 || status > 299) return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const json = response?.[0]?.[0]?.json ?? {};
		const value = rule.properties.key.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], json);
		if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
