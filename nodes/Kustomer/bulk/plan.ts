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
	method: 'POST' | 'PUT';
	path: string;
	qs?: IDataObject;
	body: IDataObject[];
	entries: BulkEntry[];
	/** What a successful record becomes: `created` or `updated`. */
	success: 'created' | 'updated';
}

export interface RecordOutcome {
	itemIndex: number;
	id?: string;
	status: 'created' | 'updated' | 'error';
	error?: string;
	bulkId?: string;
}

export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	return chunks;
}

/** The `_clientRef` of an item's record; unique within a run because each item gives one record. */
export const clientRefOf = (itemIndex: number) => `n8n-item-${itemIndex}`;

/** Per-item records (Bulk Create, Bulk Update per item) in requests of `batchSize`, each record tagged. */
export function planRecords(
	records: Array<{ itemIndex: number; record: IDataObject }>,
	batchSize: number,
	request: Pick<BulkRequest, 'method' | 'path' | 'success'>,
): BulkRequest[] {
	return chunk(records, batchSize).map((part) => ({
		...request,
		body: part.map(({ itemIndex, record }) => ({ ...record, _clientRef: clientRefOf(itemIndex) })),
		entries: part.map(({ itemIndex, record }) => ({
			itemIndex,
			id: typeof record.id === 'string' ? record.id : undefined,
			clientRef: clientRefOf(itemIndex),
		})),
	}));
}

/**
 * One change for many IDs (Bulk Update "same for all"): items whose changes are equal travel together, as
 * `?ids=` requests of at most `batchSize` distinct IDs.
 */
export function planSameChanges(
	items: Array<{ itemIndex: number; ids: string[]; changes: IDataObject }>,
	batchSize: number,
	path: string,
): BulkRequest[] {
	// Per distinct change, each ID's entries in input order: a request takes its IDs' entries without a scan.
	const groups = new Map<string, { changes: IDataObject; entriesById: Map<string, BulkEntry[]> }>();
	const inputOrder = new Map<BulkEntry, number>();
	for (const { itemIndex, ids, changes } of items) {
		const key = JSON.stringify(changes);
		let group = groups.get(key);
		if (!group) groups.set(key, (group = { changes, entriesById: new Map() }));
		for (const id of ids) {
			const entry = { itemIndex, id };
			inputOrder.set(entry, inputOrder.size);
			const entries = group.entriesById.get(id);
			if (entries) entries.push(entry);
			else group.entriesById.set(id, [entry]);
		}
	}
	const requests: BulkRequest[] = [];
	for (const { changes, entriesById } of groups.values()) {
		for (const ids of chunk([...entriesById.keys()], batchSize)) {
			requests.push({
				method: 'PUT',
				path,
				qs: { ids: ids.join(',') },
				body: [changes],
				// Input order: items in turn, each item's IDs as it listed them.
				entries: ids.flatMap((id) => entriesById.get(id)!).sort((a, b) => inputOrder.get(a)! - inputOrder.get(b)!),
				success: 'updated',
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
