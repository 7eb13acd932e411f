import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** A non-2xx answer from Kustomer, before it is turned into a message for a person. */
export class KustomerHttpError extends Error {
	constructor(
		readonly status: number,
		readonly headers: Record<string, unknown>,
		readonly body: unknown,
	) {
		super(`Kustomer answered ${status}`);
	}
}

/** No answer at all (reset, timeout, refused), or an answer that is not JSON where JSON was due. */
export class KustomerTransportError extends Error {
	constructor(
		message: string,
		readonly code?: string,
	) {
		super(message);
	}
}

/** The request an error belongs to, for messages and role hints. */
export interface RequestLabel {
	method: string;
	path: string;
}

export interface KustomerErrorDetail {
	code?: string;
	reason?: string;
	field?: string;
}

/**
 * Reads both error shapes Kustomer uses: `{errors:[{code,message}]}` and JSON:API
 * `{errors:[{status,code,title,detail,source}]}`.
 */
export function parseKustomerError(body: unknown): KustomerErrorDetail {
	const first = (body as { errors?: unknown[] } | undefined)?.errors?.[0] as IDataObject | undefined;
	if (!first || typeof first !== 'object') {
		return typeof body === 'string' && body.trim() ? { reason: body.trim().slice(0, 200) } : {};
	}
	const source = (first.source ?? {}) as IDataObject;
	const field = source.pointer ?? source.parameter ?? source.parameters ?? first.parameter;
	return {
		code: typeof first.code === 'string' ? first.code : undefined,
		reason: String(first.message ?? first.detail ?? first.title ?? '') || undefined,
		field: field === undefined ? undefined : String(Array.isArray(field) ? field.join(', ') : field).replace(/^\//, ''),
	};
}

const ACTION_BY_METHOD: Record<string, string> = {
	GET: 'read',
	POST: 'create',
	PUT: 'update',
	PATCH: 'update',
	DELETE: 'delete',
};
const LEGACY_ACTION: Record<string, string> = { read: 'read', create: 'write', update: 'write', delete: 'delete' };
const RECORD_RESOURCES: Record<string, string> = {
	conversations: 'conversation',
	messages: 'message',
	customers: 'customer',
	notes: 'note',
	companies: 'company',
};
/** Roles of the read-only lookups (dropdowns, bulk jobs), as Kustomer's docs name them. */
const LOOKUP_ROLES: Record<string, string> = {
	bulk: 'org.permission.bulk.read (legacy org.user.bulk.read)',
	users: 'org.permission.user.read (legacy org.user.read)',
	teams: 'org.permission.team.read',
	routing: 'org.permission.queue.read or org.permission.routing.read (legacy org.user.routing.read)',
	metadata: 'org.permission.metadata.read (legacy org.user.metadata.read)',
};

/** The Kustomer role a request needs, in both naming schemes, derived from its method and path. */
export function requiredRole(method: string, path: string): string | undefined {
	const segments = path.replace(/^\/v1\//, '').split(/[/?]/);
	if (segments[0] === 'customers' && segments[1] === 'search') {
		return 'org.permission.search.create (legacy org.user.search.read)';
	}
	if (LOOKUP_ROLES[segments[0]]) return LOOKUP_ROLES[segments[0]];
	// A Klass's list is a read of the Klass; its objects need the kobject roles; a customer's objects are a customer read.
	if (segments[0] === 'klasses') {
		if (method.toUpperCase() === 'GET' && segments.length <= 2) {
			return 'org.permission.klass.read (legacy org.user.klass.read)';
		}
		const kobject = ACTION_BY_METHOD[method.toUpperCase()];
		return kobject && `org.permission.kobject.${kobject} (legacy org.user.kobject.${LEGACY_ACTION[kobject]})`;
	}
	if (segments[0] === 'outbound-webhooks') {
		return (
			`org.permission.outbound_webhook.${ACTION_BY_METHOD[method.toUpperCase()]} (legacy org.admin.outbound_webhooks)`
		);
	}
	// Adding tags to a conversation is an update of it in Kustomer's role model.
	const action = segments[2] === 'tags' && method === 'POST' ? 'update' : ACTION_BY_METHOD[method.toUpperCase()];
	// A nested path acts on its last resource: /conversations/{id}/notes creates a note.
	const resource = RECORD_RESOURCES[segments[2]] ?? RECORD_RESOURCES[segments[0]];
	if (!resource || !action) return undefined;
	return `org.permission.${resource}.${action} (legacy org.user.${resource}.${LEGACY_ACTION[action]})`;
}

function explain(error: KustomerHttpError, request: RequestLabel): { message: string; description: string } {
	const { code, reason, field } = parseKustomerError(error.body);
	const said = [reason, field ? `(field: ${field})` : ''].filter(Boolean).join(' ');
	const role = requiredRole(request.method, request.path);
	const where = `${request.method} ${request.path.split('?')[0]}`;
	if (/pod/i.test(reason ?? '')) {
		return {
			message: 'The API key belongs to another Kustomer region',
			description:
				`Kustomer said: ${reason}. Change Region in the Kustomer API credential to the one the key was created in, ` +
				'or choose "Org Subdomain".',
		};
	}
	if (error.status >= 300 && error.status < 400) {
		const location = String(error.headers.location ?? 'elsewhere');
		return {
			message: `Kustomer's address redirected the request to ${location}`,
			description:
				'The node does not follow redirects, so the API key is never sent to another host. ' +
				'Check Region and Base URL in the Kustomer API credential.',
		};
	}
	switch (error.status) {
		case 400:
		case 422:
			return {
				message: `Kustomer rejected the request: ${said || 'invalid request'}`,
				description:
					`${where} answered ${error.status}${code ? ` (${code})` : ''}. ` +
					`Correct the value${field ? ` of "${field}"` : ''} and run again.`,
			};
		case 401:
			return {
				message: 'Kustomer did not accept the API key',
				description:
					`${said ? `Kustomer said: ${said}. ` : ''}Check the API key in the Kustomer API credential ` +
					'(expired, revoked, or created for another region). ' +
					`If the key is valid, it may lack the role ${role ?? 'for this operation'}.`,
			};
		case 403:
			return {
				message: `The API key lacks the role ${role ?? 'this operation needs'}`,
				description:
					`${said ? `Kustomer said: ${said}. ` : ''}Add the role to the API key in Kustomer ` +
					'(Settings → Security → API Keys) or use a key that has it.',
			};
		case 404:
			return {
				message: `Not found: ${where.replace(/^\w+ \/v1\//, '')}`,
				description:
					`${said ? `Kustomer said: ${said}. ` : ''}Check the ID; the record may have been deleted, ` +
					"or the key's region may not hold it.",
			};
		case 413:
			return {
				message: 'The request body is too large for Kustomer (over 100 KB)',
				description: 'Send fewer or smaller records at once (lower Batch Size) or shorten long text fields.',
			};
		case 429:
			return {
				message: 'Kustomer\'s rate limit stayed exhausted for longer than the node may wait',
				description:
					'The org\'s per-minute request budget is shared by every integration. ' +
					'Run again later, or raise "Max Rate-Limit Wait" in the node options.',
			};
		default:
			return {
				message: `Kustomer answered ${error.status}${said ? `: ${said}` : ''}`,
				description: `${where} failed${
					error.status >= 500 ? ' on Kustomer\'s side; the node already retried where that was safe. Try again later' : ''
				}.`,
			};
	}
}

/**
 * Turns anything thrown while talking to Kustomer into an error a person can act on; never includes request
 * headers.
 */
export function toNodeApiError(node: INode, error: unknown, request: RequestLabel, itemIndex?: number): NodeApiError {
	if (error instanceof NodeApiError) return error;
	if (error instanceof KustomerHttpError) {
		const { message, description } = explain(error, request);
		const response: JsonObject = { status: error.status, body: (error.body ?? null) as JsonObject };
		return new NodeApiError(node, response, { message, description, httpCode: String(error.status), itemIndex });
	}
	const message =
		error instanceof KustomerTransportError
			? error.message
			: `The request to Kustomer failed: ${(error as Error)?.message ?? String(error)}`;
	return new NodeApiError(node, { message } as JsonObject, {
		message,
		description: `${request.method} ${request.path.split('?')[0]}`,
		httpCode: 'none',
		itemIndex,
	});
}

/** A Kustomer answer is usable when it is 2xx and, unless 204, JSON; anything else becomes an error here. */
export function assertUsableResponse(statusCode: number, headers: Record<string, unknown>, body: unknown): void {
	if (statusCode < 200 || statusCode > 299) throw new KustomerHttpError(statusCode, headers, body);
	if (statusCode !== 204 && (typeof body !== 'object' || body === null)) {
		throw new KustomerTransportError(
			`Kustomer answered ${statusCode} with ${body ? 'a body that is not JSON' : 'an empty body'} ` +
				'where JSON was expected; a proxy or gateway may be in the way',
		);
	}
}
