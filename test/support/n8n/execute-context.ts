import { ExecuteContext } from 'n8n-core';
import { createEmptyRunExecutionData, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';

import { withNodeLogger } from './n8n-container';
import type { NodeUnderTest } from './node-under-test';

export interface ExecuteContextOptions {
	readonly items?: INodeExecutionData[];
	/**
	 * Per input item, parameters that differ from the node's. n8n only varies parameters per item through
	 * expressions, so each is set as an expression picking the item's value by `$itemIndex`, resolved by
	 * n8n's own expression engine. Expressions over `$json` in the node's parameters work as well.
	 */
	readonly itemParameters?: ReadonlyArray<INodeParameters | undefined>;
	/** The node's "On Error: Continue" setting. */
	readonly continueOnFail?: boolean;
}

function withItemParameters(subject: NodeUnderTest, items: INodeExecutionData[], overrides: ExecuteContextOptions['itemParameters']): INodeParameters {
	const parameters = { ...subject.node.parameters };
	if (!overrides) return parameters;
	const saved = subject.resolvedParameters();
	const names = new Set(overrides.flatMap((override) => Object.keys(override ?? {})));
	for (const name of names) {
		const values = items.map((_item, index) => {
			const override = overrides[index];
			return override && name in override ? override[name] : (saved[name] ?? null);
		});
		parameters[name] = `={{ ${JSON.stringify(values)}[$itemIndex] }}`;
	}
	return parameters;
}

/**
 * The `this` of a programmatic node's `execute()`: n8n-core's own ExecuteContext for one run of this node
 * in a manual execution, its input items arriving on the main input.
 */
export function executeContext(subject: NodeUnderTest, options: ExecuteContextOptions = {}): ExecuteContext {
	const items = options.items ?? [{ json: {} }];
	const workflow = subject.n8nWorkflow(undefined, withItemParameters(subject, items, options.itemParameters));
	const node = workflow.getNode(subject.node.name);
	if (!node) throw new Error(`The workflow has no node ${subject.node.name}`);
	if (options.continueOnFail) node.onError = 'continueRegularOutput';
	const inputData = { main: [items] };
	const executeData = { node, data: inputData, source: null };
	return withNodeLogger(
		subject.logger,
		() => new ExecuteContext(workflow, node, subject.additionalData(), 'manual', createEmptyRunExecutionData(), 0, items, inputData, executeData, []),
	);
}

/** Runs the node's `execute()` as n8n's WorkflowExecute calls it, and returns its outputs. */
export async function executeNode(subject: NodeUnderTest, options: ExecuteContextOptions = {}): Promise<INodeExecutionData[][]> {
	const execute = subject.nodeType.execute;
	if (!execute) throw new Error(`${subject.node.type} has no execute()`);
	const outputs = await execute.call(executeContext(subject, options));
	if (!Array.isArray(outputs)) throw new Error(`${subject.node.type}'s execute() returned no outputs`);
	return outputs as INodeExecutionData[][];
}
