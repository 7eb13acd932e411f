import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { errorJson } from '../core/output';
import type { KustomerClient } from '../core/transport/client';
import { KustomerHttpError, KustomerTransportError, toNodeApiError } from '../core/transport/errors';
import type { BulkRequest, RecordOutcome } from './plan';
import { splitRequest } from './plan';
import { bulkIdOf, bulkStatusOf, isFinished, outcomesOf, readBatches } from './results';

/** Bulk requests in flight at once; the rate budget, not this, bounds the pace. */
const SUBMIT_CONCURRENCY = 4;
/** A job is first looked at this long after its submit, then at growing intervals up to the cap. */
const FIRST_POLL_MS = 500;
const MAX_POLL_INTERVAL_MS = 30_000;

export interface BulkSettings {
	waitForCompletion: boolean;
	maxWaitMs: number;
	continueOnFail: boolean;
	/** Fail the run (after every record's outcome is known) when any record failed. */
	failOnRecordError: boolean;
}

interface SubmittedJob {
	request: BulkRequest;
	bulkId: string;
	status?: string;
	submittedAt: number;
}

interface FailedRequest {
	request: BulkRequest;
	error: unknown;
}

function describeItems(request: BulkRequest): string {
	const items = [...new Set(request.entries.map((entry) => entry.itemIndex))];
	return items.length === 1 ? `input item ${items[0]}` : `input items ${items[0]} to ${items[items.length - 1]}`;
}

/** Sends the requests, a few at a time within the rate budget; a 413 splits the request and goes on. */
async function submitAll(client: KustomerClient, requests: BulkRequest[], stopOnFailure: boolean) {
	const queue = [...requests];
	const jobs: SubmittedJob[] = [];
	const failed: FailedRequest[] = [];
	const submitOne = async (request: BulkRequest) => {
		try {
			const body = await client.request({
				method: request.method,
				path: request.path,
				qs: request.qs,
				body: request.body,
				// Updating the same records twice changes nothing more; creating them twice duplicates them.
				idempotent: request.method === 'PUT',
			});
			const bulkId = bulkIdOf(body);
			if (!bulkId) throw new KustomerTransportError('Kustomer accepted the bulk request but returned no bulk job ID');
			jobs.push({ request, bulkId, status: bulkStatusOf(body), submittedAt: Date.now() });
		} catch (error) {
			const tooLarge = error instanceof KustomerHttpError && error.status === 413;
			if (tooLarge && request.entries.length > 1) queue.unshift(...splitRequest(request));
			else failed.push({ request, error });
		}
	};
	const worker = async () => {
		for (let request = queue.shift(); request; request = queue.shift()) {
			if (stopOnFailure && failed.length) return;
			await submitOne(request);
		}
	};
	await Promise.all(Array.from({ length: SUBMIT_CONCURRENCY }, worker));
	return { jobs, failed };
}

/** Follows each job (oldest first: when it is done, the later ones mostly are too) until its batches tell every record's outcome. */
async function followJobs(client: KustomerClient, jobs: SubmittedJob[], maxWaitMs: number) {
	const deadline = Date.now() + maxWaitMs;
	const outcomes: RecordOutcome[] = [];
	const unfinished: SubmittedJob[] = [];
	// How old a job was when one was last found done after an unfinished look: later jobs are first read at that age.
	let expectedAgeMs = FIRST_POLL_MS;
	for (const job of jobs) {
		let interval = FIRST_POLL_MS;
		let wait = job.submittedAt + expectedAgeMs - Date.now();
		for (let looks = 1; ; looks++) {
			if (Date.now() + Math.max(0, wait) > deadline) {
				unfinished.push(job);
				break;
			}
			if (wait > 0) await sleep(wait);
			const batches = readBatches(
				await client.request({ method: 'GET', path: `/v1/bulk/${encodeURIComponent(job.bulkId)}/batches`, idempotent: true }),
			);
			if (isFinished(batches, job.request)) {
				outcomes.push(...outcomesOf(job.request, batches, job.bulkId));
				if (looks > 1) expectedAgeMs = Math.max(expectedAgeMs, Date.now() - job.submittedAt);
				break;
			}
			wait = interval;
			interval = Math.min(interval * 2, MAX_POLL_INTERVAL_MS);
		}
	}
	return { outcomes, unfinished };
}

/**
 * One output item per record: its outcome, the input item it came from and the values that identify that
 * row as given; a failed one shaped by errorJson, so "Continue (using error output)" routes it there.
 */
function outcomeItem(node: INode, outcome: RecordOutcome): INodeExecutionData {
	const { id, status, itemIndex, identity, bulkId, error, description } = outcome;
	const json: IDataObject = { id: id ?? null, status, itemIndex, ...identity, bulkId: bulkId ?? null };
	if (description !== undefined) json.description = description;
	const pairedItem = { item: itemIndex };
	if (status === 'error') return { json: errorJson(node, error ?? 'Kustomer refused this record', json), pairedItem };
	return { json, pairedItem };
}

function failedOutcomes(request: BulkRequest, error: string, bulkId?: string): RecordOutcome[] {
	return request.entries.map((entry) => ({
		itemIndex: entry.itemIndex,
		id: entry.id,
		identity: entry.identity,
		status: 'error' as const,
		error,
		bulkId,
	}));
}

function submittedSummary(jobs: SubmittedJob[]): string {
	const records = jobs.reduce((sum, job) => sum + job.request.entries.length, 0);
	return jobs.length
		? `${records} records were already submitted in bulk jobs ${jobs.map((job) => job.bulkId).join(', ')}: ` +
				'running the node again on every item sends them again.'
		: 'No records were submitted.';
}

/** "4, 77 and 190", or the first ten and how many more. */
function itemList(itemIndexes: number[]): string {
	const shown = itemIndexes.slice(0, 10).join(', ');
	return itemIndexes.length > 10 ? `${shown} and ${itemIndexes.length - 10} more` : shown;
}

/** The counts a person reads first: "247 created, 3 failed (input items 4, 77, 190)". */
function countsOf(outcomes: RecordOutcome[], success: string) {
	const failedItems = [...new Set(outcomes.filter((o) => o.status === 'error').map((o) => o.itemIndex))];
	const succeeded = outcomes.filter((o) => o.status !== 'error').length;
	const failed = outcomes.length - succeeded;
	const items = `input item${failedItems.length > 1 ? 's' : ''} ${itemList(failedItems)}`;
	const parts = [...(succeeded ? [`${succeeded} ${success}`] : []), ...(failed ? [`${failed} failed (${items})`] : [])];
	return { succeeded, failed, text: parts.join(', ') };
}

/**
 * The output items, in input order. Failed records are shown as a warning in the output pane or, when the
 * user asked for it (and On Error stops the workflow), fail the run with what was already done.
 */
function reportOutcomes(
	context: IExecuteFunctions,
	outcomes: RecordOutcome[],
	settings: BulkSettings,
	success: string,
	jobs: SubmittedJob[],
): INodeExecutionData[] {
	const node = context.getNode();
	const counts = countsOf(outcomes, success);
	if (counts.failed && settings.failOnRecordError && !settings.continueOnFail) {
		const jobIds = jobs.map((job) => job.bulkId).join(', ');
		throw new NodeOperationError(node, counts.text, {
			description:
				`${counts.succeeded} records were ${success} in Kustomer${jobIds ? ` by bulk jobs ${jobIds}` : ''}; ` +
				'running the node again on every item would send them again. ' +
				'Correct and re-run only the failed items. ' +
				`First error: ${outcomes.find((o) => o.status === 'error')?.error ?? 'unknown'}`,
		});
	}
	const submitted = jobs.reduce((sum, job) => sum + job.request.entries.length, 0);
	const unchecked = settings.waitForCompletion
		? ''
		: `${submitted} records submitted in ${jobs.length} bulk job${jobs.length === 1 ? '' : 's'}, outcome not ` +
			'checked (turn on "Wait for Completion" for one item per record)';
	const message = [unchecked, counts.text].filter(Boolean).join('; ');
	if (counts.failed) {
		const where =
			node.onError === 'continueErrorOutput' ? 'they are on the error output' : 'their items have status "error"';
		context.addExecutionHints({ message: `${message}: ${where}.`, type: 'warning', location: 'outputPane' });
	} else if (unchecked) {
		context.addExecutionHints({ message: `${message}.`, type: 'info', location: 'outputPane' });
	}
	return outcomes.sort((a, b) => a.itemIndex - b.itemIndex).map((outcome) => outcomeItem(node, outcome));
}

/**
 * Runs planned bulk requests to their end: submit within the rate budget, follow the jobs, and give one
 * output item per record (or per request without Wait for Completion), each paired with its input item.
 */
export async function runBulk(
	context: IExecuteFunctions,
	client: KustomerClient,
	requests: BulkRequest[],
	settings: BulkSettings,
	earlyOutcomes: RecordOutcome[] = [],
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	const { jobs, failed } = await submitAll(client, requests, !settings.continueOnFail);
	const outcomes = [...earlyOutcomes];

	for (const { request, error } of failed) {
		const apiError = toNodeApiError(node, error, { method: request.method, path: request.path });
		const mayExist = error instanceof KustomerTransportError && request.method === 'POST';
		const refs = mayExist ? ` Their _clientRef values: ${request.entries.map((entry) => entry.clientRef).join(', ')}.` : '';
		if (!settings.continueOnFail) {
			// No itemIndex: the whole request failed, not its first item.
			throw new NodeApiError(node, { message: apiError.message }, {
				message: `Bulk request for ${describeItems(request)} failed: ${apiError.message}`,
				description: `${apiError.description ?? ''} ${submittedSummary(jobs)}${refs}`.trim(),
				httpCode: apiError.httpCode ?? undefined,
			});
		}
		outcomes.push(...failedOutcomes(request, `${apiError.message}${refs}`));
	}

	const success = requests[0]?.success ?? 'created';
	if (!settings.waitForCompletion) {
		// No `id`: a job item is not a record, and the next node would take an `id` for one. In input order,
		// whichever submit Kustomer answered first.
		const firstItem = (job: SubmittedJob) => job.request.entries[0]?.itemIndex ?? 0;
		const inOrder = [...jobs].sort((x, y) => firstItem(x) - firstItem(y));
		const jobItems = inOrder.map(({ request, bulkId, status }) => ({
			json: { bulkId, status: status ?? 'queued', records: request.entries.length } as IDataObject,
			pairedItem: [...new Set(request.entries.map((entry) => entry.itemIndex))].map((item) => ({ item })),
		}));
		return [...jobItems, ...reportOutcomes(context, outcomes, settings, success, jobs)];
	}

	const followed = await followJobs(client, jobs, settings.maxWaitMs);
	outcomes.push(...followed.outcomes);
	if (followed.unfinished.length) {
		const ids = followed.unfinished.map((job) => job.bulkId).join(', ');
		const message = `Kustomer had not finished bulk job${followed.unfinished.length > 1 ? 's' : ''} ${ids} within the maximum wait of ${Math.round(settings.maxWaitMs / 1000)} s`;
		if (!settings.continueOnFail) {
			throw new NodeOperationError(node, message, {
				description: `The jobs keep running in Kustomer; look them up at GET /v1/bulk/{id}, or raise "Max Wait" in the node options. ${submittedSummary(jobs)}`,
			});
		}
		for (const job of followed.unfinished) outcomes.push(...failedOutcomes(job.request, message, job.bulkId));
	}
	return reportOutcomes(context, outcomes, settings, success, jobs);
}
