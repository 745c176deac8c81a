import { randomUUID } from 'node:crypto';

import {
	NodeHelpers,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IWorkflowMetadata,
} from 'n8n-workflow';

import { requestWithAuthentication, send } from './credential-request';
import { MemoryLogger } from './memory-logger';

/**
 * One node of one workflow as n8n holds it: the node type class, the node's saved parameters, the
 * decrypted credential and the workflow's id and name. Every context in this harness reads from it, so a
 * test can edit parameters or rename between calls exactly as a user would between activations.
 */
export interface NodeUnderTestOptions {
	readonly nodeType: INodeType;
	readonly parameters: INodeParameters;
	readonly credentialType: ICredentialType;
	readonly credentials: ICredentialDataDecryptedObject;
	readonly name?: string;
	/** The editor assigns one; CLI imports do not, and the webhook path then uses the node name. */
	readonly webhookId?: string | null;
	readonly workflow?: { id?: string; name?: string };
}

export class NodeUnderTest {
	readonly nodeType: INodeType;
	readonly credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
	readonly logger = new MemoryLogger();
	/** Every request the node made through the authenticated helper, as it passed them. */
	readonly requests: IHttpRequestOptions[] = [];
	node: INode;
	workflow: IWorkflowMetadata & { id: string; name: string };

	constructor(options: NodeUnderTestOptions) {
		this.nodeType = options.nodeType;
		this.credentialType = options.credentialType;
		this.credentials = options.credentials;
		const description = options.nodeType.description;
		this.node = {
			id: randomUUID(),
			name: options.name ?? description.defaults.name ?? description.displayName,
			type: `n8n-nodes-chatwoot-webhooks.${description.name}`,
			typeVersion: 1,
			position: [0, 0],
			parameters: { ...options.parameters },
			credentials: { [options.credentialType.name]: { id: '1', name: 'Chatwoot account' } },
			...(options.webhookId === null ? {} : { webhookId: options.webhookId ?? randomUUID() }),
		};
		this.workflow = {
			id: options.workflow?.id ?? randomUUID().slice(0, 16),
			name: options.workflow?.name ?? 'Support bot',
			active: false,
		};
	}

	setParameters(parameters: INodeParameters): void {
		this.node = { ...this.node, parameters: { ...parameters } };
	}

	rename(name: string): void {
		this.node = { ...this.node, name };
	}

	/** The node's parameters with the description's defaults filled in, as n8n loads a saved node. */
	resolvedParameters(): INodeParameters {
		return (
			NodeHelpers.getNodeParameters(
				this.nodeType.description.properties,
				this.node.parameters,
				true,
				false,
				this.node,
				this.nodeType.description,
			) ?? {}
		);
	}

	/** `getNodeParameter` as n8n answers it: the saved value, else the caller's fallback, else an error. */
	getNodeParameter(name: string, fallback?: unknown): unknown {
		const value = this.resolvedParameters()[name];
		if (value !== undefined) return structuredClone(value);
		if (fallback !== undefined) return fallback;
		throw new Error(`Could not get parameter "${name}"`);
	}

	async getCredentials(type: string): Promise<ICredentialDataDecryptedObject> {
		if (type !== this.credentialType.name) throw new Error(`Node does not have credentials of type "${type}"`);
		return { ...this.credentials };
	}

	/** The request helpers every context shares. */
	helpers(): {
		httpRequest: (options: IHttpRequestOptions) => Promise<unknown>;
		httpRequestWithAuthentication: (type: string, options: IHttpRequestOptions) => Promise<unknown>;
		returnJsonArray: (data: IDataObject | IDataObject[]) => INodeExecutionData[];
	} {
		return {
			httpRequest: async (options) => (await send(options)).body,
			httpRequestWithAuthentication: async (type, options) => {
				this.requests.push(options);
				const credentials = await this.getCredentials(type);
				return await requestWithAuthentication(this.node, this.credentialType, credentials, options);
			},
			returnJsonArray: (data) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		};
	}
}
