import type { IExecuteFunctions, IExecuteSingleFunctions, IHookFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KustomerCredentials } from './baseUrl';
import { kustomerOrigin } from './baseUrl';
import type { RateBudget } from './rateBudget';
import { sharedBudget } from './rateBudget';

export interface KustomerConnection {
	/** Where requests go, e.g. https://acme.api.kustomerapp.com (no /v1). */
	origin: string;
	/** The org's request budget, shared by every request this process sends with the same credential. */
	budget: RateBudget;
}

/** The node's Kustomer credential as a connection, or an error saying what to fix in it; nothing is sent before. */
export async function connectionOf(
	context: IExecuteFunctions | IExecuteSingleFunctions | ILoadOptionsFunctions | IHookFunctions,
): Promise<KustomerConnection> {
	const credentials = (await context.getCredentials('kustomerApi')) as unknown as KustomerCredentials;
	try {
		const origin = kustomerOrigin(credentials);
		return { origin, budget: sharedBudget(origin, String(credentials.apiKey ?? '')) };
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: 'Fix this in the Kustomer API credential. Nothing was sent to Kustomer.',
		});
	}
}
