/**
 * Routes of Kustomer's wider data model: Klasses and their KObjects (/v1/klasses/{name}/…, a customer's
 * /v1/customers/{id}/klasses/{name}), the rules companies and notes add to the generic routes (no company
 * delete, no `?ids=` company bulk update, a note's PUT needing conversation and body, a conversation's or
 * customer's notes), and customer bulk delete. Each handler answers, or returns undefined to leave the
 * request to the generic routes in server.ts.
 */
import type { BulkManager } from './bulk';
import {
	badRequest,
	errorBody,
	HttpError,
	json,
	listEnvelope,
	type MockResponse,
	notFound,
	pageParams,
	resourceObject,
	routeNotFound,
	single,
} from './jsonapi';
import type { Store } from './store';
import type { ResourceName, StoredRecord } from './types';
import { validateRecord } from './validation';

/** The org's Klasses (GET /v1/klasses). */
export const KLASSES = [
	{ type: 'klass', id: '5f0f00000000000000000001', attributes: { name: 'order', displayName: 'Order', status: 'enabled' } },
	{ type: 'klass', id: '5f0f00000000000000000002', attributes: { name: 'subscription', displayName: 'Subscription', status: 'enabled' } },
];

/** The attributes of each Klass (GET /v1/metadata/kobject.<name>). */
export const KLASS_METADATA: Record<string, Record<string, Record<string, unknown>>> = {
	order: {
		orderNumberStr: { type: 'string', displayName: 'Order number' },
		totalNum: { type: 'number', displayName: 'Total' },
		shippedAt: { type: 'date', displayName: 'Shipped' },
	},
	subscription: {
		planStr: { type: 'string', displayName: 'Plan', enumeration: [{ value: 'basic' }, { value: 'pro' }] },
		activeBool: { type: 'boolean', displayName: 'Active' },
	},
};

export interface DataModelRequest {
	method: string;
	path: string;
	/** Path segments after /v1. */
	rest: string[];
	query: Record<string, string>;
	body: unknown;
}

/** What the routes need of the server: its store, its bulk jobs, and a way to count bulk submits. */
export interface DataModelServices {
	store: Store;
	bulk: BulkManager;
	countSubmit: () => void;
}

function page(request: DataModelRequest, basePath: string, type: ResourceName, records: StoredRecord[]): MockResponse {
	const params = pageParams(request.query, 100);
	return json(
		200,
		listEnvelope(basePath, request.query, params, records.length, (start, end) => records.slice(start, end).map((r) => resourceObject(type, r)), false),
	);
}

function mustKlass(name: string): void {
	if (!KLASSES.some((klass) => klass.attributes.name === name)) throw notFound('klass', name);
}

function mustGet(store: Store, resource: 'kobject' | 'customer' | 'conversation', id: string, klass?: string): StoredRecord {
	const record = store.get(resource, id);
	if (!record || (klass !== undefined && record.relationships.klass?.data.id !== klass)) throw notFound(resource, id);
	return record;
}

function valid(resource: 'kobject' | 'note', op: 'create' | 'update', body: unknown, required?: readonly string[]) {
	const bad = validateRecord(resource, op, body, required);
	if (bad) throw badRequest(bad.detail, bad.pointer);
	return body as Record<string, unknown>;
}

/** /v1/klasses/{name}… */
function klassRoutes(request: DataModelRequest, services: DataModelServices): MockResponse | undefined {
	const { method, rest, query } = request;
	const { store, bulk } = services;
	if (rest.length === 1 && method === 'GET') {
		const params = pageParams(query, 100);
		return json(200, listEnvelope('/v1/klasses', query, params, KLASSES.length, (s, e) => KLASSES.slice(s, e), false));
	}
	const name = rest[1];
	mustKlass(name);
	const objects = () => store.children('kobject', 'klass', name);
	if (rest.length === 2) {
		if (method === 'GET') {
			const from = query.fromDate ? Date.parse(query.fromDate) : undefined;
			const records = objects().filter((r) => from === undefined || Date.parse(String(r.attributes.createdAt)) >= from);
			return page(request, `/v1/klasses/${name}`, 'kobject', records);
		}
		if (method === 'POST') {
			const body = valid('kobject', 'create', request.body);
			const taken = store.externalIdTaken('kobject', body);
			if (taken) throw new HttpError(409, errorBody(409, taken, '/externalId'));
			return json(201, single('kobject', store.create('kobject', { ...body, klass: name })));
		}
		return undefined;
	}
	const [, , third] = rest;
	if (rest.length !== 3) return undefined;
	if (third === 'bulk') {
		const submitted = (() => {
			if (method === 'POST') return bulk.submitCreate('kobject', request.body, { klass: name });
			if (method === 'PUT') return bulk.submitUpdate('kobject', request.body, query);
			if (method === 'DELETE') return bulk.submitDelete('kobject', query);
			return undefined;
		})();
		if (!submitted) return undefined;
		services.countSubmit();
		return json(method === 'PUT' ? 200 : 201, bulk.submitEnvelope(submitted));
	}
	if (third.startsWith('externalId=') && method === 'GET') {
		const externalId = decodeURIComponent(third.slice('externalId='.length));
		const record = objects().find((r) => r.attributes.externalId === externalId);
		if (!record) throw notFound('kobject', externalId);
		return json(200, single('kobject', record));
	}
	const record = mustGet(store, 'kobject', third, name);
	switch (method) {
		case 'GET':
			return json(200, single('kobject', record));
		case 'PUT':
			return json(200, single('kobject', store.update('kobject', third, valid('kobject', 'update', request.body))!));
		case 'DELETE':
			store.delete('kobject', third);
			return { status: 204 };
		default:
			return undefined;
	}
}

/** The requests of the wider data model; undefined for the generic routes. */
export function routeDataModel(request: DataModelRequest, services: DataModelServices): MockResponse | undefined {
	const { method, rest, query } = request;
	const { store, bulk } = services;
	const [a, b, c, d] = rest;
	if (a === 'klasses') return klassRoutes(request, services);
	if (a === 'metadata' && rest.length === 2 && b.startsWith('kobject.') && method === 'GET') {
		const properties = KLASS_METADATA[b.slice('kobject.'.length)];
		if (!properties) throw notFound('metadata', b);
		return json(200, { data: { type: 'metadata', id: b, attributes: { properties } } });
	}
	if (a === 'customers' && rest.length === 4 && c === 'klasses' && method === 'GET') {
		mustGet(store, 'customer', b);
		mustKlass(d);
		const records = store.children('kobject', 'customer', b).filter((r) => r.relationships.klass?.data.id === d);
		return page(request, `/v1/customers/${b}/klasses/${d}`, 'kobject', records);
	}
	if (a === 'customers' && b === 'bulk' && rest.length === 2 && method === 'DELETE') {
		const job = bulk.submitDelete('customer', query);
		services.countSubmit();
		return json(201, bulk.submitEnvelope(job));
	}
	if ((a === 'conversations' || a === 'customers') && rest.length === 3 && c === 'notes' && method === 'GET') {
		mustGet(store, a === 'conversations' ? 'conversation' : 'customer', b);
		const parent = a === 'conversations' ? 'conversation' : 'customer';
		return page(request, `/v1/${a}/${b}/notes`, 'note', store.children('note', parent, b));
	}
	if (a === 'conversations' && rest.length === 3 && c === 'notes' && method === 'POST') {
		mustGet(store, 'conversation', b);
		const body = valid('note', 'create', request.body, ['body']);
		return json(201, single('note', store.create('note', { ...body, conversation: b })));
	}
	// GetCompanies filters by name (`filter`) or external ID.
	if (a === 'companies' && rest.length === 1 && method === 'GET' && (query.filter || query.externalId)) {
		const records = store
			.all('company')
			.filter((r) => (!query.filter || r.attributes.name === query.filter) && (!query.externalId || r.attributes.externalId === query.externalId));
		return page(request, '/v1/companies', 'company', records);
	}
	// Kustomer has no company delete, and its company bulk update takes records only.
	if (a === 'companies' && rest.length === 2 && b !== 'bulk' && method === 'DELETE') throw routeNotFound(method, request.path);
	if (a === 'companies' && b === 'bulk' && method === 'PUT' && query.ids !== undefined) {
		throw badRequest('BulkBatchUpdateCompanies takes an array of records with their id; it has no ids parameter', '/ids');
	}
	// UpdateNoteById (PUT) demands the conversation and the text; PatchNoteById does not.
	if (a === 'notes' && rest.length === 2 && b !== 'bulk' && method === 'PUT') valid('note', 'update', request.body, ['conversation', 'body']);
	return undefined;
}
