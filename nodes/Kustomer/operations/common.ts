import type {
	IDisplayOptions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_WAIT_S, DEFAULT_REQUEST_TIMEOUT_S, failOnRecordErrorOption } from '../bulk/operation';
import { MAX_BULK_RECORDS } from '../bulk/plan';
import { fieldValue, FieldError } from '../core/fields/record';
import type { FieldSpec } from '../core/fields/types';
import { flattenDocument } from '../core/output';
import type { KustomerResource, ParameterReader } from '../core/resource';
import { collectionPath, inputError } from '../core/resource';
import type { ReadPlan } from '../core/transport/paging';
import type { ReadPlanner } from '../core/transport/routed';
import { deferInputError, localInputError, rateLimitWaitOption } from '../core/transport/routed';

/** The parameters of the item being routed, read the same way bulk operations read theirs. */
export function itemReader(context: IExecuteSingleFunctions): ParameterReader {
	return (name, fallback, options) => context.getNodeParameter(name, fallback, options);
}

/** Output of a routed operation: the record(s) Kustomer returned, flattened. */
export async function flattenResponse(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	return flattenDocument(response.body).map((json) => ({ json }));
}

/**
 * A preSend hook of a routed operation: `prepare` reads the item's parameters and fills in the request;
 * an input problem it finds (a FieldError) fails the item with a message naming the field, and nothing is sent.
 */
export function itemPreSend(
	prepare: (
		read: ParameterReader,
		requestOptions: IHttpRequestOptions,
		context: IExecuteSingleFunctions,
	) => IHttpRequestOptions,
): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		try {
			return prepare(itemReader(this), requestOptions, this);
		} catch (error) {
			const problem = inputError(this.getNode(), error, this.getItemIndex());
			if (!(problem instanceof NodeOperationError)) throw problem;
			if (!this.continueOnFail()) throw localInputError(this.getNode(), problem, this.getItemIndex());
			deferInputError(requestOptions, problem);
			return requestOptions;
		}
	};
}

/**
 * The read plan of a routed operation that reads, from the item's parameters; an input problem it finds
 * fails the item with a message naming the field, and nothing is sent.
 */
export function itemReadPlan(plan: (read: ParameterReader) => ReadPlan): ReadPlanner {
	return (context) => {
		try {
			return plan(itemReader(context));
		} catch (error) {
			const problem = inputError(context.getNode(), error, context.getItemIndex());
			throw problem instanceof NodeOperationError
				? localInputError(context.getNode(), problem, context.getItemIndex())
				: problem;
		}
	};
}

/** An operation's Options collection: the rate-limit wait every routed operation has, plus its own. */
export function optionsCollection(show: IDisplayOptions['show'], own: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [...own, rateLimitWaitOption].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** The Options collection's values of the current item. */
export function readOptions<T extends object>(read: ParameterReader): Partial<T> {
	return (read('options', {}) ?? {}) as Partial<T>;
}

/**
 * Inputs of a bulk operation grouped by the bulk path each names (a custom object's Klass may differ from
 * item to item), so each request goes to one path; in input order within a path.
 */
export function byBulkPath<T>(inputs: Array<{ itemIndex: number; value: { path: string } & T }>) {
	const groups = new Map<string, Array<{ itemIndex: number; value: T }>>();
	for (const input of inputs) {
		const group = groups.get(input.value.path) ?? [];
		groups.set(input.value.path, group);
		group.push(input);
	}
	return [...groups.entries()];
}

/** The bulk path of a resource for the current item: `/v1/customers/bulk`, `/v1/klasses/order/bulk`. */
export function bulkPath(resource: KustomerResource, read: ParameterReader): string {
	return `${collectionPath(resource, read)}/bulk`;
}

const IDS_FIELD: FieldSpec = { attribute: 'ids', label: 'IDs', kind: 'idList', use: ['update'] };

/** The `ids` of Bulk Update "same changes" and Bulk Delete: a comma-separated list or an array. */
export function idsProperty(noun: string, show: IDisplayOptions['show'], together: string): INodeProperties {
	return {
		displayName: 'IDs',
		name: 'ids',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 6650c2f1a3b4c5d6e7f80911, 6650c2f1a3b4c5d6e7f80912',
		description: `The ${noun} IDs: comma-separated, or an array from an expression. ${together}.`,
		displayOptions: { show },
	};
}

/** The item's `ids`, checked: at least one, each a Kustomer ID. */
export function readIds(read: ParameterReader): string[] {
	const ids = fieldValue(IDS_FIELD, read('ids', ''), 'update') as string[];
	if (ids.length === 0) throw new FieldError('IDs', 'is empty: give at least one ID');
	return ids;
}

/** The Options collection shared by Bulk Update and Bulk Create. */
export function bulkOptions(show: IDisplayOptions['show']): INodeProperties {
	return optionsCollection(show, [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			default: MAX_BULK_RECORDS,
			typeOptions: { minValue: 1, maxValue: MAX_BULK_RECORDS, numberPrecision: 0 },
			description:
				'Records per bulk request; Kustomer takes at most 100, and each request costs one unit of the rate budget',
		},
		failOnRecordErrorOption,
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			default: DEFAULT_MAX_WAIT_S,
			typeOptions: { minValue: 1 },
			description:
				'With Wait for Completion: how long to wait for Kustomer to finish the jobs before failing with their bulk IDs',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			default: DEFAULT_REQUEST_TIMEOUT_S,
			typeOptions: { minValue: 1 },
			description: 'How long one request may take before it counts as failed',
		},
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait until Kustomer has processed every record and output one item per record ' +
				'with its ID and status. Off: output one item per bulk job as soon as Kustomer accepts it.',
		},
	]);
}
