import type { IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { KustomerClient, type KustomerRequest } from '../Kustomer/core/transport/client';

/**
 * One request to Kustomer through the package's client (credential host, key, rate budget, retries).
 * The client needs only `getCredentials`, `getNode` and `helpers.httpRequestWithAuthentication`, which
 * the trigger's hook and load-options contexts have as well. Kustomer's errors are thrown as they are
 * (`KustomerHttpError`), so the caller can tell "not found" from a failure.
 */
export async function kustomerRequest<T = unknown>(
	context: IHookFunctions | ILoadOptionsFunctions,
	request: KustomerRequest,
): Promise<T> {
	// Activation and dropdowns have a person or n8n's activation waiting: short waits, few retries.
	const client = await KustomerClient.create(context as unknown as IExecuteFunctions, {
		maxRetries: 2,
		maxRateLimitWaitMs: 20_000,
		timeoutMs: 20_000,
	});
	return await client.request<T>(request);
}
