/**
 * Bulk jobs: POST/PUT /v1/<plural>/bulk, GET /v1/bulk/{id}, GET /v1/bulk/{id}/batches.
 *
 * Records are applied to the store at submit time (the job "runs in the background" whether or not anyone
 * polls); the job's reported status advances one step per GET /v1/bulk/{id} poll.
 */
import type { MockKustomerOptions, RecordFailurePredicate, ResourceName } from './types';
import { badRequest, PLURAL } from './jsonapi';
import { isPlainObject, validateRecord } from './validation';
import { newId, type Store } from './store';

export const MAX_BULK_ITEMS = 100;
const TOO_MANY = `Bulk requests accept at most ${MAX_BULK_ITEMS} items`;

export interface BulkItemResult {
	/** Position in the submitted array (or in the ids list). */
	index: number;
	clientRef?: string;
	objectId?: string;
	status: 'created' | 'updated' | 'deleted' | 'error';
	error?: string;
}

export interface BulkJob {
	id: string;
	resource: ResourceName;
	op: 'create' | 'update' | 'delete';
	context: string;
	results: BulkItemResult[];
	/** Batches carry `results` (records had _clientRef, or ids= mode). */
	withResults: boolean;
	/** Results include _clientRef. */
	withClientRef: boolean;
	batchSize: number;
	batchIds: string[];
	pollsUntilComplete: number;
	polls: number;
	completedAt: string;
	submittedAt: number;
	/** Set: the job also completes once this long has passed since its submit. */
	processingMs?: number;
}

type Status = 'queued' | 'running' | 'complete';

export class BulkManager {
	readonly jobs = new Map<string, BulkJob>();

	constructor(
		private readonly store: Store,
		private readonly getOptions: () => MockKustomerOptions,
		private readonly getPredicate: () => RecordFailurePredicate | undefined,
	) {}

	clear(): void {
		this.jobs.clear();
	}

	// ---- submit ------------------------------------------------------------------------------------

	/** POST /<plural>/bulk; `extra` joins every record (a KObject's Klass). Throws HttpError(400) for request-level problems. */
	submitCreate(resource: ResourceName, body: unknown, extra: Record<string, unknown> = {}): BulkJob {
		const items = checkArray(body);
		const withClientRef = checkClientRefs(items);
		const predicate = this.getPredicate();
		const results: BulkItemResult[] = items.map((item, index) => {
			const clientRef = withClientRef ? ((item as Record<string, unknown>)._clientRef as string) : undefined;
			const fail = (error: string): BulkItemResult => ({ index, clientRef, status: 'error', error });
			if (!isPlainObject(item)) return fail('Record must be a JSON object');
			const record = omit(item, '_clientRef');
			const bad = validateRecord(resource, 'create', record);
			if (bad) return fail(bad.detail);
			if (typeof record.id === 'string' && this.store.get(resource, record.id)) {
				return fail(`${resource} ${record.id} already exists`);
			}
			const taken = this.store.externalIdTaken(resource, record);
			if (taken) return fail(taken);
			const injected = predicate?.(resource, item);
			if (typeof injected === 'string') return fail(injected);
			const rec = this.store.create(resource, { ...record, ...extra });
			return { index, clientRef, objectId: rec.id, status: 'created' };
		});
		return this.newJob(resource, 'create', results, withClientRef, withClientRef);
	}

	/** DELETE /<plural>/bulk?ids=a,b,c (BulkDeleteCustomers, BulkDeleteKObjects). */
	submitDelete(resource: ResourceName, query: Record<string, string>): BulkJob {
		const ids = idsOf(query);
		const predicate = this.getPredicate();
		const results: BulkItemResult[] = ids.map((id, index) => {
			const fail = (error: string): BulkItemResult => ({ index, objectId: id, status: 'error', error });
			if (!this.store.get(resource, id)) return fail('not found');
			const injected = predicate?.(resource, { id });
			if (typeof injected === 'string') return fail(injected);
			this.store.delete(resource, id);
			return { index, objectId: id, status: 'deleted' };
		});
		return this.newJob(resource, 'delete', results, true, false);
	}

	/** PUT /<plural>/bulk, either an array of {id, ...changes} or ?ids=a,b,c with one change object. */
	submitUpdate(resource: ResourceName, body: unknown, query: Record<string, string>): BulkJob {
		const predicate = this.getPredicate();
		if (query.ids !== undefined) {
			const ids = idsOf(query);
			let changes: unknown = body;
			if (Array.isArray(body)) {
				if (body.length !== 1) {
					throw badRequest('With ids, the body must be one object (or a one-element array) of changes', '/');
				}
				changes = body[0];
			}
			if (!isPlainObject(changes)) {
				throw badRequest('With ids, the body must be one object (or a one-element array) of changes', '/');
			}
			if ('_clientRef' in changes) throw badRequest('_clientRef is not allowed with ids', '/_clientRef');
			const change = changes;
			const results: BulkItemResult[] = ids.map((id, index) => {
				const fail = (error: string): BulkItemResult => ({ index, objectId: id, status: 'error', error });
				if (!this.store.get(resource, id)) return fail('not found');
				const bad = validateRecord(resource, 'update', change);
				if (bad) return fail(bad.detail);
				const injected = predicate?.(resource, { id, ...change });
				if (typeof injected === 'string') return fail(injected);
				this.store.update(resource, id, change);
				return { index, objectId: id, status: 'updated' };
			});
			return this.newJob(resource, 'update', results, true, false);
		}

		const items = checkArray(body);
		const withClientRef = checkClientRefs(items);
		const results: BulkItemResult[] = items.map((item, index) => {
			const clientRef = withClientRef ? ((item as Record<string, unknown>)._clientRef as string) : undefined;
			if (!isPlainObject(item)) return { index, clientRef, status: 'error', error: 'Record must be a JSON object' };
			const id = item.id;
			const fail = (error: string): BulkItemResult => ({
				index,
				clientRef,
				...(typeof id === 'string' && id ? { objectId: id } : {}),
				status: 'error',
				error,
			});
			if (typeof id !== 'string' || !id) return fail('id is required');
			if (!this.store.get(resource, id)) return fail('not found');
			const changes = omit(item, '_clientRef', 'id');
			const bad = validateRecord(resource, 'update', changes);
			if (bad) return fail(bad.detail);
			const injected = predicate?.(resource, item);
			if (typeof injected === 'string') return fail(injected);
			this.store.update(resource, id, changes);
			return { index, clientRef, objectId: id, status: 'updated' };
		});
		return this.newJob(resource, 'update', results, withClientRef, withClientRef);
	}

	private newJob(
		resource: ResourceName,
		op: BulkJob['op'],
		results: BulkItemResult[],
		withResults: boolean,
		withClientRef: boolean,
	): BulkJob {
		const opts = this.getOptions();
		const batchSize = Math.max(1, Math.floor(opts.bulkBatchSize ?? 25));
		const batchCount = Math.ceil(results.length / batchSize);
		const job: BulkJob = {
			id: newId(),
			resource,
			op,
			context: `api.sobjects.${PLURAL[resource]}.bulk-${op}`,
			results,
			withResults,
			withClientRef,
			batchSize,
			batchIds: Array.from({ length: batchCount }, () => newId()),
			pollsUntilComplete: Math.max(0, Math.floor(opts.bulkPollsUntilComplete ?? 1)),
			polls: 0,
			completedAt: new Date().toISOString(),
			submittedAt: Date.now(),
			processingMs: opts.bulkProcessingMs,
		};
		this.jobs.set(job.id, job);
		return job;
	}

	/** The submit response envelope. */
	submitEnvelope(job: BulkJob): Record<string, unknown> {
		return {
			data: {
				type: 'bulk',
				id: job.id,
				attributes: { status: 'queued', completed: false, context: job.context, ids: [] },
				links: { self: `/v1/bulk/${job.id}` },
			},
		};
	}

	// ---- poll --------------------------------------------------------------------------------------

	private progress(job: BulkJob): { status: Status; complete: number; total: number } {
		const total = job.batchIds.length;
		const n = job.pollsUntilComplete;
		const p = job.polls;
		const processed = job.processingMs !== undefined && Date.now() - job.submittedAt >= job.processingMs;
		if (n === 0 || p > n || processed) return { status: 'complete', complete: total, total };
		if (p === 0) return { status: 'queued', complete: 0, total };
		const status: Status = p === 1 && n > 1 ? 'queued' : 'running';
		return { status, complete: Math.floor((total * (p - 1)) / n), total };
	}

	/** GET /bulk/{id}: counts one poll and reports the job's status. Undefined when unknown. */
	poll(id: string): Record<string, unknown> | undefined {
		const job = this.jobs.get(id);
		if (!job) return undefined;
		job.polls += 1;
		const { status, complete, total } = this.progress(job);
		return {
			data: {
				type: 'bulk',
				id: job.id,
				attributes: {
					status,
					completed: status === 'complete',
					context: job.context,
					batches: { complete, total },
				},
				links: { self: `/v1/bulk/${job.id}` },
			},
		};
	}

	/** GET /bulk/{id}/batches: a look at the job too, so it counts as a poll. Undefined when unknown. */
	batches(id: string): Record<string, unknown> | undefined {
		const job = this.jobs.get(id);
		if (!job) return undefined;
		job.polls += 1;
		const { complete } = this.progress(job);
		const data = job.batchIds.map((batchId, b) => {
			const slice = job.results.slice(b * job.batchSize, (b + 1) * job.batchSize);
			if (b >= complete) {
				const pending: Record<string, unknown> = {
					status: 'queued',
					objectIds: [],
					successCount: 0,
					failureCount: 0,
					completedAt: null,
					errors: [],
				};
				if (job.withResults) pending.results = [];
				return { type: 'bulk_batch', id: batchId, attributes: pending };
			}
			const ok = slice.filter((r) => r.status !== 'error');
			const failed = slice.filter((r) => r.status === 'error');
			const attributes: Record<string, unknown> = {
				status: 'complete',
				objectIds: ok.map((r) => r.objectId),
				successCount: ok.length,
				failureCount: failed.length,
				completedAt: job.completedAt,
				errors: failed.map((r) => ({
					index: r.index,
					...(r.clientRef !== undefined ? { _clientRef: r.clientRef } : {}),
					...(r.objectId !== undefined ? { objectId: r.objectId } : {}),
					error: r.error,
				})),
			};
			if (job.withResults) {
				attributes.results = slice.map((r) => {
					const out: Record<string, unknown> = {};
					if (job.withClientRef) out._clientRef = r.clientRef;
					if (r.objectId !== undefined) out.objectId = r.objectId;
					out.status = r.status;
					if (r.error !== undefined) out.error = r.error;
					return out;
				});
			}
			return { type: 'bulk_batch', id: batchId, attributes };
		});
		return { data, links: { self: `/v1/bulk/${job.id}/batches` } };
	}
}

function omit(obj: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(obj)) if (!keys.includes(k)) out[k] = v;
	return out;
}

// ---- request-level checks -------------------------------------------------------------------------

/** The `?ids=` list: 1 to 100 IDs. */
function idsOf(query: Record<string, string>): string[] {
	const ids = (query.ids ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
	if (ids.length === 0 || ids.length > MAX_BULK_ITEMS) throw badRequest(TOO_MANY, '/ids');
	return ids;
}

function checkArray(body: unknown): unknown[] {
	if (!Array.isArray(body)) throw badRequest('Bulk request body must be an array of records', '/');
	if (body.length === 0 || body.length > MAX_BULK_ITEMS) throw badRequest(TOO_MANY, '/');
	return body;
}

/** _clientRef is all-or-nothing, a non-empty string of at most 255 chars, unique in the request. */
function checkClientRefs(items: unknown[]): boolean {
	const has = items.map((it) => isPlainObject(it) && '_clientRef' in it);
	const count = has.filter(Boolean).length;
	if (count === 0) return false;
	if (count !== items.length) {
		const i = has.indexOf(false);
		throw badRequest('_clientRef must be set on every record or on none', `/${i}/_clientRef`);
	}
	const seen = new Set<string>();
	items.forEach((it, i) => {
		const ref = (it as Record<string, unknown>)._clientRef;
		if (typeof ref !== 'string' || ref.length === 0 || ref.length > 255) {
			throw badRequest('_clientRef must be a non-empty string of at most 255 characters', `/${i}/_clientRef`);
		}
		if (seen.has(ref)) throw badRequest(`Duplicate _clientRef ${ref}`, `/${i}/_clientRef`);
		seen.add(ref);
	});
	return true;
}
