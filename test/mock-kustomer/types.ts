/**
 * Public types of the in-process Kustomer mock. Other test files code against these names.
 */
import type { IncomingHttpHeaders } from 'http';

export type ResourceName = 'conversation' | 'message' | 'customer' | 'company' | 'note' | 'kobject';

export interface MockKustomerOptions {
	/** Default 'test-api-key'; requests must send `Authorization: Bearer <apiKey>`. */
	apiKey?: string;
	/** Delay before every response (default 0). */
	latencyMs?: number;
	/** Fixed-window rate budget; off when absent. */
	rateLimit?: { limit: number; windowMs: number; resetFormat?: 'seconds' | 'epoch' };
	/** The API key's search budget (POST /v1/customers/search), a fixed window besides `rateLimit`; off when absent. */
	searchRateLimit?: { limit: number; windowMs: number };
	/** How many looks at a job (GET /v1/bulk/{id} or its /batches) report it unfinished before 'complete' (default 1). */
	bulkPollsUntilComplete?: number;
	/** When set, a job is also complete once this many ms have passed since its submit (as Kustomer processes jobs in time). */
	bulkProcessingMs?: number;
	/** Records per bulk batch (default 25). */
	bulkBatchSize?: number;
	/** Pages one search serves at most (Kustomer: 100): the last one links to no next page; a later page is refused. */
	searchPageCap?: number;
	/** Roles returned by GET /v1/auth/tokens/current. */
	roles?: string[];
	/**
	 * Accept http:// outbound webhook URLs on 127.0.0.1/localhost (the n8n under test). Kustomer, and the
	 * mock by default, accept https URLs only.
	 */
	allowLoopbackHttpWebhooks?: boolean;
}

/** An outbound webhook in the registry, as GET /v1/outbound-webhooks/{id} shows it (attributes beside `id`). */
export interface MockWebhook {
	id: string;
	name: string;
	url: string;
	events: string[];
	headers: unknown[];
	/** The signing key of its deliveries. */
	token: string;
	/** Kustomer disables a webhook whose deliveries keep failing; tests set this to false. */
	enabled: boolean;
	createdAt: string;
}

/** Kustomer's event envelope; `changes` is null on create, `{ attributes: { <field>: { op, before, after } } }` on update. */
export interface EventEnvelope {
	id: string;
	name: string;
	org: string;
	partition: string;
	data: Record<string, unknown>;
	createdAt: string;
	persist: boolean;
	changes: { attributes?: Record<string, unknown>; relationships?: Record<string, unknown> } | null;
}

export interface DeliveryOptions {
	/** The signature header to send instead of the right one; null sends none. */
	signature?: string | null;
	/** The bytes to send instead of the envelope's JSON (signed as given unless `signature` is set). */
	rawBody?: string;
}

/** What the webhook's URL answered. */
export interface Delivery {
	status: number;
	body: string;
}

export interface RecordedRequest {
	method: string;
	/** Path without query, e.g. /v1/customers/abc */
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	/** Parsed JSON, or the raw string if not JSON, or undefined when there was no body. */
	body: unknown;
	/** Date.now() when the request arrived. */
	at: number;
}

export type FaultKind =
	| 'status'
	| 'reset'
	| 'resetAfterCommit'
	| 'hang'
	| 'nonJson'
	| 'emptyBody'
	| 'redirect'
	| 'delay';

export interface FaultRule {
	/** Match method (any if absent). Case-insensitive. */
	method?: string;
	/** String = exact path without query (e.g. '/v1/customers/bulk'), or RegExp tested on that path. */
	path?: string | RegExp;
	/** How many matching requests get the fault (default 1; Infinity allowed). */
	times?: number;
	/** Let this many matching requests pass first (default 0). */
	skip?: number;
	kind: FaultKind;
	/** For 'status' (default 500), 'nonJson' (default 500) and 'emptyBody' (default 200). */
	status?: number;
	/** For 'status': the JSON body (default a Kustomer error body for that status). */
	body?: unknown;
	headers?: Record<string, string>;
	/** For 'delay': the request is handled as usual and answered this much later than the others. */
	delayMs?: number;
	/** For 'redirect': absolute URL, answered with 302 Location. */
	redirectTo?: string;
}

export interface StoredRecord {
	id: string;
	attributes: Record<string, unknown>;
	relationships: Record<string, { data: { type: string; id: string } }>;
}

export type RecordFailurePredicate = (resource: string, record: Record<string, unknown>) => string | undefined;

export interface MockKustomerStats {
	total: number;
	rateLimited: number;
	bulkSubmits: number;
	bulkPolls: number;
}

export interface MockKustomer {
	/** 'http://127.0.0.1:<port>' (no /v1). */
	baseUrl: string;
	/** Every request received, in arrival order (including ones answered 401/429/fault). */
	requests: RecordedRequest[];
	stats: MockKustomerStats;
	store: Record<ResourceName, Map<string, StoredRecord>>;
	/** Inserts a record directly (no validation, no request recorded). Returns its id. */
	seed(resource: ResourceName, attributes: Record<string, unknown>, id?: string): string;
	addFault(rule: FaultRule): void;
	/** Runs before each request is answered (e.g. another process creating a record meanwhile); undefined clears it. */
	beforeEachRequest(hook: ((request: { method: string; path: string; body: unknown }) => void) | undefined): void;
	/** Per-record bulk failure: return an error text to make that record fail inside a bulk job. Pass undefined to clear. */
	failRecordsWhere(predicate: RecordFailurePredicate | undefined): void;
	setOptions(partial: Partial<MockKustomerOptions>): void;
	/** Outbound webhooks by ID (POST /v1/outbound-webhooks adds, DELETE removes). */
	webhooks: Map<string, MockWebhook>;
	/** An event envelope about a stored record, as Kustomer would send it. */
	eventEnvelope(name: string, resource: ResourceName, id: string, changes?: EventEnvelope['changes']): EventEnvelope;
	/** Sends an envelope to a registered webhook's URL, signed with its token (see DeliveryOptions). */
	deliver(webhookId: string, envelope: EventEnvelope, options?: DeliveryOptions): Promise<Delivery>;
	/** Clears store, requests, stats, faults, failRecordsWhere predicate, beforeEachRequest hook, bulk jobs, outbound webhooks and the rate window. Options stay. */
	reset(): void;
	/** Closes the server, destroys every open/keep-alive/hanging socket and clears all timers. */
	stop(): Promise<void>;
}
