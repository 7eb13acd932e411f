import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { KustomerClient } from '../core/transport/client';
import { toNodeApiError } from '../core/transport/errors';
import type { PageRequest } from '../core/transport/paging';
import { readPages } from '../core/transport/paging';

/** A request of a dropdown: paging's request shape, plus a body for search. */
export type DropdownRequest = PageRequest & { body?: unknown };

/** What a dropdown shows before a credential is chosen: nothing, rather than an error. */
const NO_RECORDS = { data: [], links: { next: null } };

/** Where a dropdown's failure differs from a run's: the request is the node's own, not the person's values. */
function dropdownFailure(context: ILoadOptionsFunctions, error: unknown, what: string, method: string, path: string) {
	const apiError = toNodeApiError(context.getNode(), error, { method, path });
	const refused = apiError.httpCode === '400' || apiError.httpCode === '422';
	return new NodeApiError(context.getNode(), { message: apiError.message } as JsonObject, {
		message: `Could not load the list of ${what}: ${apiError.message}`,
		description: refused
			? `Kustomer refused the node's request for this list (${method} ${path}). Enter the value by ID, or as an ` +
				'expression, instead; the operation itself is not affected.'
			: apiError.description ?? undefined,
		httpCode: apiError.httpCode ?? undefined,
	});
}

/**
 * One request for a dropdown, through the same client as the bulk operations (credential host, key, rate
 * budget, retries, Kustomer's errors). The client uses only `getCredentials` and
 * `helpers.httpRequestWithAuthentication`, which a load-options context has as well. A failure becomes a
 * message the dropdown shows, naming the list, e.g. the role the key lacks. Before a credential is chosen
 * the list is empty.
 */
export async function dropdownRequest(
	context: ILoadOptionsFunctions,
	request: DropdownRequest,
	what: string,
): Promise<unknown> {
	if (!context.getNode().credentials?.kustomerApi) return NO_RECORDS;
	const method = request.method === 'POST' ? 'POST' : 'GET';
	const path = request.url ?? '';
	try {
		// A person is waiting for the dropdown: short waits, one retry.
		const client = await KustomerClient.create(context as unknown as IExecuteFunctions, {
			maxRetries: 1,
			maxRateLimitWaitMs: 10_000,
			timeoutMs: 20_000,
		});
		// Both methods only read (a search POST too), so a resend is harmless.
		return await client.request({ method, path, qs: request.qs, body: request.body, idempotent: true });
	} catch (error) {
		throw dropdownFailure(context, error, what, method, path);
	}
}

/** Every record of a Kustomer list (users, teams, queues, tags), page by page. */
export async function allRecords(
	context: ILoadOptionsFunctions,
	path: string,
	maxPageSize: number,
	what: string,
): Promise<IDataObject[]> {
	return await readPages<DropdownRequest>({ method: 'GET', url: path, qs: {} }, { maxPageSize }, async (page) =>
		await dropdownRequest(context, page, what),
	);
}
