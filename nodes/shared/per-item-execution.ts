import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from './chatwoot-api-error';

/**
 * An action node's `execute()`: one run per input item, each result paired with its item; with "On Error:
 * Continue" a failed item outputs `{ error }` and the others go on, otherwise the error stops the node.
 */
export async function executePerItem(
	this: IExecuteFunctions,
	run: (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			for (const json of await run.call(this, itemIndex)) returnData.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw asNodeError(this.getNode(), error);
		}
	}
	return [returnData];
}
