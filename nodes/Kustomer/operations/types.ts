import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** One operation of one resource: its entry in the Operation list, its form, and for bulk operations its run. */
export interface KustomerOperation {
	option: INodePropertyOptions;
	properties: INodeProperties[];
	/** Set for operations that need all input items at once; the others are routed one request per item. */
	execute?: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
}
