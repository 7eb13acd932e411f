import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { KustomerClient } from '../core/transport/client';
import { toNodeApiError } from '../core/transport/errors';
import type { PageRequest } from '../core/transport/paging';
import { readPages } from '../core/transport/paging';

/** A request of a dropdown: paging's request shape, plus a body for search. */
export type DropdownRequest = PageRequest & { body?: unknown };

/**
 * One request for a dropdown, through the same client as the bulk operations (credential host, key, rate
 * budget, retries, Kustomer's errors). The client uses only `getCredentials` and
 * `helpers.httpRequestWithAuthentication`, which a load-options context has as well. A failure becomes a
 * message the dropdown shows, e.g. the role the key lacks.
 */
export async function dropdownRequest(context: ILoadOptionsFunctions, request: DropdownRequest): Promise<unknown> {
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
		throw toNodeApiError(context.getNode(), error, { method, path });
	}
}

/** Every record of a Kustomer list (users, teams, queues, tags), page by page. */
export async function allRecords(context: ILoadOptionsFunctions, path: string, maxPageSize: number): Promise<IDataObject[]> {
	return await readPages<DropdownRequest>({ method: 'GET', url: path, qs: {} }, { maxPageSize }, async (page) =>
		await dropdownRequest(context, page),
	);
}
