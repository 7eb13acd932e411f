import type { IDataObject } from 'n8n-workflow';

import type { BulkRequest, RecordOutcome } from './plan';

/** One batch of a bulk job, read defensively: Kustomer has not published the shape of these answers. */
export interface BatchView {
	status: string;
	results?: Array<{ _clientRef?: string; objectId?: string; status?: string; error?: unknown }>;
	objectIds: string[];
	successCount?: number;
	failureCount?: number;
	errors: unknown[];
}

function attributesOf(resource: unknown): IDataObject {
	const object = (resource ?? {}) as IDataObject;
	return { ...object, ...((object.attributes as IDataObject | undefined) ?? {}) };
}

/** The bulk job's ID from a submit answer (`data.id`, or `id` at the top). */
export function bulkIdOf(body: unknown): string | undefined {
	const data = (body as IDataObject | undefined)?.data as IDataObject | undefined;
	const id = data?.id ?? (body as IDataObject | undefined)?.id;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The job's status from a submit or poll answer, wherever it is put. */
export function bulkStatusOf(body: unknown): string | undefined {
	const data = (body as IDataObject | undefined)?.data ?? body;
	const status = attributesOf(data).status;
	return typeof status === 'string' ? status : undefined;
}

/** The batches of `GET /v1/bulk/{id}/batches`: a `data` list or a plain array. */
export function readBatches(body: unknown): BatchView[] {
	const list = Array.isArray(body) ? body : (body as IDataObject | undefined)?.data;
	if (!Array.isArray(list)) return [];
	return list.map((batch) => {
		const attributes = attributesOf(batch);
		const count = (value: unknown) => (typeof value === 'number' ? value : undefined);
		return {
			status: String(attributes.status ?? ''),
			results: Array.isArray(attributes.results) ? (attributes.results as BatchView['results']) : undefined,
			objectIds: Array.isArray(attributes.objectIds) ? (attributes.objectIds as string[]) : [],
			successCount: count(attributes.successCount),
			failureCount: count(attributes.failureCount),
			errors: Array.isArray(attributes.errors) ? attributes.errors : [],
		};
	});
}

/**
 * Whether the batches tell the whole outcome: every batch complete and, where Kustomer counts or lists
 * results, every record of the request accounted for (batches may be created as the job runs).
 */
export function isFinished(batches: BatchView[], request: BulkRequest): boolean {
	if (batches.length === 0 || batches.some((batch) => batch.status !== 'complete')) return false;
	const expected = request.qs?.ids ? new Set(request.entries.map((entry) => entry.id)).size : request.body.length;
	const results = batches.reduce((sum, batch) => sum + (batch.results?.length ?? 0), 0);
	const counted = batches.reduce((sum, batch) => sum + (batch.successCount ?? 0) + (batch.failureCount ?? 0), 0);
	const anyCounts = batches.some((batch) => batch.successCount !== undefined || batch.results !== undefined);
	return !anyCounts || results >= expected || counted >= expected;
}

function errorText(error: unknown): string {
	if (typeof error === 'string') return error;
	const object = (error ?? {}) as IDataObject;
	return String(object.message ?? object.detail ?? object.title ?? JSON.stringify(error));
}

/** One outcome per entry of the request, from the job's batches: by `_clientRef`, else by object ID. */
export function outcomesOf(request: BulkRequest, batches: BatchView[], bulkId: string): RecordOutcome[] {
	const results = batches.flatMap((batch) => batch.results ?? []);
	const byRef = new Map(results.filter((r) => r._clientRef).map((r) => [r._clientRef!, r]));
	const byId = new Map(results.filter((r) => r.objectId).map((r) => [r.objectId!, r]));
	const listed = new Set(batches.flatMap((batch) => batch.objectIds));
	const failures = batches.reduce((sum, batch) => sum + (batch.failureCount ?? 0), 0);
	const batchErrors = batches.flatMap((batch) => batch.errors).map(errorText);

	return request.entries.map((entry) => {
		const result = (entry.clientRef && byRef.get(entry.clientRef)) || (entry.id && byId.get(entry.id)) || undefined;
		if (result) {
			const failed = result.status === 'error' || result.error !== undefined;
			return {
				itemIndex: entry.itemIndex,
				identity: entry.identity,
				id: result.objectId ?? entry.id,
				status: failed ? 'error' : request.success,
				error: failed ? errorText(result.error ?? 'Kustomer reported an error for this record') : undefined,
				bulkId,
			};
		}
		if ((entry.id && listed.has(entry.id)) || (results.length === 0 && failures === 0)) {
			const { itemIndex, identity, id } = entry;
			return { itemIndex, identity, id, status: request.success, bulkId };
		}
		return {
			itemIndex: entry.itemIndex,
			identity: entry.identity,
			id: entry.id,
			status: 'error',
			error:
				`Kustomer did not report this record's outcome in bulk job ${bulkId}` +
				`${batchErrors.length ? `; the job's errors: ${batchErrors.join('; ')}` : ''}`,
			bulkId,
		};
	});
}
