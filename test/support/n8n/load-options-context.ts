import type { ILoadOptionsFunctions } from 'n8n-workflow';

import type { NodeUnderTest } from './node-under-test';

/**
 * The `this` of a node's `methods.listSearch` / `loadOptions`, as n8n-core's LoadOptionsContext offers it
 * while the user opens a pick-list in the editor: the node's current parameters and credential, with real
 * HTTP behind the request helpers.
 */
export function loadOptionsContext(subject: NodeUnderTest): ILoadOptionsFunctions {
	const context = {
		logger: subject.logger,
		helpers: subject.helpers(),
		getNode: () => subject.node,
		getWorkflow: () => ({ ...subject.workflow }),
		getCurrentNodeParameter: (name: string) => {
			const value = subject.resolvedParameters()[name];
			return value === undefined ? undefined : structuredClone(value);
		},
		getCurrentNodeParameters: () => subject.resolvedParameters(),
		getNodeParameter: (name: string, fallback?: unknown) => subject.getNodeParameter(name, fallback),
		getCredentials: async (type: string) => await subject.getCredentials(type),
		getTimezone: () => 'UTC',
	};
	// ILoadOptionsFunctions is large; a listSearch method that lists from an API uses the members above.
	return context as unknown as ILoadOptionsFunctions;
}
