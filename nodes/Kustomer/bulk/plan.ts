import type { IDataObject } from 'n8n-workflow';

/** Kustomer accepts at most this many records (or IDs) in one bulk request. */
export const MAX_BULK_RECORDS = 100;

/** One record of a bulk request and the input item it came from. */
export interface BulkEntry {
	itemIndex: number;
	/** The record's ID, for updates. */
	id?: string;
	/** Tags the record in the request so Kustomer's per-record result maps back to it. */
	clientRef?: string;
}

/** One bulk request to send. */
export interface BulkRequest {
	method: 'POST' | 'PUT' | 'DELETE';
	path: string;
	qs?: IDataObject;
	body: IDataObject[];
	entries: BulkEntry[];
	/** What a successful record becomes. */
	success: 'created' | 'updated' | 'deleted';
}

export interface RecordOutcome {
	itemIndex: number;
	id?: string;
	status: 'created' | 'updated' | 'deleted' | 'error';
	error?: string;
	bulkId?: string;
}

export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	return chunks;
}

/** The `_clientRef` of an item's record; unique within a run while each item gives one record. */
export const clientRefOf = (itemIndex: number) => `n8n-item-${itemIndex}`;

/**
 * Records (Bulk Create, Bulk Update) in requests of `batchSize`, each record tagged: by its item's
 * `_clientRef`, or by its own where one item gives several records.
 */
export function planRecords(
	records: Array<{ itemIndex: number; record: IDataObject; clientRef?: string }>,
	batchSize: number,
	request: Pick<BulkRequest, 'method' | 'path' | 'success'>,
): BulkRequest[] {
	const tagged = records.map((entry) => ({ ...entry, clientRef: entry.clientRef ?? clientRefOf(entry.itemIndex) }));
	return chunk(tagged, batchSize).map((part) => ({
		...request,
		body: part.map(({ record, clientRef }) => ({ ...record, _clientRef: clientRef })),
		entries: part.map(({ itemIndex, record, clientRef }) => ({
			itemIndex,
			id: typeof record.id === 'string' ? record.id : undefined,
			clientRef,
		})),
	}));
}

/**
 * One change for many IDs (Bulk Update "same for all"; Bulk Delete, with no changes): items whose changes
 * are equal travel together, as `?ids=` requests of at most `batchSize` distinct IDs.
 */
export function planSameChanges(
	items: Array<{ itemIndex: number; ids: string[]; changes?: IDataObject }>,
	batchSize: number,
	path: string,
	kind: Pick<BulkRequest, 'method' | 'success'> = { method: 'PUT', success: 'updated' },
): BulkRequest[] {
	const groups = new Map<string, { changes?: IDataObject; entries: BulkEntry[] }>();
	for (const { itemIndex, ids, changes } of items) {
		const key = JSON.stringify(changes ?? null);
		const group = groups.get(key) ?? { changes, entries: [] };
		groups.set(key, group);
		for (const id of ids) group.entries.push({ itemIndex, id });
	}
	const requests: BulkRequest[] = [];
	for (const { changes, entries } of groups.values()) {
		const distinct = [...new Set(entries.map((entry) => entry.id!))];
		for (const ids of chunk(distinct, batchSize)) {
			const inRequest = new Set(ids);
			requests.push({
				...kind,
				path,
				qs: { ids: ids.join(',') },
				body: changes ? [changes] : [],
				entries: entries.filter((entry) => inRequest.has(entry.id!)),
			});
		}
	}
	return requests;
}

/** Halves a request Kustomer found too large (413); entries stay with their records. */
export function splitRequest(request: BulkRequest): [BulkRequest, BulkRequest] {
	if (request.qs?.ids) {
		const ids = String(request.qs.ids).split(',');
		const half = Math.ceil(ids.length / 2);
		const part = (list: string[]): BulkRequest => {
			const inPart = new Set(list);
			return { ...request, qs: { ...request.qs, ids: list.join(',') }, entries: request.entries.filter((e) => inPart.has(e.id!)) };
		};
		return [part(ids.slice(0, half)), part(ids.slice(half))];
	}
	const half = Math.ceil(request.body.length / 2);
	return [
		{ ...request, body: request.body.slice(0, half), entries: request.entries.slice(0, half) },
		{ ...request, body: request.body.slice(half), entries: request.entries.slice(half) },
	];
}
