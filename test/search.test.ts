import { runKustomer } from './support/n8n';
import { credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';

const mock = useMockKustomer();

const search = (parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [{}]) =>
	runKustomer({ parameters: { resource: 'customer', operation: 'search', ...parameters }, items, credentials: credentialsFor(mock()) });

describe('Customer Search', () => {
	it('turns the form filters into criteria that must all match, newest updates first', async () => {
		const jo = mock().seed('customer', { name: 'Jo Rivera', emails: [{ email: 'jo@example.com' }], updatedAt: '2025-05-20T00:00:00.000Z' });
		mock().seed('customer', { name: 'Jo Other', emails: [{ email: 'other@example.com' }], updatedAt: '2025-05-20T00:00:00.000Z' });
		mock().seed('customer', { name: 'Jo Rivera', emails: [{ email: 'jo@example.com' }], updatedAt: '2024-01-01T00:00:00.000Z' });
		const { items, error } = await search({
			filters: { nameContains: 'rivera', email: 'jo@example.com', updatedAfter: '2025-05-01T00:00:00Z' },
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/')).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/v1/customers/search',
				query: { pageSize: '50' },
				body: {
					queryContext: 'customer',
					and: [
						{ customer_name: { contains: 'rivera' } },
						{ customer_email: { equals: 'jo@example.com' } },
						{ customer_updated_at: { gte: '2025-05-01T00:00:00.000Z' } },
					],
					sort: [{ customer_updated_at: 'desc' }],
				},
			}),
		]);
		expect(items.map((item) => item.json)).toEqual([{ id: jo, name: 'Jo Rivera', email: 'jo@example.com', createdAt: expect.any(String), updatedAt: '2025-05-20T00:00:00.000Z' }]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('without filters searches every customer; Sort can put the oldest updates first', async () => {
		await search({ options: { sort: 'asc' } });
		expect(requestsTo(mock(), '/v1/')[0].body).toEqual({ queryContext: 'customer', sort: [{ customer_updated_at: 'asc' }] });
	});

	it('sends an expert\'s JSON query as it is, in the customer context', async () => {
		const gold = mock().seed('customer', { name: 'Gold', custom: { tierStr: 'gold' } });
		mock().seed('customer', { name: 'Silver', custom: { tierStr: 'silver' } });
		const query = { and: [{ customer_custom_tierStr: { equals: 'gold' } }], sort: [{ customer_updated_at: 'asc' }] };
		const { items } = await search({ define: 'json', query: JSON.stringify(query), simple: false });
		expect(requestsTo(mock(), '/v1/')[0].body).toEqual({ ...query, queryContext: 'customer' });
		expect(items.map((item) => item.json)).toEqual([expect.objectContaining({ id: gold, custom: { tierStr: 'gold' } })]);
	});

	it.each([
		['not JSON', '{ and: ', /Query \(JSON\): is not valid JSON/],
		['an array', '[]', /Query \(JSON\): must be a JSON object/],
		['another context', '{"queryContext": "conversation"}', /this operation searches customers/],
	])('refuses a JSON query that is %s, sending nothing', async (_name, query, message) => {
		const { error } = await search({ define: 'json', query });
		expect(error?.message).toMatch(message);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(0);
	});

	it('pages through results with the same body, up to the limit', async () => {
		const ids = Array.from({ length: 1200 }, (_, n) => mock().seed('customer', { name: `Jo ${n}` })).reverse();
		const { items, error } = await search({ filters: { nameContains: 'jo' }, limit: 1100 });
		expect(error).toBeUndefined();
		const sent = requestsTo(mock(), '/v1/');
		expect(sent.map((request) => request.query)).toEqual([
			{ pageSize: '500' },
			{ page: '2', pageSize: '500' },
			{ page: '3', pageSize: '500' },
		]);
		expect(new Set(sent.map((request) => JSON.stringify(request.body))).size).toBe(1);
		expect(items.map((item) => item.json.id)).toEqual(ids.slice(0, 1100));
	});

	it('Return All reads to the last page', async () => {
		Array.from({ length: 501 }, (_, n) => mock().seed('customer', { name: `Jo ${n}` }));
		const { items } = await search({ returnAll: true });
		expect(items).toHaveLength(501);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(2);
	});

	it('a 5xx during a search is retried, as a search only reads', async () => {
		mock().seed('customer', { name: 'Jo' });
		mock().addFault({ kind: 'status', status: 502, path: '/v1/customers/search' });
		const { items, error } = await search({});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(2);
	});

	it('a 403 names the search role', async () => {
		mock().addFault({ kind: 'status', status: 403, body: { errors: [{ code: 'forbidden', message: 'Forbidden' }] } });
		const { error } = await search({});
		expect(error?.message).toBe('The API key lacks the role org.permission.search.create (legacy org.user.search.read)');
	});
});
