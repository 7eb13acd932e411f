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
	/** What identifies the input in the output, as given: external ID, email, name. */
	identity?: IDataObject;
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
	/** What to do about the error, where there is more to say than its message. */
	description?: string;
	bulkId?: string;
	identity?: IDataObject;
}

export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	return chunks;
}

/** The `_clientRef` of an item's record; unique within a run while each item gives one record. */
export const clientRefOf = (itemIndex: number) => `n8n-item-${itemIndex}`;

/** The values of a record a person recognises their input row by, as they gave them. */
export function identityOf(record: IDataObject): IDataObject {
	const identity: IDataObject = {};
	const email = ((record.emails as IDataObject[] | undefined) ?? [])[0]?.email;
	for (const [key, value] of Object.entries({ externalId: record.externalId, email, name: record.name })) {
		if (typeof value === 'string' && value !== '') identity[key] = value;
	}
	return identity;
}

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
			identity: identityOf(record),
		})),
	}));
}

/** Records that more than one input item names, and which items. */
export interface DuplicateId {
	id: string;
	itemIndexes: number[];
}

/**
 * Takes out every record ID that more than one record of the run names: two changes to one record in bulk
 * requests are applied in an order nobody chose, so neither is sent. One ID given by several items with the
 * same changes (Same Changes mode) is one record of one request, and stays.
 */
export function withoutDuplicateIds(requests: BulkRequest[]): { requests: BulkRequest[]; duplicates: DuplicateId[] } {
	const records = new Map<string, number>();
	for (const request of requests) {
		const ids = request.qs?.ids ? String(request.qs.ids).split(',') : request.entries.map((entry) => entry.id);
		for (const id of ids) if (id !== undefined) records.set(id, (records.get(id) ?? 0) + 1);
	}
	const duplicated = new Set([...records].filter(([, count]) => count > 1).map(([id]) => id));
	if (duplicated.size === 0) return { requests, duplicates: [] };
	const entries = requests.flatMap((request) => request.entries);
	const duplicates = [...duplicated].map((id) => ({
		id,
		itemIndexes: [...new Set(entries.filter((e) => e.id === id).map((e) => e.itemIndex))].sort((a, b) => a - b),
	}));
	const kept = requests
		.map((request): BulkRequest => {
			const keep = request.entries.map((entry) => !duplicated.has(entry.id!));
			if (request.qs?.ids) {
				const ids = String(request.qs.ids).split(',').filter((id) => !duplicated.has(id));
				const entries = request.entries.filter((_, n) => keep[n]);
				return { ...request, qs: { ...request.qs, ids: ids.join(',') }, entries };
			}
			return {
				...request,
				body: request.body.filter((_, n) => keep[n]),
				entries: request.entries.filter((_, n) => keep[n]),
			};
		})
		.filter((request) => request.entries.length > 0);
	return { requests: kept, duplicates };
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
	// Per distinct change, each ID's entries in input order: a request takes its IDs' entries without a scan.
	const groups = new Map<string, { changes?: IDataObject; entriesById: Map<string, BulkEntry[]> }>();
	const inputOrder = new Map<BulkEntry, number>();
	for (const { itemIndex, ids, changes } of items) {
		const key = JSON.stringify(changes ?? null);
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
				...kind,
				path,
				qs: { ids: ids.join(',') },
				body: changes ? [changes] : [],
				// Input order: items in turn, each item's IDs as it listed them.
				entries: ids.flatMap((id) => entriesById.get(id)!).sort((a, b) => inputOrder.get(a)! - inputOrder.get(b)!),
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
			return {
				...request,
				qs: { ...request.qs, ids: list.join(',') },
				entries: request.entries.filter((e) => inPart.has(e.id!)),
			};
		};
		return [part(ids.slice(0, half)), part(ids.slice(half))];
	}
	const half = Math.ceil(request.body.length / 2);
	return [
		{ ...request, body: request.body.slice(0, half), entries: request.entries.slice(0, half) },
		{ ...request, body: request.body.slice(half), entries: request.entries.slice(half) },
	];
}
