import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';

import type { KustomerConnection } from './connection';
import { connectionOf } from './connection';
import { assertUsableResponse } from './errors';
import type { RetryPolicy } from './retry';
import { withRetries } from './retry';

export interface ClientStats {
	requests: number;
	rateLimited: number;
	retried: number;
}

export interface ClientOptions {
	maxRetries: number;
	maxRateLimitWaitMs: number;
	timeoutMs: number;
}

export interface KustomerRequest {
	method: IHttpRequestMethods;
	/** Path below the origin, starting with /v1/. */
	path: string;
	qs?: IDataObject;
	body?: unknown;
	/** Whether a resend cannot duplicate anything; decides retries of a 5xx or a dropped connection. */
	idempotent: boolean;
	/** Told each time the request goes out, past the rate budget (a 429 sends it again). */
	onSend?: () => void;
}

/**
 * Kustomer's API for operations that run outside the declarative router (the bulk operations): the base
 * URL from the credential, the key through n8n's authentication, the shared rate budget, the retry policy,
 * and Kustomer's errors, in one place.
 */
export class KustomerClient {
	readonly stats: ClientStats = { requests: 0, rateLimited: 0, retried: 0 };

	private constructor(
		private readonly context: IExecuteFunctions,
		private readonly connection: KustomerConnection,
		private readonly options: ClientOptions,
	) {}

	static async create(context: IExecuteFunctions, options: ClientOptions): Promise<KustomerClient> {
		return new KustomerClient(context, await connectionOf(context), options);
	}

	/** Sends one request under the retry policy and returns Kustomer's JSON body. */
	async request<T = IDataObject>(request: KustomerRequest): Promise<T> {
		const policy: RetryPolicy = {
			idempotent: request.idempotent,
			maxRetries: this.options.maxRetries,
			maxRateLimitWaitMs: this.options.maxRateLimitWaitMs,
			onRetry: (reason) => {
				if (reason === 'rateLimited') this.stats.rateLimited++;
				else this.stats.retried++;
			},
		};
		return await withRetries(async () => await this.send<T>(request), policy);
	}

	private async send<T>(request: KustomerRequest): Promise<T> {
		const { budget, origin } = this.connection;
		const ticket = await budget.acquire();
		this.stats.requests++;
		request.onSend?.();
		let response: IN8nHttpFullResponse | undefined;
		try {
			response = (await this.context.helpers.httpRequestWithAuthentication.call(this.context, 'kustomerApi', {
				method: request.method,
				url: `${origin}${request.path}`,
				qs: request.qs,
				body: request.body as IDataObject,
				json: true,
				headers: { Accept: 'application/json' },
				ignoreHttpStatusErrors: true,
				returnFullResponse: true,
				// n8n would resend the key to wherever a redirect points; Kustomer's API has no reason to redirect.
				disableFollowRedirect: true,
				timeout: this.options.timeoutMs,
			})) as IN8nHttpFullResponse;
		} finally {
			// Every request settles its place in the budget, answered (with what the headers say) or not.
			budget.settle(response?.headers, ticket);
		}
		assertUsableResponse(response.statusCode, response.headers, response.body);
		return response.body as T;
	}
}
