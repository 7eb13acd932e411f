/**
 * Fault injection: every fault the mock can produce, against a routed operation (Update, idempotent) and
 * the bulk operations (Bulk Create, not idempotent; Bulk Update, idempotent), with Continue On Fail off
 * and on. Each case checks the requests that reached Kustomer, the outcome, items in = items out, and
 * that the API key appears nowhere in what the run produced.
 */
import { createServer } from 'http';
import type { AddressInfo } from 'net';

import type { FaultRule } from './mock-kustomer';
import { API_KEY, credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';
import { runKustomer } from './support/n8n';

const mock = useMockKustomer({ bulkPollsUntilComplete: 0 });

const ID = '6650c2f1a3b4c5d6e7f80911';
const everything: string[] = [];

afterAll(() => {
	// One scan over every output item and error of the suite.
	expect(everything.join('\n')).not.toContain(API_KEY);
	expect(everything.length).toBeGreaterThan(50);
});

async function run(parameters: Record<string, unknown>, items: Array<Record<string, unknown>>, continueOnFail: boolean) {
	const result = await runKustomer({ parameters, items, credentials: credentialsFor(mock()), continueOnFail });
	everything.push(JSON.stringify(result.items), JSON.stringify(result.error ?? null), String(result.error?.message), String(result.error?.description));
	return result;
}

const update = { resource: 'conversation', operation: 'update', conversationId: '={{ $json.id }}', updateFields: { status: 'done' } };
const bulkCreate = { resource: 'customer', operation: 'bulkCreate', additionalFields: { name: '={{ "C" + $json.n }}', externalId: '={{ "x-" + $json.n }}' } };
const bulkUpdate = { resource: 'customer', operation: 'bulkUpdate', customerId: '={{ $json.id }}', updateFields: { name: 'renamed' } };

interface FaultCase {
	name: string;
	faults: FaultRule[];
	/** Requests that must reach the path of the operation (retries included). */
	sent: number;
	/** The error when the fault is not recovered from; undefined: the run succeeds. */
	error?: RegExp;
	options?: Record<string, unknown>;
}

const PUT = { method: 'PUT', path: `/v1/conversations/${ID}` };
const routedCases: FaultCase[] = [
	{ name: '429 with x-ratelimit-reset, then success', faults: [{ ...PUT, kind: 'status', status: 429, headers: { 'x-ratelimit-reset': '1' } }], sent: 2 },
	{
		name: '429 longer than the maximum wait',
		faults: [{ ...PUT, kind: 'status', status: 429, times: Infinity, headers: { 'x-ratelimit-reset': '2' } }],
		options: { maxRateLimitWait: 1 },
		sent: 1,
		error: /rate limit stayed exhausted/,
	},
	...[500, 502, 503, 504].map((status) => ({ name: `${status} twice, then success`, faults: [{ ...PUT, kind: 'status' as const, status, times: 2 }], sent: 3 })),
	{ name: '503 every time', faults: [{ ...PUT, kind: 'status', status: 503, times: Infinity }], sent: 4, error: /^Kustomer answered 503/ },
	{ name: 'connection reset, then success', faults: [{ ...PUT, kind: 'reset' }], sent: 2 },
	{ name: 'connection reset every time', faults: [{ ...PUT, kind: 'reset', times: Infinity }], sent: 4, error: /connection to Kustomer failed \(connection reset\) 4 times/ },
	{ name: '401', faults: [{ ...PUT, kind: 'status', status: 401 }], sent: 1, error: /did not accept the API key/ },
	{ name: '403 (missing role)', faults: [{ ...PUT, kind: 'status', status: 403 }], sent: 1, error: /lacks the role org\.permission\.conversation\.update/ },
	{
		name: 'wrong region',
		faults: [{ ...PUT, kind: 'status', status: 401, body: { errors: [{ code: 'unauthorized', message: 'Auth token associated with pod prod2 but request is being handled by prod1' }] } }],
		sent: 1,
		error: /belongs to another Kustomer region/,
	},
	{
		name: '422 with Kustomer\'s error body',
		faults: [{ ...PUT, kind: 'status', status: 422, body: { errors: [{ status: 422, code: 'invalid', detail: 'snooze time is in the past', source: { pointer: '/snooze/time' } }] } }],
		sent: 1,
		error: /^Kustomer rejected the request: snooze time is in the past \(field: snooze\/time\)$/,
	},
	{ name: '404 on the ID', faults: [{ ...PUT, kind: 'status', status: 404 }], sent: 1, error: new RegExp(`^Not found: conversations/${ID}$`) },
	{ name: '413', faults: [{ ...PUT, kind: 'status', status: 413 }], sent: 1, error: /too large for Kustomer/ },
	{ name: 'a body that is not JSON', faults: [{ ...PUT, kind: 'nonJson', status: 200 }], sent: 1, error: /answered 200 with a body that is not JSON/ },
	{ name: 'an empty body', faults: [{ ...PUT, kind: 'emptyBody', status: 200 }], sent: 1, error: /answered 200 with an empty body/ },
];

describe.each([false, true])('routed Update under faults (Continue On Fail %s)', (continueOnFail) => {
	it.each(routedCases)('$name', async ({ faults, sent, error, options }) => {
		mock().seed('conversation', { status: 'open' }, ID);
		faults.forEach((fault) => mock().addFault(fault));
		const result = await run({ ...update, options: options ?? {} }, [{ id: ID }], continueOnFail);
		expect(requestsTo(mock(), PUT.path)).toHaveLength(sent);
		if (!error) {
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([expect.objectContaining({ id: ID, status: 'done' })]);
		} else if (continueOnFail) {
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(String(result.items[0].json.error)).toMatch(error);
		} else {
			expect(result.error?.message).toMatch(error);
		}
	});

	it('a hung connection ends at the timeout of Request Options, after bounded retries', async () => {
		mock().addFault({ ...PUT, kind: 'hang', times: Infinity });
		const result = await run({ ...update, requestOptions: { timeout: 300 } }, [{ id: ID }], continueOnFail);
		expect(requestsTo(mock(), PUT.path)).toHaveLength(4);
		const message = continueOnFail ? String(result.items[0].json.error) : result.error?.message;
		expect(message).toMatch(/connection to Kustomer failed \(timed out\) 4 times/);
	}, 20_000);
});

describe('a redirect never carries the key to another host', () => {
	it.each([false, true])('Continue On Fail %s', async (continueOnFail) => {
		const seen: Array<string | undefined> = [];
		const other = createServer((request, response) => {
			seen.push(request.headers.authorization);
			response.end('{}');
		});
		await new Promise<void>((resolve) => other.listen(0, 'localhost', resolve));
		const target = `http://localhost:${(other.address() as AddressInfo).port}/steal`;
		mock().addFault({ ...PUT, kind: 'redirect', redirectTo: target });
		const result = await run(update, [{ id: ID }], continueOnFail);
		await new Promise((resolve) => other.close(resolve));
		expect(seen).toEqual([]);
		const message = continueOnFail ? String(result.items[0].json.error) : result.error?.message;
		expect(message).toBe(`Kustomer's address redirected the request to ${target}`);
	});
});

describe.each([false, true])('Bulk Create under faults (Continue On Fail %s)', (continueOnFail) => {
	const SUBMIT = { method: 'POST', path: '/v1/customers/bulk' };
	const items = [{ n: 0 }, { n: 1 }, { n: 2 }];

	it('a 500 on the submit is not resent (it may have been processed)', async () => {
		mock().addFault({ ...SUBMIT, kind: 'status', status: 500 });
		const result = await run(bulkCreate, items, continueOnFail);
		expect(requestsTo(mock(), SUBMIT.path)).toHaveLength(1);
		if (continueOnFail) {
			expect(result.items.map((item) => [item.json.status, item.pairedItem])).toEqual(items.map((_, n) => ['error', { item: n }]));
		} else {
			expect(result.error?.message).toMatch(/^Bulk request for input items 0 to 2 failed: Kustomer answered 500/);
		}
	});

	it('a connection lost after Kustomer took the records: no resend, no duplicate, the _clientRefs named', async () => {
		mock().addFault({ ...SUBMIT, kind: 'resetAfterCommit' });
		const result = await run(bulkCreate, items, continueOnFail);
		expect(requestsTo(mock(), SUBMIT.path)).toHaveLength(1);
		expect(mock().store.customer.size).toBe(3);
		const text = continueOnFail ? String(result.items[0].json.error) : `${result.error?.message} ${result.error?.description}`;
		expect(text).toMatch(/may or may not have been created/);
		expect(text).toMatch(/n8n-item-0, n8n-item-1, n8n-item-2/);
		if (continueOnFail) expect(result.items).toHaveLength(3);
	});

	it('a 413 splits the request and goes on: every record created once', async () => {
		mock().addFault({ ...SUBMIT, kind: 'status', status: 413 });
		const result = await run(bulkCreate, items, continueOnFail);
		expect(requestsTo(mock(), SUBMIT.path).map((request) => (request.body as unknown[]).length)).toEqual([3, 2, 1]);
		expect(result.items.map((item) => item.json.status)).toEqual(['created', 'created', 'created']);
		expect(mock().store.customer.size).toBe(3);
	});

	it('a 401 stops at once with what to fix', async () => {
		mock().addFault({ ...SUBMIT, kind: 'status', status: 401 });
		const result = await run(bulkCreate, items, continueOnFail);
		expect(requestsTo(mock(), SUBMIT.path)).toHaveLength(1);
		const message = continueOnFail ? String(result.items[0].json.error) : result.error?.message;
		expect(message).toMatch(/did not accept the API key/);
	});

	it('an answer that is not JSON is a clear error with the status', async () => {
		mock().addFault({ ...SUBMIT, kind: 'nonJson', status: 502 });
		const result = await run(bulkCreate, items, continueOnFail);
		const message = continueOnFail ? String(result.items[0].json.error) : result.error?.message;
		expect(message).toMatch(/Kustomer answered 502/);
		expect(requestsTo(mock(), SUBMIT.path)).toHaveLength(1);
	});
});

describe.each([false, true])('Bulk Update under faults (Continue On Fail %s)', (continueOnFail) => {
	it('a 503 or a reset on the submit is resent (an update can be repeated) and every record is updated', async () => {
		const ids = [0, 1, 2].map(() => mock().seed('customer', { name: 'before' }));
		mock().addFault({ method: 'PUT', path: '/v1/customers/bulk', kind: 'status', status: 503 });
		mock().addFault({ method: 'PUT', path: '/v1/customers/bulk', kind: 'reset' });
		const result = await run(bulkUpdate, ids.map((id) => ({ id })), continueOnFail);
		expect(requestsTo(mock(), '/v1/customers/bulk')).toHaveLength(3);
		expect(result.items.map((item) => [item.json.id, item.json.status])).toEqual(ids.map((id) => [id, 'updated']));
	});

	it('a failed look at the job is retried', async () => {
		const ids = [0, 1].map(() => mock().seed('customer', { name: 'before' }));
		mock().addFault({ method: 'GET', path: /^\/v1\/bulk\//, kind: 'status', status: 502 });
		const result = await run(bulkUpdate, ids.map((id) => ({ id })), continueOnFail);
		expect(result.items.map((item) => item.json.status)).toEqual(['updated', 'updated']);
	});
});

describe('the credential is checked before anything is sent', () => {
	it.each([false, true])('plain http to a host that is not this machine is refused (Continue On Fail %s)', async (continueOnFail) => {
		for (const parameters of [update, bulkCreate]) {
			const result = await runKustomer({
				parameters,
				items: [{ id: ID, n: 0 }],
				credentials: { apiKey: API_KEY, region: 'custom', baseUrl: 'http://kustomer-gateway.example.com' },
				continueOnFail,
			});
			const message = continueOnFail ? String(result.items[0]?.json.error) : result.error?.message;
			expect(message).toMatch(/plain http/);
		}
		expect(mock().requests).toHaveLength(0);
	});
});

describe('a custom base URL pasted with /v1', () => {
	it('works for routed and bulk operations alike: the requests go to /v1/…, not /v1/v1/…', async () => {
		mock().seed('conversation', { name: 'x' }, ID);
		for (const parameters of [update, bulkCreate]) {
			const result = await runKustomer({
				parameters,
				items: [{ id: ID, n: 0 }],
				credentials: { ...credentialsFor(mock()), baseUrl: `${mock().baseUrl}/v1/` },
			});
			expect(result.error).toBeUndefined();
		}
		expect(mock().requests.map((request) => request.path.startsWith('/v1/v1'))).not.toContain(true);
		expect(mock().requests.length).toBeGreaterThanOrEqual(2);
	});
});

describe('IDs cannot change the path', () => {
	it('an ID such as ../users is refused before sending', async () => {
		const result = await run({ ...update, conversationId: '../users' }, [{}], false);
		expect(result.error?.message).toMatch(/not a Kustomer ID/);
		expect(mock().requests).toHaveLength(0);
	});
});
