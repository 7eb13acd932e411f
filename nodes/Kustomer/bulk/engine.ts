import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { errorJson } from '../core/output';
import type { KustomerClient } from '../core/transport/client';
import { KustomerHttpError, KustomerTransportError, toNodeApiError } from '../core/transport/errors';
import { outcomeOf } from '../core/transport/retry';
import type { BulkRequest, RecordOutcome } from './plan';
import { splitRequest } from './plan';
import { bulkIdOf, bulkStatusOf, isFinished, outcomesOf, readBatches } from './results';

/**
 * Requests of one run in flight at once, submits and job reads together. At 200 ms from Kustomer, 16 carry
 * 80 requests a second: more than the largest plan's budget lets an org spend (2,000 a minute), even in the
 * burst a fresh window allows, yet few enough that a run never opens hundreds of sockets. The rate budget,
 * not this, sets the pace.
 */
const MAX_IN_FLIGHT = 16;
/**
 * A job is first read this long after its submit, plus a little per record (its processing grows with its
 * size), up to Kustomer's suggested first poll of 2 s; a job not done then is read again at doubling intervals.
 */
const FIRST_LOOK_BASE_MS = 500;
const FIRST_LOOK_PER_RECORD_MS = 15;
const FIRST_LOOK_MAX_MS = 2000;
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
	/** When the submit went out: Kustomer started the job about then. */
	sentAt: number;
}

interface FailedRequest {
	request: BulkRequest;
	error: unknown;
}

/** What became of requests, in the order they were planned (a split request's halves in its place). */
interface Settled {
	jobs: SubmittedJob[];
	failed: FailedRequest[];
	outcomes: RecordOutcome[];
	unfinished: SubmittedJob[];
}

function describeItems(request: BulkRequest): string {
	const items = [...new Set(request.entries.map((entry) => entry.itemIndex))];
	return items.length === 1 ? `input item ${items[0]}` : `input items ${items[0]} to ${items[items.length - 1]}`;
}

function merge(parts: Settled[]): Settled {
	return {
		jobs: parts.flatMap((part) => part.jobs),
		failed: parts.flatMap((part) => part.failed),
		outcomes: parts.flatMap((part) => part.outcomes),
		unfinished: parts.flatMap((part) => part.unfinished),
	};
}

const nothing = (): Settled => ({ jobs: [], failed: [], outcomes: [], unfinished: [] });

/**
 * At most `size` tasks at once; submits go ahead of job reads, so the last jobs start processing as early
 * as the budget allows and reads of the earlier ones fill the time while they run.
 */
class Lanes {
	private readonly waiting = { read: [] as Array<() => void>, submit: [] as Array<() => void> };

	constructor(private free: number) {}

	async run<T>(kind: 'read' | 'submit', task: () => Promise<T>): Promise<T> {
		if (this.free > 0) this.free--;
		else await new Promise<void>((resolve) => this.waiting[kind].push(resolve));
		try {
			return await task();
		} finally {
			const next = this.waiting.submit.shift() ?? this.waiting.read.shift();
			if (next) next();
			else this.free++;
		}
	}
}

/**
 * Sends a run's requests and follows their jobs at the same time: a job is read once its processing should
 * be done while later requests are still being submitted, all within MAX_IN_FLIGHT and the rate budget.
 */
class BulkSchedule {
	private readonly lanes = new Lanes(MAX_IN_FLIGHT);
	private stopped = false;
	/** How old a job was when one was found done after an unfinished read; later jobs are first read at that age. */
	private learnedAgeMs = 0;
	/** The first job followed is read alone until it is done, so that the others are not all read too early. */
	private calibration?: Promise<void>;

	constructor(
		private readonly client: KustomerClient,
		private readonly settings: BulkSettings,
	) {}

	async run(requests: BulkRequest[]): Promise<Settled> {
		const parts = Promise.all(requests.map(async (request) => await this.settle(request)));
		// A read that failed for good ends the run (the await throws its error); the other jobs stop where they are.
		void parts.catch(() => (this.stopped = true));
		return merge(await parts);
	}

	/** Submits one request (a 413 splits it and goes on) and, with Wait for Completion, follows its job. */
	private async settle(request: BulkRequest): Promise<Settled> {
		let sentAt = 0;
		const submitted = await this.lanes.run('submit', async () =>
			this.stopped
				? undefined
				: await outcomeOf(
						async () =>
							await this.client.request({
								method: request.method,
								path: request.path,
								qs: request.qs,
								// A bulk delete names its records in `?ids=` and has no body.
								body: request.method === 'DELETE' ? undefined : request.body,
								// Updating or deleting the same records twice changes nothing more; creating them twice duplicates them.
								idempotent: request.method !== 'POST',
								onSend: () => (sentAt = Date.now()),
							}),
					),
		);
		if (!submitted) return nothing();
		if (!submitted.ok) {
			const { error } = submitted;
			const tooLarge = error instanceof KustomerHttpError && error.status === 413;
			if (tooLarge && request.entries.length > 1) return await this.run(splitRequest(request));
			if (!this.settings.continueOnFail) this.stopped = true;
			return { ...nothing(), failed: [{ request, error }] };
		}
		const bulkId = bulkIdOf(submitted.value);
		if (!bulkId) {
			const error = new KustomerTransportError('Kustomer accepted the bulk request but returned no bulk job ID');
			if (!this.settings.continueOnFail) this.stopped = true;
			return { ...nothing(), failed: [{ request, error }] };
		}
		const job: SubmittedJob = { request, bulkId, status: bulkStatusOf(submitted.value), sentAt };
		if (!this.settings.waitForCompletion) return { ...nothing(), jobs: [job] };
		return { ...(await this.follow(job)), jobs: [job] };
	}

	/** Reads the job's batches when it should be done, then at growing intervals, until they tell every outcome. */
	private async follow(job: SubmittedJob): Promise<Settled> {
		const probe = !this.calibration;
		let calibrated = () => {};
		if (probe) this.calibration = new Promise<void>((resolve) => (calibrated = resolve));
		else await this.calibration;
		try {
			return await this.look(job, probe);
		} finally {
			calibrated();
		}
	}

	private async look(job: SubmittedJob, probe: boolean): Promise<Settled> {
		const deadline = job.sentAt + this.settings.maxWaitMs;
		const records = job.request.entries.length;
		const firstLookMs = Math.min(FIRST_LOOK_MAX_MS, FIRST_LOOK_BASE_MS + FIRST_LOOK_PER_RECORD_MS * records);
		let interval = firstLookMs;
		let lookAt = job.sentAt + Math.max(firstLookMs, probe ? 0 : this.learnedAgeMs);
		for (let looks = 1; ; looks++) {
			const wait = lookAt - Date.now();
			if (Date.now() + Math.max(0, wait) > deadline) return { ...nothing(), unfinished: [job] };
			if (wait > 0) await sleep(wait);
			if (this.stopped) return nothing();
			let sentAt = 0;
			const batches = readBatches(
				await this.lanes.run(
					'read',
					async () =>
						await this.client.request({
							method: 'GET',
							path: `/v1/bulk/${encodeURIComponent(job.bulkId)}/batches`,
							idempotent: true,
							onSend: () => (sentAt = Date.now()),
						}),
				),
			);
			if (isFinished(batches, job.request)) {
				if (looks > 1) this.learnedAgeMs = Math.max(this.learnedAgeMs, sentAt - job.sentAt);
				return { ...nothing(), outcomes: outcomesOf(job.request, batches, job.bulkId) };
			}
			lookAt = Date.now() + interval;
			interval = Math.min(interval * 2, MAX_POLL_INTERVAL_MS);
		}
	}
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
	const { jobs, failed, ...followed } = await new BulkSchedule(client, settings).run(requests);
	const outcomes = [...earlyOutcomes];

	for (const { request, error } of failed) {
		const apiError = toNodeApiError(node, error, { method: request.method, path: request.path });
		const mayExist = error instanceof KustomerTransportError && request.method === 'POST';
		const refs = mayExist
			? ` Their _clientRef values: ${request.entries.map((entry) => entry.clientRef).join(', ')}.`
			: '';
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
		// No `id`: a job item is not a record, and the next node would take an `id` for one. The schedule gives
		// the jobs in submit order, whichever submit Kustomer answered first.
		const jobItems = jobs.map(({ request, bulkId, status }) => ({
			json: { bulkId, status: status ?? 'queued', records: request.entries.length } as IDataObject,
			pairedItem: [...new Set(request.entries.map((entry) => entry.itemIndex))].map((item) => ({ item })),
		}));
		return [...jobItems, ...reportOutcomes(context, outcomes, settings, success, jobs)];
	}

	outcomes.push(...followed.outcomes);
	if (followed.unfinished.length) {
		const ids = followed.unfinished.map((job) => job.bulkId).join(', ');
		const message =
			`Kustomer had not finished bulk job${followed.unfinished.length > 1 ? 's' : ''} ${ids} ` +
			`within the maximum wait of ${Math.round(settings.maxWaitMs / 1000)} s`;
		if (!settings.continueOnFail) {
			throw new NodeOperationError(node, message, {
				description:
					'The jobs keep running in Kustomer; look them up at GET /v1/bulk/{id}, or raise "Max Wait" in the node options. ' +
					`${submittedSummary(jobs)}`,
			});
		}
		for (const job of followed.unfinished) outcomes.push(...failedOutcomes(job.request, message, job.bulkId));
	}
	return reportOutcomes(context, outcomes, settings, success, jobs);
}
