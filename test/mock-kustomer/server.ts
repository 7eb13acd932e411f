/**
 * The node:http server: request recording, faults, rate budget, auth, body limits and routing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo, Socket } from 'net';
import type {
	Delivery,
	DeliveryOptions,
	EventEnvelope,
	FaultRule,
	MockKustomer,
	MockKustomerOptions,
	MockKustomerStats,
	RecordedRequest,
	RecordFailurePredicate,
	ResourceName,
	StoredRecord,
} from './types';
import {
	badRequest,
	errorBody,
	HttpError,
	json,
	listEnvelope,
	type MockResponse,
	notFound,
	pageParams,
	payloadTooLargeBody,
	PLURAL,
	rateLimitBody,
	resourceObject,
	routeNotFound,
	single,
	SINGULAR_BY_PLURAL,
	unauthorizedBody,
} from './jsonapi';
import { Store } from './store';
import { BulkManager } from './bulk';
import { RateBudget } from './rateBudget';
import { FaultInjector, faultResponse } from './faults';
import { isHexId, isPlainObject, validateRecord } from './validation';
import { runSearch } from './search';
import { routeDataModel } from './dataModel';
import { OutboundWebhooks } from './webhooks';
import { DEFAULT_ROLES, type FixtureItem, METADATA, QUEUES, TAGS, TEAMS, USERS } from './fixtures';

export const DEFAULT_API_KEY = 'test-api-key';
/** Raw request bodies above this many bytes get 413. */
export const MAX_BODY_BYTES = 100 * 1024;
const TOKEN_ID = '5f0e00000000000000000001';

interface Ctx {
	method: string;
	path: string;
	/** Path segments after /v1. */
	segs: string[];
	query: Record<string, string>;
	headers: IncomingMessage['headers'];
	body: unknown;
	/** False when a non-empty body was not valid JSON. */
	jsonOk: boolean;
	size: number;
}

class MockKustomerServer implements MockKustomer {
	baseUrl = '';
	readonly requests: RecordedRequest[] = [];
	readonly stats: MockKustomerStats = { total: 0, rateLimited: 0, bulkSubmits: 0, bulkPolls: 0 };
	private readonly data = new Store();
	readonly store: Record<ResourceName, Map<string, StoredRecord>> = this.data.maps;

	private readonly options: MockKustomerOptions;
	private readonly faults = new FaultInjector();
	private readonly rate: RateBudget;
	private readonly searchRate: RateBudget;
	private hook?: (request: { method: string; path: string; body: unknown }) => void;
	private readonly bulk: BulkManager;
	private predicate: RecordFailurePredicate | undefined;
	private readonly outbound = new OutboundWebhooks(
		() => this.options,
		(resource, id) => this.data.get(resource, id),
	);
	readonly webhooks = this.outbound.registry;

	private readonly server: Server;
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private stopping: Promise<void> | undefined;

	constructor(options: MockKustomerOptions) {
		this.options = { ...options };
		this.rate = new RateBudget(() => this.options.rateLimit);
		this.searchRate = new RateBudget(() => this.options.searchRateLimit);
		this.bulk = new BulkManager(
			this.data,
			() => this.options,
			() => this.predicate,
		);
		this.server = createServer((req, res) => this.onRequest(req, res));
		this.server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server.on('clientError', (_err, socket) => {
			if (!socket.destroyed) socket.destroy();
		});
	}

	listen(): Promise<void> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(0, '127.0.0.1', () => {
				this.server.off('error', reject);
				const { port } = this.server.address() as AddressInfo;
				this.baseUrl = `http://127.0.0.1:${port}`;
				resolve();
			});
		});
	}

	// ---- public API --------------------------------------------------------------------------------

	seed(resource: ResourceName, attributes: Record<string, unknown>, id?: string): string {
		const forced = id ?? (typeof attributes.id === 'string' && attributes.id ? attributes.id : undefined);
		const rec = this.data.create(resource, attributes, forced);
		if (typeof attributes.rev === 'number') rec.attributes.rev = attributes.rev;
		return rec.id;
	}

	addFault(rule: FaultRule): void {
		this.faults.add(rule);
	}

	beforeEachRequest(hook: ((request: { method: string; path: string; body: unknown }) => void) | undefined): void {
		this.hook = hook;
	}

	failRecordsWhere(predicate: RecordFailurePredicate | undefined): void {
		this.predicate = predicate;
	}

	setOptions(partial: Partial<MockKustomerOptions>): void {
		Object.assign(this.options, partial);
		if ('rateLimit' in partial) this.rate.reset();
		if ('searchRateLimit' in partial) this.searchRate.reset();
	}

	reset(): void {
		this.data.clear();
		this.requests.length = 0;
		this.stats.total = 0;
		this.stats.rateLimited = 0;
		this.stats.bulkSubmits = 0;
		this.stats.bulkPolls = 0;
		this.faults.clear();
		this.predicate = undefined;
		this.hook = undefined;
		this.bulk.clear();
		this.outbound.clear();
		this.rate.reset();
		this.searchRate.reset();
	}

	eventEnvelope(name: string, resource: ResourceName, id: string, changes?: EventEnvelope['changes']): EventEnvelope {
		return this.outbound.envelope(name, resource, id, changes);
	}

	deliver(webhookId: string, envelope: EventEnvelope, options?: DeliveryOptions): Promise<Delivery> {
		return this.outbound.deliver(webhookId, envelope, options);
	}

	stop(): Promise<void> {
		if (this.stopping) return this.stopping;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.stopping = new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
			for (const s of this.sockets) s.destroy();
			this.sockets.clear();
		});
		return this.stopping;
	}

	// ---- request pipeline --------------------------------------------------------------------------

	private onRequest(req: IncomingMessage, res: ServerResponse): void {
		const at = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		let path = '/';
		let query: Record<string, string> = {};
		try {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			path = url.pathname;
			query = Object.fromEntries(url.searchParams);
		} catch {
			path = req.url ?? '/';
		}
		const recorded: RecordedRequest = { method, path, query, headers: req.headers, body: undefined, at };
		this.requests.push(recorded);
		this.stats.total += 1;
		const fault = this.faults.match(method, path);

		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
			size += chunk.length;
		});
		req.on('error', () => undefined);
		req.on('end', () => {
			if (this.stopping) return;
			const raw = chunks.length === 0 ? '' : Buffer.concat(chunks, size).toString('utf8');
			let body: unknown;
			let jsonOk = true;
			if (raw.length > 0) {
				try {
					body = JSON.parse(raw);
				} catch {
					body = raw;
					jsonOk = false;
				}
			}
			recorded.body = body;
			const segs = path.split('/').slice(1);
			if (segs.length > 0 && segs[segs.length - 1] === '') segs.pop();
			const ctx: Ctx = { method, path, segs, query, headers: req.headers, body, jsonOk, size };
			this.dispatch(ctx, fault, res);
		});
	}

	private dispatch(ctx: Ctx, fault: FaultRule | undefined, res: ServerResponse): void {
		if (fault) {
			switch (fault.kind) {
				case 'reset':
					resetSocket(res.socket);
					return;
				case 'hang':
					return; // never answered; stop() destroys the socket
				case 'delay': {
					const answer = this.handle(ctx);
					this.later(() => this.respond(res, answer), fault.delayMs ?? 0);
					return;
				}
				case 'resetAfterCommit':
					this.handle(ctx);
					resetSocket(res.socket);
					return;
				default:
					this.respond(res, faultResponse(fault));
					return;
			}
		}
		this.respond(res, this.handle(ctx));
	}

	/** Rate budget → auth → size limit → route. Never throws. */
	private handle(ctx: Ctx): MockResponse {
		this.hook?.({ method: ctx.method, path: ctx.path, body: ctx.body });
		const spent = this.rate.spend();
		const withRate = (r: MockResponse): MockResponse => ({ ...r, headers: { ...spent.headers, ...(r.headers ?? {}) } });
		if (!spent.allowed) {
			this.stats.rateLimited += 1;
			return withRate(json(429, rateLimitBody()));
		}
		if (ctx.method === 'POST' && ctx.path === '/v1/customers/search') {
			// The API key's own search budget, on top of the org's: refused searches say when it resets.
			const search = this.searchRate.spend();
			if (!search.allowed) {
				this.stats.rateLimited += 1;
				return withRate({ ...json(429, rateLimitBody()), headers: { 'retry-after': search.headers['x-ratelimit-reset'] } });
			}
		}
		const apiKey = this.options.apiKey ?? DEFAULT_API_KEY;
		const auth = ctx.headers.authorization;
		const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
		if (!m || m[1] !== apiKey) return withRate(json(401, unauthorizedBody()));
		if (ctx.size > MAX_BODY_BYTES) return withRate(json(413, payloadTooLargeBody()));
		try {
			return withRate(this.route(ctx));
		} catch (err) {
			if (err instanceof HttpError) return withRate(json(err.status, err.body));
			const message = err instanceof Error ? err.message : String(err);
			return withRate(json(500, errorBody(500, `Mock error: ${message}`)));
		}
	}

	private respond(res: ServerResponse, r: MockResponse): void {
		const write = () => {
			if (res.writableEnded || res.destroyed) return;
			let payload = '';
			let contentType: string | undefined = 'application/json';
			if (r.raw !== undefined) {
				payload = r.raw;
				contentType = r.contentType ?? contentType;
			} else if (r.body !== undefined) {
				payload = JSON.stringify(r.body);
			}
			if (r.status === 204) {
				payload = '';
				contentType = undefined;
			}
			const headers: Record<string, string | number> = {};
			if (contentType) headers['content-type'] = contentType;
			Object.assign(headers, r.headers ?? {});
			headers['content-length'] = Buffer.byteLength(payload);
			res.writeHead(r.status, headers);
			res.end(payload);
		};
		const latency = this.options.latencyMs ?? 0;
		if (latency > 0) this.later(write, latency);
		else write();
	}

	private later(fn: () => void, ms: number): void {
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn();
		}, ms);
		this.timers.add(t);
	}

	// ---- routing -----------------------------------------------------------------------------------

	private route(ctx: Ctx): MockResponse {
		const { method, segs } = ctx;
		if (segs[0] !== 'v1') throw routeNotFound(method, ctx.path);
		const rest = segs.slice(1);
		const n = rest.length;
		const [a, b, c] = rest;
		const notRouted = () => routeNotFound(method, ctx.path);

		if (a === 'auth' && b === 'tokens' && c === 'current' && n === 3 && method === 'GET') return this.token();
		const dataModel = routeDataModel(
			{ method, path: ctx.path, rest, query: ctx.query, body: this.jsonBody(ctx) },
			{ store: this.data, bulk: this.bulk, countSubmit: () => (this.stats.bulkSubmits += 1) },
		);
		if (dataModel) return dataModel;
		if (method === 'GET') {
			if (n === 1 && a === 'users') return this.fixtureList(ctx, '/v1/users', USERS, 500);
			if (n === 1 && a === 'teams') return this.fixtureList(ctx, '/v1/teams', TEAMS, 500);
			if (n === 1 && a === 'tags') return this.fixtureList(ctx, '/v1/tags', TAGS, 100);
			if (n === 2 && a === 'routing' && b === 'queues') return this.fixtureList(ctx, '/v1/routing/queues', QUEUES, 100);
			if (n === 2 && a === 'metadata') return this.metadata(b);
		}
		if (a === 'outbound-webhooks') return this.outbound.route(method, rest.slice(1), ctx.query, this.jsonBody(ctx), ctx.path);
		if (a === 'bulk') {
			if (method === 'GET' && n === 2) {
				this.stats.bulkPolls += 1;
				const out = this.bulk.poll(b);
				if (!out) throw notFound('bulk', b);
				return json(200, out);
			}
			if (method === 'GET' && n === 3 && c === 'batches') {
				this.stats.bulkPolls += 1;
				const out = this.bulk.batches(b);
				if (!out) throw notFound('bulk', b);
				return json(200, out);
			}
			throw notRouted();
		}

		const resource = SINGULAR_BY_PLURAL[a];
		if (!resource) throw notRouted();
		if (n === 1) {
			if (method === 'GET') return this.list(ctx, resource);
			if (method === 'POST') return this.create(ctx, resource);
			throw notRouted();
		}
		if (n === 2) {
			if (b === 'bulk') {
				if (method === 'POST') return this.bulkCreate(ctx, resource);
				if (method === 'PUT') return this.bulkUpdate(ctx, resource);
				throw notRouted();
			}
			if (resource === 'customer' && b === 'search') {
				if (method === 'POST') return this.search(ctx);
				throw notRouted();
			}
			const eq = b.indexOf('=');
			if (eq > 0) {
				if (method !== 'GET') throw notRouted();
				return this.lookup(ctx, resource, b.slice(0, eq), b.slice(eq + 1));
			}
			switch (method) {
				case 'GET':
					return json(200, single(resource, this.mustGet(resource, b)));
				case 'PUT':
				case 'PATCH':
					return this.update(ctx, resource, b);
				case 'DELETE':
					if (resource === 'message') throw notRouted();
					this.mustGet(resource, b);
					this.data.delete(resource, b);
					return { status: 204 };
				default:
					throw notRouted();
			}
		}
		if (n === 3) {
			if (resource === 'conversation' && c === 'tags') {
				if (method === 'POST') return this.tags(ctx, b, 'add');
				if (method === 'DELETE') return this.tags(ctx, b, 'remove');
			}
			if (resource === 'conversation' && c === 'messages') {
				if (method === 'GET') return this.children(ctx, 'conversation', b, 'message');
				if (method === 'POST') return this.createMessageInConversation(ctx, b);
			}
			if (resource === 'customer' && c === 'conversations') {
				if (method === 'GET') return this.children(ctx, 'customer', b, 'conversation');
				if (method === 'POST') return this.createConversationForCustomer(ctx, b);
			}
			if (resource === 'customer' && c === 'messages') {
				if (method === 'GET') return this.children(ctx, 'customer', b, 'message');
				if (method === 'POST') return this.createMessageForCustomer(ctx, b);
			}
		}
		throw notRouted();
	}

	// ---- handlers ----------------------------------------------------------------------------------

	private jsonBody(ctx: Ctx): unknown {
		if (!ctx.jsonOk) throw badRequest('Invalid JSON body', '/');
		return ctx.body;
	}

	private mustGet(resource: ResourceName, id: string): StoredRecord {
		const rec = this.data.get(resource, id);
		if (!rec) throw notFound(resource, id);
		return rec;
	}

	private validCreateBody(ctx: Ctx, resource: ResourceName, required?: readonly string[]): Record<string, unknown> {
		const body = this.jsonBody(ctx);
		const bad = validateRecord(resource, 'create', body, required);
		if (bad) throw badRequest(bad.detail, bad.pointer);
		const rec = body as Record<string, unknown>;
		if (typeof rec.id === 'string' && this.data.get(resource, rec.id)) {
			throw new HttpError(409, errorBody(409, `${resource} ${rec.id} already exists`, '/id'));
		}
		const taken = this.data.externalIdTaken(resource, rec);
		if (taken) throw new HttpError(409, errorBody(409, taken, '/externalId'));
		return rec;
	}

	private token(): MockResponse {
		const apiKey = this.options.apiKey ?? DEFAULT_API_KEY;
		return json(200, {
			data: {
				type: 'token',
				id: TOKEN_ID,
				attributes: {
					name: 'mock key',
					roles: [...(this.options.roles ?? DEFAULT_ROLES)],
					lastTokenChars: apiKey.slice(-4),
					lastAccessedAt: new Date().toISOString(),
				},
			},
		});
	}

	private fixtureList(ctx: Ctx, basePath: string, items: readonly FixtureItem[], max: number): MockResponse {
		return this.paged(ctx, basePath, items, max, false, (it) => ({ ...it, links: { self: `${basePath}/${it.id}` } }));
	}

	/** One page of `items` in Kustomer's list envelope, each item shown by `show`. */
	private paged<T>(ctx: Ctx, basePath: string, items: readonly T[], max: number, totals: boolean, show: (item: T) => unknown): MockResponse {
		const params = pageParams(ctx.query, max);
		return json(200, listEnvelope(basePath, ctx.query, params, items.length, (s, e) => items.slice(s, e).map(show), totals));
	}

	private metadata(resource: string): MockResponse {
		const properties = METADATA[resource];
		if (!properties) throw notFound('metadata', resource);
		return json(200, { data: { type: 'metadata', id: resource, attributes: { properties } } });
	}

	private page(ctx: Ctx, basePath: string, type: ResourceName, records: StoredRecord[], max: number, totals: boolean) {
		return this.paged(ctx, basePath, records, max, totals, (r) => resourceObject(type, r));
	}

	private list(ctx: Ctx, resource: ResourceName): MockResponse {
		const order = ctx.query.sort === 'asc' ? 'asc' : 'desc';
		const records = this.data.all(resource, order);
		return this.page(ctx, `/v1/${PLURAL[resource]}`, resource, records, 100, resource === 'customer');
	}

	private children(ctx: Ctx, parent: ResourceName, parentId: string, child: ResourceName): MockResponse {
		this.mustGet(parent, parentId);
		let records = this.data.children(child, parent, parentId);
		if (ctx.query.sort === 'asc') records = records.reverse();
		return this.page(ctx, `/v1/${PLURAL[parent]}/${parentId}/${PLURAL[child]}`, child, records, 100, false);
	}

	private lookup(ctx: Ctx, resource: ResourceName, key: string, rawValue: string): MockResponse {
		let value: string;
		try {
			value = decodeURIComponent(rawValue);
		} catch {
			throw badRequest(`Malformed ${key} in path`, `/${key}`);
		}
		let rec: StoredRecord | undefined;
		const k = key.toLowerCase();
		if (k === 'externalid') rec = this.data.findByExternalId(resource, value);
		else if (resource === 'customer' && k === 'email') rec = this.data.findCustomerByEmail(value);
		else if (resource === 'customer' && k === 'phone') rec = this.data.findCustomerByPhone(value);
		else throw routeNotFound(ctx.method, ctx.path);
		if (!rec) throw notFound(resource, value);
		return json(200, single(resource, rec));
	}

	private create(ctx: Ctx, resource: ResourceName): MockResponse {
		const body = this.validCreateBody(ctx, resource);
		return json(201, single(resource, this.data.create(resource, body)));
	}

	private createMessageInConversation(ctx: Ctx, conversationId: string): MockResponse {
		const conv = this.mustGet('conversation', conversationId);
		const body = this.validCreateBody(ctx, 'message', ['channel', 'app']);
		const customer = conv.relationships.customer?.data.id ?? body.customer;
		const rec = this.data.create('message', { ...body, conversation: conversationId, customer });
		return json(201, single('message', rec));
	}

	private createConversationForCustomer(ctx: Ctx, customerId: string): MockResponse {
		this.mustGet('customer', customerId);
		const body = this.validCreateBody(ctx, 'conversation', []);
		const rec = this.data.create('conversation', { ...body, customer: customerId });
		return json(201, single('conversation', rec));
	}

	private createMessageForCustomer(ctx: Ctx, customerId: string): MockResponse {
		this.mustGet('customer', customerId);
		const body = this.validCreateBody(ctx, 'message', ['channel', 'app']);
		let conversation = typeof body.conversation === 'string' ? body.conversation : undefined;
		if (!conversation) {
			const dir = body.direction === 'out' ? 'out' : 'in';
			conversation = this.data.create('conversation', { customer: customerId, direction: dir }).id;
		}
		const rec = this.data.create('message', { ...body, conversation, customer: customerId });
		return json(201, single('message', rec));
	}

	private update(ctx: Ctx, resource: ResourceName, id: string): MockResponse {
		this.mustGet(resource, id);
		const body = this.jsonBody(ctx);
		const bad = validateRecord(resource, 'update', body);
		if (bad) throw badRequest(bad.detail, bad.pointer);
		const replace = ctx.method === 'PUT' && ctx.query.replace === 'true';
		const rec = this.data.update(resource, id, body as Record<string, unknown>, replace) as StoredRecord;
		return json(200, single(resource, rec));
	}

	private tags(ctx: Ctx, id: string, mode: 'add' | 'remove'): MockResponse {
		this.mustGet('conversation', id);
		const body = this.jsonBody(ctx);
		if (!Array.isArray(body)) throw badRequest('Body must be an array of tag names', '/');
		if (body.length > 20) throw badRequest('At most 20 tags per request', '/');
		body.forEach((t, i) => {
			if (typeof t !== 'string' || t.length === 0 || t.length > 64) {
				throw badRequest('Each tag must be a name of 1-64 characters', `/${i}`);
			}
		});
		const rec = this.data.tags(id, body as string[], mode) as StoredRecord;
		return json(200, single('conversation', rec));
	}

	private search(ctx: Ctx): MockResponse {
		const body = this.jsonBody(ctx);
		const { context, records } = runSearch(body, (r) => this.data.all(r, 'desc'));
		const cap = this.options.searchPageCap ?? 100;
		const page = pageParams(ctx.query, 500).page;
		if (page > cap) throw badRequest(`A search serves at most ${cap} pages`, '/page');
		const response = this.page(ctx, '/v1/customers/search', context, records, 500, true);
		if (page === cap) (response.body as { links: { next: unknown } }).links.next = null;
		return response;
	}

	private bulkCreate(ctx: Ctx, resource: ResourceName): MockResponse {
		const job = this.bulk.submitCreate(resource, this.jsonBody(ctx));
		this.stats.bulkSubmits += 1;
		return json(resource === 'message' ? 200 : 201, this.bulk.submitEnvelope(job));
	}

	private bulkUpdate(ctx: Ctx, resource: ResourceName): MockResponse {
		const job = this.bulk.submitUpdate(resource, this.jsonBody(ctx), ctx.query);
		this.stats.bulkSubmits += 1;
		return json(resource === 'message' ? 200 : 201, this.bulk.submitEnvelope(job));
	}
}

/** Drops the connection with a TCP RST (ECONNRESET on the client) without answering. */
function resetSocket(socket: Socket | null): void {
	if (!socket || socket.destroyed) return;
	try {
		socket.resetAndDestroy();
	} catch {
		socket.destroy();
	}
}

export async function startMockKustomer(options: MockKustomerOptions = {}): Promise<MockKustomer> {
	const mock = new MockKustomerServer(options);
	await mock.listen();
	return mock;
}

// Exported for callers that want to check a value the way the mock does.
export { isHexId, isPlainObject };
