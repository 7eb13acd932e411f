import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { FieldError } from '../core/fields/record';
import type { ParameterReader } from '../core/resource';
import { inputError } from '../core/resource';
import { KustomerClient } from '../core/transport/client';
import { outcomeOf } from '../core/transport/retry';
import { DEFAULT_MAX_RATE_LIMIT_WAIT_S } from '../core/transport/routed';
import type { BulkSettings } from './engine';
import { runBulk } from './engine';
import { RunParameters } from './parameters';
import type { BulkRequest, RecordOutcome } from './plan';
import { MAX_BULK_RECORDS } from './plan';

/** Defaults of the bulk Options (see bulkOptions in operations/common.ts). */
export const DEFAULT_MAX_WAIT_S = 900;
export const DEFAULT_REQUEST_TIMEOUT_S = 60;

/** Retries of a 5xx or a dropped connection on a bulk request that is safe to resend. */
const BULK_MAX_RETRIES = 4;

interface BulkOptionValues {
	batchSize?: number;
	waitForCompletion?: boolean;
	maxWait?: number;
	maxRateLimitWait?: number;
	timeout?: number;
}

/**
 * Reads every input item with `read` (parameters read as cheaply as n8n allows: see RunParameters);
 * a bad item stops the run before anything is sent, or with Continue On Fail becomes an error item.
 */
export function collectInputs<T>(
	context: IExecuteFunctions,
	read: (reader: ParameterReader, itemIndex: number) => T,
): { inputs: Array<{ itemIndex: number; value: T }>; rejected: RecordOutcome[] } {
	const inputs: Array<{ itemIndex: number; value: T }> = [];
	const rejected: RecordOutcome[] = [];
	const count = context.getInputData().length;
	const parameters = new RunParameters(context);
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			inputs.push({ itemIndex, value: read(parameters.forItem(itemIndex), itemIndex) });
		} catch (error) {
			const reported = inputError(context.getNode(), error, itemIndex);
			if (!context.continueOnFail()) throw reported;
			rejected.push({ itemIndex, status: 'error', error: reported.message });
		}
	}
	return { inputs, rejected };
}

/** Batch size from the options, checked: Kustomer refuses more than 100 records a request. */
export function batchSizeOf(context: IExecuteFunctions): number {
	const { batchSize = MAX_BULK_RECORDS } = context.getNodeParameter('options', 0, {}) as BulkOptionValues;
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BULK_RECORDS) {
		throw inputError(context.getNode(), new FieldError('Batch Size', `${batchSize} is outside 1 to ${MAX_BULK_RECORDS}`), 0);
	}
	return batchSize;
}

/** Runs planned requests with the options of the node. */
export async function executeBulk(
	context: IExecuteFunctions,
	requests: BulkRequest[],
	rejected: RecordOutcome[],
): Promise<INodeExecutionData[][]> {
	const options = context.getNodeParameter('options', 0, {}) as BulkOptionValues;
	const connected = await outcomeOf(
		async () =>
			await KustomerClient.create(context, {
				maxRetries: BULK_MAX_RETRIES,
				maxRateLimitWaitMs: (options.maxRateLimitWait ?? DEFAULT_MAX_RATE_LIMIT_WAIT_S) * 1000,
				timeoutMs: (options.timeout ?? DEFAULT_REQUEST_TIMEOUT_S) * 1000,
			}),
	);
	if (!connected.ok) {
		// An unusable credential fails every item alike.
		if (!context.continueOnFail()) throw connected.error;
		const message = (connected.error as Error).message;
		return [context.getInputData().map((_, item) => ({ json: { error: message }, pairedItem: { item } }))];
	}
	const client = connected.value;
	const settings: BulkSettings = {
		waitForCompletion: options.waitForCompletion ?? true,
		maxWaitMs: (options.maxWait ?? DEFAULT_MAX_WAIT_S) * 1000,
		continueOnFail: context.continueOnFail(),
	};
	return [await runBulk(context, client, requests, settings, rejected)];
}
