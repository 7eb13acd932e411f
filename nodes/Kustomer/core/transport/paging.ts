import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { KustomerHttpError, KustomerTransportError } from './errors';
import { outcomeOf } from './retry';

/**
 * Reads from Kustomer beyond one request: following `links.next` page by page (Get Many, Search, the
 * dropdowns), and a 404 that means "no such record" (Get). An operation that reads gives its routed
 * request hook a plan (routed.ts); every page goes through the hook's retries and rate-limit waits.
 */

/** Largest `pageSize` of most Kustomer lists; users, teams and search take 500. */
export const MAX_PAGE_SIZE = 100;

export interface Paging {
	/** Stop after this many records; absent: follow `links.next` to the end. */
	limit?: number;
	/** The largest `pageSize` the endpoint accepts. */
	maxPageSize: number;
	/**
	 * For a search sorted by update time: the search (from the read's first request) that reads on from the
	 * last record read, past Kustomer's cap of 100 pages a search (CustomerSearch: "page by *_updated_at").
	 */
	pastCap?: (first: PageRequest, last: IDataObject) => PageRequest;
}

/** Pages one Kustomer search serves at most. */
export const SEARCH_PAGE_CAP = 100;

export interface ReadPlan {
	/** Set for lists: follow `links.next` up to the limit. Absent: one request whose `data` is one record. */
	paging?: Paging;
	/** One JSON:API resource as an output item (flattened, maybe simplified). */
	toItem: (resource: IDataObject) => IDataObject;
	/**
	 * Set for lookups: what was looked for (e.g. `customer with email "jo@example.com"`) and whether a 404 outputs
	 * nothing.
	 */
	notFound?: { what: string; outputNothing: boolean };
}

/** What paging needs of a request; both n8n's request options and the router's satisfy it. */
export interface PageRequest {
	method?: string;
	url?: string;
	qs?: IDataObject;
	body?: unknown;
}

/** Sends one request and returns Kustomer's JSON body. */
export type SendForBody<T extends PageRequest> = (requestOptions: T) => Promise<unknown>;

function pageKey(options: PageRequest): string {
	const qs = Object.entries(options.qs ?? {})
		.map(([key, value]) => `${key}=${String(value)}`)
		.sort();
	return `${options.url}?${qs.join('&')}`;
}

/**
 * The request for the page a `links.next` names. Only its path and query are taken: the request keeps the
 * credential's host (so the key never goes elsewhere), its method, body and the first request's query
 * (filters a link might leave out).
 */
export function nextPageRequest<T extends PageRequest>(first: T, next: string): T {
	const url = new URL(next, 'https://kustomer.invalid');
	if (!url.pathname.startsWith('/v1/')) {
		throw new KustomerTransportError(`Kustomer's link to the next page ("${next}") is not an API path`);
	}
	return { ...first, url: url.pathname, qs: { ...(first.qs ?? {}), ...Object.fromEntries(url.searchParams) } };
}

/** The first request of a list: asks for pages no larger than the limit, so a small limit costs one small page. */
export function firstPageRequest<T extends PageRequest>(first: T, paging: Paging): T {
	const pageSize = Math.min(paging.limit ?? paging.maxPageSize, paging.maxPageSize);
	return { ...first, qs: { ...(first.qs ?? {}), pageSize } };
}

/** The records on one page, the link to the next one (null at the end) and, where Kustomer counts, how many match. */
export function pageOf(body: unknown): { records: IDataObject[]; next: string | null; total?: number } {
	const { data, links, meta } = (body ?? {}) as {
		data?: unknown;
		links?: { next?: unknown };
		meta?: { total?: unknown };
	};
	const records = Array.isArray(data) ? (data as IDataObject[]) : [];
	const total = typeof meta?.total === 'number' ? meta.total : undefined;
	return { records, next: typeof links?.next === 'string' && links.next !== '' ? links.next : null, total };
}

/**
 * Every record of a list, page by page, until `links.next` is null or the limit is reached (exactly, also
 * in the middle of a page). A record seen on an earlier page (the list shifted while being read) is not
 * output twice. A link to a page already read, or a page of only records already read, means the API
 * is going in circles: that is an error rather than an endless loop.
 */
export async function readPages<T extends PageRequest>(
	first: T,
	paging: Paging,
	send: SendForBody<T>,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const seenIds = new Set<unknown>();
	// A window is one search; past the cap the read goes on in a new one (Paging.pastCap).
	let windowFirst = first;
	let request = firstPageRequest(first, paging);
	let seenPages = new Set([pageKey(request)]);
	let windowPages = 0;
	let windowRecords = 0;
	for (;;) {
		const page = pageOf(await send(request));
		windowPages++;
		windowRecords += page.records.length;
		let fresh = 0;
		for (const record of page.records) {
			if (record.id !== undefined && seenIds.has(record.id)) continue;
			seenIds.add(record.id);
			fresh++;
			records.push(record);
			if (paging.limit !== undefined && records.length >= paging.limit) return records;
		}
		// Capped: the last page of a search that counts more records, or the cap's page count reached.
		const capped =
			page.next === null
				? page.total !== undefined && windowRecords < page.total
				: windowPages >= SEARCH_PAGE_CAP;
		const loop = () =>
			new KustomerTransportError(
				`Kustomer sent a page (${pageKey(request)}) holding only records it had already sent; ` +
					'stopped reading so as not to loop',
			);
		if (paging.pastCap && capped && page.records.length > 0) {
			if (fresh === 0) throw loop();
			windowFirst = paging.pastCap(first, page.records[page.records.length - 1]) as T;
			request = firstPageRequest(windowFirst, paging);
			seenPages = new Set([pageKey(request)]);
			windowPages = 0;
			windowRecords = 0;
			continue;
		}
		if (page.next === null || page.records.length === 0) return records;
		if (fresh === 0) throw loop();
		request = nextPageRequest(windowFirst, page.next);
		if (seenPages.has(pageKey(request))) {
			throw new KustomerTransportError(
				`Kustomer's link to the next page (${page.next}) names a page already read; stopped reading so as not to loop`,
			);
		}
		seenPages.add(pageKey(request));
	}
}

function notFoundError(context: IExecuteSingleFunctions, request: PageRequest, what: string, error: KustomerHttpError) {
	return new NodeApiError(context.getNode(), { status: 404, body: (error.body ?? null) as JsonObject }, {
		message: `Not found: no ${what}`,
		description:
			`Kustomer answered 404 to ${request.method ?? 'GET'} ${request.url}. Check the value, ` +
			'or turn on "Return Nothing If Not Found" in Options to output nothing for such items instead of failing.',
		httpCode: '404',
		itemIndex: context.getItemIndex(),
	});
}

/** Carries out a planned read: `send` makes one routed request (with its retries) and returns its items. */
export async function runRead<T extends PageRequest>(
	context: IExecuteSingleFunctions,
	plan: ReadPlan,
	first: T,
	send: (requestOptions: T) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	// Read operations keep Kustomer's body as the one item the router made of it.
	const sendForBody: SendForBody<T> = async (options) => (await send(options))[0]?.json;
	const outcome = await outcomeOf(async () => {
		if (plan.paging) return await readPages(first, plan.paging, sendForBody);
		const data = ((await sendForBody(first)) as { data?: unknown } | undefined)?.data;
		return data && typeof data === 'object' && !Array.isArray(data) ? [data as IDataObject] : [];
	});
	if (outcome.ok) return outcome.value.map((record) => ({ json: plan.toItem(record) }));
	const { error } = outcome;
	if (plan.notFound && error instanceof KustomerHttpError && error.status === 404) {
		if (plan.notFound.outputNothing) return [];
		throw notFoundError(context, first, plan.notFound.what, error);
	}
	throw error;
}
