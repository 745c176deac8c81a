import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** One operation of one resource for one input item; each returned object becomes an output item. */
export type ResourceOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;

export type ResourceOperations = Record<string, ResourceOperation>;
