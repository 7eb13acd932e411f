import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { loadPackage, runKustomer } from './support/n8n';
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

describe('Search past Kustomer\'s cap of pages', () => {
	it('reads on from the last record\'s update time when a search stops at its cap, outputting each record once', async () => {
		mock().setOptions({ searchPageCap: 1 });
		const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
		// Two records share the update time at the first window's end: both are output, once.
		const ids = Array.from({ length: 1100 }, (_, n) => mock().seed('customer', { name: `Jo ${n}`, updatedAt: at(n === 600 ? 599 : n) }));
		const { items, error } = await search({ returnAll: true, options: { sort: 'asc' } });
		expect(error).toBeUndefined();
		const sent = requestsTo(mock(), '/v1/');
		expect(sent.map((request) => [request.query, (request.body as { and?: unknown }).and])).toEqual([
			[{ pageSize: '500' }, undefined],
			[{ pageSize: '500' }, [{ customer_updated_at: { gte: at(499) } }]],
			[{ pageSize: '500' }, [{ customer_updated_at: { gte: at(998) } }]],
		]);
		expect(items).toHaveLength(1100);
		expect(new Set(items.map((item) => item.json.id))).toEqual(new Set(ids));
	});
});

describe('Conversation Search', () => {
	it('finds stale open conversations from the form: one request to Kustomer\'s search, in the conversation context', async () => {
		const team = '5f0b00000000000000000001';
		const stale = mock().seed('conversation', { name: 'Old', status: 'open', tags: ['vip'], assignedTeams: [team], updatedAt: '2025-01-02T00:00:00.000Z' });
		mock().seed('conversation', { name: 'Fresh', status: 'open', tags: ['vip'], assignedTeams: [team], updatedAt: '2025-06-01T00:00:00.000Z' });
		mock().seed('conversation', { name: 'Closed', status: 'done', tags: ['vip'], assignedTeams: [team], updatedAt: '2025-01-02T00:00:00.000Z' });
		const { items, error } = await runKustomer({
			parameters: {
				resource: 'conversation',
				operation: 'search',
				filters: { status: 'open', updatedBefore: '2025-03-01T00:00:00Z', tag: 'vip', assignedTeams: team },
				returnAll: true,
			},
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/')).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/v1/customers/search',
				body: {
					queryContext: 'conversation',
					and: [
						{ conversation_status: { equals: 'open' } },
						{ conversation_updated_at: { lte: '2025-03-01T00:00:00.000Z' } },
						{ conversation_tags: { equals: 'vip' } },
						{ conversation_assigned_teams: { equals: team } },
					],
					sort: [{ conversation_updated_at: 'desc' }],
				},
			}),
		]);
		expect(items.map((item) => item.json.id)).toEqual([stale]);
	});

	it('takes a JSON query in the conversation context and refuses another context', async () => {
		const { error } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'search', define: 'json', query: '{"queryContext": "customer"}' },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toMatch(/this operation searches conversations/);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(0);
	});
});

describe('Message Search', () => {
	it('finds messages by channel and direction', async () => {
		const conversation = mock().seed('conversation', { name: 'x' });
		const inbound = mock().seed('message', { conversation, channel: 'email', direction: 'in', app: 'a' });
		mock().seed('message', { conversation, channel: 'email', direction: 'out', app: 'a' });
		mock().seed('message', { conversation, channel: 'sms', direction: 'in', app: 'a' });
		const { items, error } = await runKustomer({
			parameters: { resource: 'message', operation: 'search', filters: { channel: 'email', direction: 'in' } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/')[0].body).toEqual({
			queryContext: 'message',
			and: [{ message_channel: { equals: 'email' } }, { message_direction: { equals: 'in' } }],
			sort: [{ message_updated_at: 'desc' }],
		});
		expect(items.map((item) => item.json.id)).toEqual([inbound]);
	});
});

it('every criterion a search form can send is one Kustomer\'s CustomerSearch reference lists', async () => {
	// Copied by hand from the criteria list in the spec's CustomerSearch description, for the fields the forms use.
	const documented = new Set([
		'customer_name', 'customer_email', 'customer_phone', 'customer_externalId', 'customer_created_at', 'customer_updated_at',
		'conversation_status', 'conversation_updated_at', 'conversation_tags', 'conversation_assigned_teams',
		'conversation_assigned_users', 'conversation_channels', 'conversation_customer_id',
		'message_channel', 'message_direction', 'message_status', 'message_created_at', 'message_updated_at', 'message_customer_id',
	]);
	const { node } = await loadPackage();
	for (const filters of node.description.properties.filter((property) => property.name === 'filters')) {
		const resource = filters.displayOptions!.show!.resource![0] as string;
		const values = Object.fromEntries((filters.options as INodeProperties[]).map((option) => [option.name, sample(option)]));
		await runKustomer({ parameters: { resource, operation: 'search', filters: values }, items: [{}], credentials: credentialsFor(mock()) });
	}
	const sent = requestsTo(mock(), '/v1/customers/search').flatMap((request) => (request.body as { and: object[] }).and.flatMap(Object.keys));
	expect(sent.length).toBeGreaterThan(20);
	expect(sent.filter((criterion) => !documented.has(criterion))).toEqual([]);
});

/** A value each kind of filter accepts. */
function sample(option: INodeProperties): string {
	if (option.type === 'dateTime') return '2025-01-01T00:00:00Z';
	if (option.type === 'options') return String((option.options as INodePropertyOptions[] | undefined)?.[0]?.value ?? '5f0b00000000000000000001');
	return /ID/.test(option.displayName) ? '5f0b00000000000000000001' : 'x';
}
