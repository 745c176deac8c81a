import { randomUUID } from 'node:crypto';

import {
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowMetadata,
} from 'n8n-workflow';

import { additionalData, type AdditionalDataOptions } from './additional-data';
import { CredentialsHelper } from './credentials-helper';
import { loadedPackage } from './loaded-package';
import { MemoryLogger } from './memory-logger';

/**
 * One node of one workflow as n8n holds it: the node type as n8n-core's package loader loaded it from
 * dist/, the node's saved parameters, the decrypted credential and the workflow's id and name. Every
 * context is built from it afresh, on a real n8n `Workflow`, so a test can edit parameters or rename
 * between calls exactly as a user would between activations.
 */
export interface NodeUnderTestOptions {
	/** The node, by its description name (`chatwootTrigger`) or as an instance whose name is looked up. */
	readonly nodeType: INodeType | string;
	readonly parameters: INodeParameters;
	/** The credential type, by name or as an instance whose name is looked up; the node's first by default. */
	readonly credentialType?: ICredentialType | string;
	readonly credentials: ICredentialDataDecryptedObject;
	readonly name?: string;
	/** The editor assigns one; CLI imports do not, and the webhook path then uses the node name. */
	readonly webhookId?: string | null;
	readonly workflow?: { id?: string; name?: string };
}

/** n8n's default public URL, for contexts that are not served by an N8nInstance. */
export const DEFAULT_N8N_URL = 'http://localhost:5678/';

export class NodeUnderTest {
	/** The package's node type, from dist/, as n8n runs it. */
	readonly nodeType: INodeType;
	readonly credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
	readonly logger = new MemoryLogger();
	/** Every request the node made through the authenticated helpers, as it passed them. */
	readonly requests: IHttpRequestOptions[] = [];
	node: INode;
	workflow: IWorkflowMetadata & { id: string; name: string };

	constructor(options: NodeUnderTestOptions) {
		const pkg = loadedPackage();
		const nodeName = typeof options.nodeType === 'string' ? options.nodeType : options.nodeType.description.name;
		this.nodeType = pkg.nodeType(nodeName);
		const description = this.nodeType.description;
		const credentialName =
			typeof options.credentialType === 'string'
				? options.credentialType
				: (options.credentialType?.name ?? description.credentials?.[0]?.name);
		if (!credentialName) throw new Error(`${nodeName} uses no credential; say which one the test sets up`);
		this.credentialType = pkg.credentialType(credentialName);
		this.credentials = options.credentials;
		this.node = {
			id: randomUUID(),
			name: options.name ?? description.defaults.name ?? description.displayName,
			type: pkg.typeName(nodeName),
			typeVersion: Array.isArray(description.version) ? description.version[description.version.length - 1] : description.version,
			position: [0, 0],
			parameters: { ...options.parameters },
			credentials: { [credentialName]: { id: '1', name: 'Chatwoot account' } },
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

	/** The saved value, else the caller's fallback, else an error (without expression resolution). */
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

	/**
	 * The workflow as n8n builds it for an activation or a run: this node alone, its defaults filled in by
	 * `Workflow` itself, and `staticData` as the node's static data (`node:<name>`), shared by reference so
	 * what the node writes is what the test reads, as n8n saves it.
	 */
	n8nWorkflow(staticData?: IDataObject, parameters: INodeParameters = this.node.parameters): Workflow {
		const node: INode = { ...structuredClone(this.node), parameters: structuredClone(parameters) };
		return new Workflow({
			id: this.workflow.id,
			name: this.workflow.name,
			nodes: [node],
			connections: {},
			active: this.workflow.active ?? false,
			nodeTypes: loadedPackage().nodeTypes(),
			staticData: staticData ? { [`node:${node.name}`]: staticData } : undefined,
			settings: {},
		});
	}

	/** What n8n's CLI gives this node's contexts: its credential, the instance URLs, the live request. */
	additionalData(options: Partial<Omit<AdditionalDataOptions, 'credentialsHelper'>> = {}): IWorkflowExecuteAdditionalData {
		const credentialsHelper = new CredentialsHelper(
			{ type: this.credentialType, data: () => ({ ...this.credentials }) },
			(request) => this.requests.push(request),
		);
		return additionalData({ n8nBaseUrl: DEFAULT_N8N_URL, ...options, credentialsHelper });
	}
}
