import type {
	DeclarativeRestApiSettings,
	IDataObject,
	INode,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorJson } from '../output';
import { connectionOf } from './connection';
import { assertUsableResponse, KustomerHttpError, toNodeApiError } from './errors';
import type { ReadPlan } from './paging';
import { runRead } from './paging';
import { outcomeOf, withRetries } from './retry';

/** Retries of a 5xx or a dropped connection on a routed request that is safe to resend. */
const ROUTED_MAX_RETRIES = 3;

/** Default of the node option "Max Rate-Limit Wait", in seconds. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_S = 300;

/**
 * First step after every routed response. The router is told to ignore status codes so that this one
 * place reads Kustomer's error body; a non-2xx answer or a body that is not JSON becomes an error here.
 */
export async function assertKustomerResponse(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	(await connectionOf(this)).budget.settle(response.headers);
	assertUsableResponse(response.statusCode, response.headers, response.body);
	return items;
}

/**
 * An input problem of a routed item, found before anything is sent. The router re-wraps every error but a
 * NodeApiError as one "from Kustomer" with error code "none" (n8n-core's routing-node); a NodeApiError
 * without a response is shown as the node's own message with its description.
 */
export function localInputError(node: INode, error: NodeOperationError, itemIndex: number): NodeApiError {
	const { message, description } = error;
	return new NodeApiError(node, {}, { message, description: description ?? undefined, itemIndex });
}

/**
 * Input problems of items run with Continue On Fail, kept by the preSend hook for the request hook, which
 * outputs them as error items (the router would keep only the message of an error thrown).
 */
const deferredInputErrors = new WeakMap<object, NodeOperationError>();

/** Keeps an item's input problem so its request is not sent and the item comes out as an error item. */
export function deferInputError(requestOptions: object, error: NodeOperationError): void {
	deferredInputErrors.set(requestOptions, error);
}

/** The record ID in a request's path, for the error item of a failed request. */
function recordIdIn(path: string): string | undefined {
	return /\/([0-9a-f]{24})(?:\/|$)/i.exec(path)?.[1];
}

/** A failed item with Continue On Fail: the message, what to do, and which record (see errorJson). */
function failedItem(
	context: IExecuteSingleFunctions,
	error: NodeApiError | NodeOperationError,
	path: string,
): INodeExecutionData {
	const details: IDataObject = { description: error.description ?? null, id: recordIdIn(path) ?? null };
	return { json: errorJson(context.getNode(), error.message, details), pairedItem: { item: context.getItemIndex() } };
}

/** How a reading operation plans its read from the item being routed (its paging, output and "not found"). */
export type ReadPlanner = (context: IExecuteSingleFunctions) => ReadPlan;

/**
 * The request hook of a routed operation (n8n calls it "pagination"; it wraps each routed request whose
 * routing sets `paginate`). One place for what every routed operation needs: resend a 429 after Kustomer's
 * reset, resend a 5xx or dropped connection when the request is idempotent, pair the output with its input
 * item, and turn failures into messages a person can act on. An operation that reads (Get, Get Many,
 * Search) gives its plan: paging and "not found" live in paging.ts, and every page goes through the same
 * retries and 429 waits.
 */
export function routedRequestHook(planRead?: ReadPlanner) {
	return async function sendRoutedRequest(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const request = {
			method: String(requestData.options.method ?? 'GET').toUpperCase(),
			path: String(requestData.options.url ?? ''),
		};
		const deferred = deferredInputErrors.get(requestData.options);
		if (deferred) return [failedItem(this, deferred, request.path)];
		const { maxRateLimitWait = DEFAULT_MAX_RATE_LIMIT_WAIT_S } = this.getNodeParameter('options', {}) as {
			maxRateLimitWait?: number;
		};
		// The plan reads the item's parameters; an input problem it finds fails the item before anything is sent.
		let plan: ReadPlan | undefined;
		try {
			plan = planRead?.(this);
		} catch (error) {
			const problem = toNodeApiError(this.getNode(), error, request, this.getItemIndex());
			if (this.continueOnFail()) return [failedItem(this, problem, request.path)];
			throw problem;
		}
		// The base URL expression cannot fail loudly; this says what is wrong with the credential before anything is sent.
		const { budget } = await connectionOf(this);
		// The router starts every item at once; the org's budget decides when each request goes.
		const paced = async (options: DeclarativeRestApiSettings.HttpRequestOptions) => {
			await budget.acquire();
			const outcome = await outcomeOf(async () => await this.makeRoutingRequest({ ...requestData, options }));
			if (outcome.ok) return outcome.value;
			// An answer was settled by assertKustomerResponse; a request that got none is settled here.
			if (!(outcome.error instanceof KustomerHttpError)) budget.settle(undefined);
			throw outcome.error;
		};
		try {
			const send = async (options: DeclarativeRestApiSettings.HttpRequestOptions) =>
				await withRetries(async () => await paced(options), {
					// A POST creates something, except adding tags and searching, which can be repeated harmlessly.
					idempotent: request.method !== 'POST' || /\/(tags|search)$/.test(request.path),
					maxRetries: ROUTED_MAX_RETRIES,
					maxRateLimitWaitMs: maxRateLimitWait * 1000,
				});
			const items = plan ? await runRead(this, plan, requestData.options, send) : await send(requestData.options);
			const itemIndex = this.getItemIndex();
			return items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
		} catch (error) {
			const apiError = toNodeApiError(this.getNode(), error, request, this.getItemIndex());
			if (this.continueOnFail()) return [failedItem(this, apiError, request.path)];
			throw apiError;
		}
	};
}

/** The routing of an operation that sends one request per input item, through its `routedRequestHook`. */
export function routedOperation(config: {
	method: IHttpRequestMethods;
	preSend: PreSendAction[];
	postReceive: PostReceiveAction[];
	/** For operations that read: the plan of the read (paging, output, "not found"). */
	read?: ReadPlanner;
}): INodePropertyRouting {
	return {
		request: { method: config.method },
		send: { paginate: true, preSend: config.preSend },
		operations: { pagination: routedRequestHook(config.read) },
		output: { postReceive: [assertKustomerResponse, ...config.postReceive] },
	};
}

/** The node option that bounds how long a 429 may hold the run back. */
export const rateLimitWaitOption = {
	displayName: 'Max Rate-Limit Wait (Seconds)',
	name: 'maxRateLimitWait',
	type: 'number' as const,
	default: DEFAULT_MAX_RATE_LIMIT_WAIT_S,
	typeOptions: { minValue: 0 },
	description:
		'How long a request may wait in total for Kustomer\'s rate limit to reset before the item fails. ' +
		'The org\'s budget is shared by every integration.',
};
