import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type INode, type INodeListSearchResult, type INodePropertyOptions, type INodeParameters } from 'n8n-workflow';

import { loadedPackage } from './loaded-package';
import { withNodeLogger } from './n8n-container';
import type { NodeUnderTest } from './node-under-test';

/**
 * The `this` of `methods.listSearch.*` and `methods.loadOptions.*`: n8n-core's own LoadOptionsContext.
 * HAND-MADE around it, after n8n's DynamicNodeParametersService (`packages/cli`, n8n 2.41.1): the throwaway
 * workflow it runs in when the editor asks for a dropdown's options or a resource locator's list — one node
 * named "Temp-Node" with the parameters the editor has so far and the node's credential.
 */
export interface LoadOptionsOptions {
	/** The parameter being filled, as the editor names it (`parameters.<name>`). */
	readonly path?: string;
	/** The node's parameters in the editor; the node's own (defaults filled in) when left out. */
	readonly currentNodeParameters?: INodeParameters;
}

export function loadOptionsContext(subject: NodeUnderTest, options: LoadOptionsOptions = {}): LoadOptionsContext {
	const currentNodeParameters = options.currentNodeParameters ?? subject.resolvedParameters();
	const node: INode = {
		parameters: structuredClone(currentNodeParameters),
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: subject.node.type,
		typeVersion: subject.node.typeVersion,
		position: [0, 0],
		credentials: subject.node.credentials,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: loadedPackage().nodeTypes() });
	const data = subject.additionalData({ currentNodeParameters });
	return withNodeLogger(subject.logger, () => new LoadOptionsContext(workflow, node, data, options.path ?? ''));
}

function method<T>(subject: NodeUnderTest, kind: 'listSearch' | 'loadOptions', name: string): T {
	const found = (subject.nodeType.methods?.[kind] as Record<string, T> | undefined)?.[name];
	if (typeof found !== 'function') throw new Error(`${subject.node.type} has no methods.${kind}.${name}`);
	return found;
}

/** A resource locator's "From list" search, as the editor runs it (filter typed by the user, next page token). */
export async function listSearch(
	subject: NodeUnderTest,
	methodName: string,
	filter?: string,
	paginationToken?: string,
	options: LoadOptionsOptions = {},
): Promise<INodeListSearchResult> {
	const search = method<(this: LoadOptionsContext, filter?: string, token?: string) => Promise<INodeListSearchResult>>(subject, 'listSearch', methodName);
	const result = await search.call(loadOptionsContext(subject, options), filter, paginationToken);
	// n8n hands a numeric token back to the editor as a string.
	const token = result?.paginationToken;
	return typeof token === 'number' ? { ...result, paginationToken: String(token) } : result;
}

/** A dropdown's options (`typeOptions.loadOptionsMethod`), as the editor loads them. */
export async function loadOptions(subject: NodeUnderTest, methodName: string, options: LoadOptionsOptions = {}): Promise<INodePropertyOptions[]> {
	const load = method<(this: LoadOptionsContext) => Promise<INodePropertyOptions[]>>(subject, 'loadOptions', methodName);
	return await load.call(loadOptionsContext(subject, options));
}
