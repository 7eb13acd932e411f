import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../core/fields/record';
import type { ParameterReader } from '../core/resource';
import { inputError } from '../core/resource';
import { KustomerClient } from '../core/transport/client';
import { outcomeOf } from '../core/transport/retry';
import { DEFAULT_MAX_RATE_LIMIT_WAIT_S } from '../core/transport/routed';
import type { BulkSettings } from './engine';
import { runBulk } from './engine';
import { RunParameters } from './parameters';
import type { BulkRequest, DuplicateId, RecordOutcome } from './plan';
import { MAX_BULK_RECORDS, withoutDuplicateIds } from './plan';

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
	failOnRecordError?: boolean;
}

/** The bulk option that turns failed records into a failed run (see reportOutcomes in engine.ts). */
export const failOnRecordErrorOption: INodeProperties = {
	displayName: 'Fail the Run If Any Record Fails',
	name: 'failOnRecordError',
	type: 'boolean',
	default: false,
	description:
		'Whether to stop the workflow with an error once every record\'s outcome is known, if any record failed. The ' +
		'error says which items failed and what Kustomer already created. Off: failed records come out with status ' +
		'"error" and a warning. Ignored when On Error is set to continue.',
};

/** The error for records that several input items name; the message lists them. */
function duplicateIdMessage(duplicates: DuplicateId[]): string {
	const shown = duplicates.slice(0, 5).map(({ id, itemIndexes }) => `${id} (input items ${itemIndexes.join(', ')})`);
	const more = duplicates.length > 5 ? ` and ${duplicates.length - 5} more` : '';
	return `The same record is named more than once: ${shown.join('; ')}${more}`;
}

const DUPLICATE_ID_DESCRIPTION =
	'A bulk request changes each record once; two changes to one record would be applied in no set order. ' +
	'Nothing was sent for these items: merge their changes into one item, or remove the repeats (e.g. with the ' +
	'Remove Duplicates node).';

function descriptionOf(error: Error): string | undefined {
	const description = (error as { description?: unknown }).description;
	return typeof description === 'string' && description !== '' ? description : undefined;
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
			const description = descriptionOf(reported);
			rejected.push({ itemIndex, status: 'error', error: reported.message, description });
		}
	}
	return { inputs, rejected };
}

/** Batch size from the options, checked: Kustomer refuses more than 100 records a request. */
export function batchSizeOf(context: IExecuteFunctions): number {
	const { batchSize = MAX_BULK_RECORDS } = context.getNodeParameter('options', 0, {}) as BulkOptionValues;
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BULK_RECORDS) {
		throw inputError(
			context.getNode(),
			new FieldError('Batch Size', `${batchSize} is outside 1 to ${MAX_BULK_RECORDS}`),
			0,
		);
	}
	return batchSize;
}

/** A connected client and the bulk options of the node, or (an unusable credential) the items that say so. */
export type BulkSession = { client: KustomerClient; settings: BulkSettings } | { failed: INodeExecutionData[][] };

/** Connects with the node's bulk options: retries, rate-limit wait, timeout, and how the run waits for its jobs. */
export async function openBulkSession(context: IExecuteFunctions): Promise<BulkSession> {
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
		return { failed: [context.getInputData().map((_, item) => ({ json: { error: message }, pairedItem: { item } }))] };
	}
	const settings: BulkSettings = {
		waitForCompletion: options.waitForCompletion ?? true,
		maxWaitMs: (options.maxWait ?? DEFAULT_MAX_WAIT_S) * 1000,
		continueOnFail: context.continueOnFail(),
		failOnRecordError: options.failOnRecordError ?? false,
	};
	return { client: connected.value, settings };
}

/** Runs planned requests with the options of the node; a record named twice is refused before anything is sent. */
export async function executeBulk(
	context: IExecuteFunctions,
	planned: BulkRequest[],
	rejected: RecordOutcome[],
): Promise<INodeExecutionData[][]> {
	const unique = withoutDuplicateIds(planned);
	if (unique.duplicates.length && !context.continueOnFail()) {
		throw new NodeOperationError(context.getNode(), duplicateIdMessage(unique.duplicates), {
			description: DUPLICATE_ID_DESCRIPTION,
		});
	}
	const duplicated: RecordOutcome[] = unique.duplicates.flatMap((duplicate) =>
		duplicate.itemIndexes.map((itemIndex) => ({
			itemIndex,
			id: duplicate.id,
			status: 'error' as const,
			error: duplicateIdMessage([duplicate]),
			description: DUPLICATE_ID_DESCRIPTION,
		})),
	);
	const session = await openBulkSession(context);
	if ('failed' in session) return session.failed;
	return [await runBulk(context, session.client, unique.requests, session.settings, [...rejected, ...duplicated])];
}
