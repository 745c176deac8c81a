import type { IExecuteFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { NodeUnderTest } from './node-under-test';

export interface ExecuteContextOptions {
	readonly items?: INodeExecutionData[];
	/** Per input item, parameters that differ from the node's (n8n resolves expressions per item). */
	readonly itemParameters?: ReadonlyArray<INodeParameters | undefined>;
	/** The node's "On Error: Continue" setting. */
	readonly continueOnFail?: boolean;
}

/**
 * The `this` of a programmatic node's `execute()`, as n8n-core's ExecuteContext offers it to one run of
 * one node, with real HTTP behind `helpers.httpRequestWithAuthentication`.
 */
export function executeContext(subject: NodeUnderTest, options: ExecuteContextOptions = {}): IExecuteFunctions {
	const items = options.items ?? [{ json: {} }];
	const context = {
		logger: subject.logger,
		helpers: {
			...subject.helpers(),
			constructExecutionMetaData: (data: INodeExecutionData[], meta: { itemData: unknown }) =>
				data.map((item) => ({ ...item, pairedItem: meta.itemData })),
		},
		getNode: () => subject.node,
		getWorkflow: () => ({ ...subject.workflow }),
		getMode: () => 'manual' as const,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail === true,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const override = options.itemParameters?.[itemIndex];
			if (override && name in override) return structuredClone(override[name]);
			return subject.getNodeParameter(name, fallback);
		},
		getCredentials: async (type: string) => await subject.getCredentials(type),
		getTimezone: () => 'UTC',
	};
	// IExecuteFunctions is huge; an action node that makes HTTP calls uses the members above.
	return context as unknown as IExecuteFunctions;
}
