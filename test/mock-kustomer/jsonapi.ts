/**
 * JSON:API envelopes, pagination and Kustomer error bodies.
 */
import type { ResourceName, StoredRecord } from './types';

export const PLURAL: Record<ResourceName, string> = {
	conversation: 'conversations',
	message: 'messages',
	customer: 'customers',
	company: 'companies',
	note: 'notes',
	// A KObject's real path names its Klass (/klasses/{name}/{id}); klasses.ts routes those.
	kobject: 'kobjects',
};

export const SINGULAR_BY_PLURAL: Record<string, ResourceName> = {
	conversations: 'conversation',
	messages: 'message',
	customers: 'customer',
	companies: 'company',
	notes: 'note',
};

/** Plural path segment of a relationship type (customer -> customers). */
function pluralOf(type: string): string {
	return (PLURAL as Record<string, string>)[type] ?? `${type}s`;
}

/** What a handler produces; the server turns it into bytes (or a fault). */
export interface MockResponse {
	status: number;
	/** JSON-serialised unless `raw` is set; omitted for an empty body. */
	body?: unknown;
	/** Raw text body (used by faults). */
	raw?: string;
	contentType?: string;
	headers?: Record<string, string>;
}

export function json(status: number, body: unknown): MockResponse {
	return { status, body };
}

/** Thrown by handlers to answer with an error body. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(`HTTP ${status}`);
	}
}

const TITLES: Record<number, [string, string]> = {
	400: ['bad_request', 'Bad Request'],
	401: ['unauthorized', 'Unauthorized'],
	403: ['forbidden', 'Forbidden'],
	404: ['not_found', 'Not Found'],
	405: ['method_not_allowed', 'Method Not Allowed'],
	408: ['request_timeout', 'Request Timeout'],
	409: ['conflict', 'Conflict'],
	422: ['unprocessable_entity', 'Unprocessable Entity'],
	500: ['internal_server_error', 'Internal Server Error'],
	502: ['bad_gateway', 'Bad Gateway'],
	503: ['service_unavailable', 'Service Unavailable'],
	504: ['gateway_timeout', 'Gateway Timeout'],
};

/** The JSON:API error body (shape B) Kustomer sends for most statuses. */
export function errorBody(status: number, detail?: string, pointer?: string): unknown {
	if (status === 429) return rateLimitBody();
	if (status === 413) return payloadTooLargeBody();
	const [code, title] = TITLES[status] ?? [status >= 500 ? 'server_error' : 'error', `HTTP ${status}`];
	const err: Record<string, unknown> = { status, code, title, detail: detail ?? title };
	if (pointer !== undefined) err.source = { pointer };
	return { errors: [err] };
}

export function rateLimitBody(): unknown {
	return { errors: [{ code: 'too_many_requests', message: 'Rate limit exceeded' }] };
}

export function payloadTooLargeBody(): unknown {
	return { errors: [{ code: 'payload_too_large', message: 'Request body exceeds 100KB' }] };
}

export function unauthorizedBody(): unknown {
	return {
		errors: [{ status: 401, code: 'unauthorized', title: 'Unauthorized', detail: 'Invalid or expired token' }],
	};
}

export function badRequest(detail: string, pointer: string): HttpError {
	return new HttpError(400, errorBody(400, detail, pointer));
}

export function notFound(type: string, id: string): HttpError {
	return new HttpError(404, errorBody(404, `${type} ${id} not found`));
}

export function routeNotFound(method: string, path: string): HttpError {
	return new HttpError(404, errorBody(404, `Route ${method} ${path} not found`));
}

/** JSON:API resource object of a stored record. */
export function resourceObject(type: ResourceName, rec: StoredRecord): Record<string, unknown> {
	const relationships: Record<string, unknown> = {};
	for (const [name, rel] of Object.entries(rec.relationships)) {
		relationships[name] = {
			links: { self: `/v1/${pluralOf(rel.data.type)}/${rel.data.id}` },
			data: { type: rel.data.type, id: rel.data.id },
		};
	}
	return {
		type,
		id: rec.id,
		attributes: rec.attributes,
		relationships,
		links: { self: `/v1/${PLURAL[type]}/${rec.id}` },
	};
}

export function single(type: ResourceName, rec: StoredRecord): { data: Record<string, unknown> } {
	return { data: resourceObject(type, rec) };
}

export interface PageParams {
	page: number;
	pageSize: number;
}

/** Reads page/pageSize from the query: page from 1, pageSize default 100, clamped to [1, max]. */
export function pageParams(query: Record<string, string>, max: number): PageParams {
	const rawPage = Number.parseInt(query.page ?? '', 10);
	const rawSize = Number.parseInt(query.pageSize ?? '', 10);
	const page = Number.isFinite(rawPage) && rawPage >= 1 ? rawPage : 1;
	const pageSize = Number.isFinite(rawSize) && rawSize >= 1 ? Math.min(rawSize, max) : Math.min(100, max);
	return { page, pageSize };
}

/**
 * Builds a list envelope for one page of `total` items. `slice(start, end)` returns just that page's
 * JSON:API resource objects, so callers never build more than one page of output.
 */
export function listEnvelope(
	basePath: string,
	query: Record<string, string>,
	params: PageParams,
	total: number,
	slice: (start: number, end: number) => unknown[],
	withTotals: boolean,
): Record<string, unknown> {
	const { page, pageSize } = params;
	const totalPages = Math.ceil(total / pageSize);
	const extra = Object.entries(query)
		.filter(([k]) => k !== 'page' && k !== 'pageSize')
		.map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
		.join('');
	const link = (p: number) => `${basePath}?page=${p}&pageSize=${pageSize}${extra}`;
	const start = (page - 1) * pageSize;
	const data = start < total ? slice(start, Math.min(total, start + pageSize)) : [];
	const meta: Record<string, unknown> = { page, pageSize };
	const links: Record<string, unknown> = {
		self: link(page),
		first: link(1),
		prev: page > 1 ? link(page - 1) : null,
		next: page < totalPages ? link(page + 1) : null,
	};
	if (withTotals) {
		meta.total = total;
		meta.totalPages = totalPages;
		links.last = link(Math.max(1, totalPages));
	}
	return { meta, data, links };
}
