import {
	ICredentialsHelper,
	NodeHelpers,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type Workflow,
} from 'n8n-workflow';

/**
 * HAND-MADE: n8n's CredentialsHelper lives in the CLI package (`packages/cli/src/credentials-helper.ts`),
 * not in n8n-core, and reads credentials from n8n's database. This is its part that n8n-core's request
 * helpers call (`httpRequestWithAuthentication` → `getDecrypted`, `preAuthentication`, `authenticate`),
 * following n8n 2.41.1's code: stored data with the credential type's defaults filled in, and a generic
 * `authenticate` block whose `={{$credentials…}}` values are resolved by the workflow's own expression
 * engine. Not covered: credential overwrites, external secrets, OAuth, expirable (pre-authentication) fields.
 */
export interface StoredCredential {
	readonly type: ICredentialType;
	readonly data: () => ICredentialDataDecryptedObject;
}

export class CredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly stored: StoredCredential,
		/** Every request the node sent through the authenticated helpers, as the node passed it. */
		private readonly onRequest: (options: IHttpRequestOptions) => void = () => undefined,
	) {
		super();
	}

	private typeNamed(name: string): ICredentialType {
		if (name !== this.stored.type.name) throw new Error(`No credential of type "${name}" is set up in this test`);
		return this.stored.type;
	}

	getParentTypes(name: string): string[] {
		return this.typeNamed(name).extends ?? [];
	}

	isCredentialUsableByNode(): boolean {
		return this.stored.type.restrictToSupportedNodes !== true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.typeNamed(type).properties;
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		return (NodeHelpers.getNodeParameters(properties, { ...this.stored.data() } as INodeParameters, true, false, null, null) ?? {}) as ICredentialDataDecryptedObject;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		this.onRequest(structuredClone(requestOptions) as IHttpRequestOptions);
		const { authenticate } = this.typeNamed(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('Workflow and node are required for declarative credential authentication');
			const resolve = (value: string): string => {
				if (!isExpression(value)) return value;
				const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
				return resolved ? String(resolved) : '';
			};
			const options = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
			options.headers ??= {};
			for (const [outerKey, values] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(values as Record<string, string>)) {
					options[outerKey] ??= {};
					(options[outerKey] as Record<string, unknown>)[resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** n8n calls a credential's `preAuthentication` only for types with an expirable hidden field; this one has none. */
	async preAuthentication(): Promise<undefined> {
		if (this.stored.type.properties.some((property) => property.typeOptions?.expirable === true)) {
			throw new Error('The test harness does not refresh expirable credentials');
		}
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return await this.preAuthentication();
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error("Stored credentials live in n8n's database, which the test harness does not have");
	}

	async updateCredentials(): Promise<void> {
		throw new Error("Stored credentials live in n8n's database, which the test harness does not have");
	}

	async updateCredentialsOauthTokenData(): Promise<void> {
		throw new Error("Stored credentials live in n8n's database, which the test harness does not have");
	}
}
