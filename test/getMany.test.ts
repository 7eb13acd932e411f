import { runKustomer } from './support/n8n';
import type { ResourceName } from './mock-kustomer';
import { API_KEY, byId, credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';

const mock = useMockKustomer();

/** Seeds `count` records; returns their IDs newest first, the mock's default list order. */
function seedMany(resource: ResourceName, count: number, attributes: (n: number) => Record<string, unknown> = (n) => ({ name: `r${n}` })) {
	const ids = Array.from({ length: count }, (_, n) => mock().seed(resource, attributes(n)));
	return ids.reverse();
}

const listConversations = (parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [{}]) =>
	runKustomer({ parameters: { resource: 'conversation', operation: 'getAll', ...parameters }, items, credentials: credentialsFor(mock()) });

describe('Get Many: Return All follows links.next to the end, once per page', () => {
	it.each([
		[0, 1],
		[1, 1],
		[100, 1],
		[250, 3],
	])('%i records take %i request(s) and come out once each, in order', async (count, requests) => {
		const ids = seedMany('conversation', count);
		const { items, error } = await listConversations({ returnAll: true });
		expect(error).toBeUndefined();
		const sent = requestsTo(mock(), '/v1/');
		expect(sent).toHaveLength(requests);
		expect(sent.map((request) => [request.method, request.path, request.query])).toEqual(
			Array.from({ length: requests }, (_, page) => [
				'GET',
				'/v1/conversations',
				page === 0 ? { pageSize: '100' } : { page: String(page + 1), pageSize: '100' },
			]),
		);
		expect(sent.every((request) => request.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
		expect(items.map((item) => item.json.id)).toEqual(ids);
		expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});
});

describe('Get Many: Limit is honoured exactly', () => {
	it.each([
		// limit, records, requests, page size asked
		[1, 250, 1, '1'],
		[50, 250, 1, '50'],
		[100, 250, 1, '100'],
		[150, 250, 2, '100'],
		[300, 250, 3, '100'],
	])('limit %i of %i records: %i request(s) with pageSize %s', async (limit, count, requests, pageSize) => {
		const ids = seedMany('conversation', count);
		const { items, error } = await listConversations({ returnAll: false, limit });
		expect(error).toBeUndefined();
		const sent = requestsTo(mock(), '/v1/');
		expect(sent).toHaveLength(requests);
		expect(sent.every((request) => request.query.pageSize === pageSize)).toBe(true);
		expect(items.map((item) => item.json.id)).toEqual(ids.slice(0, limit));
	});

	it('uses a limit of 50 when Limit is not set', async () => {
		seedMany('conversation', 120);
		const { items } = await listConversations({});
		expect(items).toHaveLength(50);
		expect(requestsTo(mock(), '/v1/')).toEqual([expect.objectContaining({ query: { pageSize: '50' } })]);
	});

	it.each([[0], [-1], [2.5]])('refuses a limit of %s without sending anything', async (limit) => {
		const { error } = await listConversations({ limit: '={{ $json.limit }}' }, [{ limit }]);
		expect(error?.message).toBe(`Invalid Limit: ${limit} is not a whole number of at least 1`);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(0);
	});
});

describe('Get Many: never loops and never repeats', () => {
	/** Makes the mock answer request number `pageIndex` (from 0) of the list with this page instead. */
	function fakePage(pageIndex: number, ids: string[], next: string | null) {
		mock().addFault({
			kind: 'status',
			status: 200,
			path: '/v1/conversations',
			skip: pageIndex,
			body: { data: ids.map((id) => ({ type: 'conversation', id, attributes: {} })), links: { next } },
		});
	}

	it('stops with an error when the next link names a page already read', async () => {
		seedMany('conversation', 150);
		fakePage(1, ['6650c2f1a3b4c5d6e7f80aaa'], '/v1/conversations?page=2&pageSize=100');
		const { error } = await listConversations({ returnAll: true });
		expect(error?.message).toMatch(/names a page already read; stopped reading so as not to loop/);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(2);
	});

	it('stops with an error when a page holds only records already output', async () => {
		const ids = seedMany('conversation', 150);
		fakePage(1, ids.slice(0, 100), '/v1/conversations?page=3&pageSize=100');
		const { error } = await listConversations({ returnAll: true });
		expect(error?.message).toMatch(/only records it had already sent/);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(2);
	});

	it('outputs a record that reappears on a later page (the list shifted) only once', async () => {
		const ids = seedMany('conversation', 150);
		fakePage(1, [ids[99], ids[100]], null);
		const { items, error } = await listConversations({ returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(ids.slice(0, 101));
	});

	it('stops at an empty page even if it links to another', async () => {
		seedMany('conversation', 150);
		fakePage(1, [], '/v1/conversations?page=3&pageSize=100');
		const { items, error } = await listConversations({ returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(100);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(2);
	});

	it('follows an absolute next link only on the credential\'s host', async () => {
		const ids = seedMany('conversation', 150);
		fakePage(0, ids.slice(0, 100), 'https://elsewhere.example.com/v1/conversations?page=2&pageSize=100');
		const { items } = await listConversations({ returnAll: true });
		expect(items).toHaveLength(150);
		expect(requestsTo(mock(), '/v1/')[1]).toMatchObject({ path: '/v1/conversations', query: { page: '2', pageSize: '100' } });
	});
});

describe('Get Many: every page gets the retries and rate-limit waits', () => {
	it('a 429 on page 2 waits for the reset and carries on', async () => {
		const ids = seedMany('conversation', 150);
		mock().addFault({ kind: 'status', status: 429, path: '/v1/conversations', skip: 1, headers: { 'x-ratelimit-reset': '1' } });
		const started = Date.now();
		const { items, error } = await listConversations({ returnAll: true });
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(requestsTo(mock(), '/v1/').map((request) => request.query.page)).toEqual([undefined, '2', '2']);
		expect(items.map((item) => item.json.id)).toEqual(ids);
	});

	it('a 503 on page 2 is retried', async () => {
		seedMany('conversation', 150);
		mock().addFault({ kind: 'status', status: 503, path: '/v1/conversations', skip: 1 });
		const { items, error } = await listConversations({ returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(150);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(3);
	});
});

describe('Get Many: lists and their filters', () => {
	it('lists a customer\'s conversations from a date', async () => {
		const customer = mock().seed('customer', { name: 'Jo' });
		const other = mock().seed('customer', { name: 'Al' });
		const mine = mock().seed('conversation', { customer, name: 'mine' });
		mock().seed('conversation', { customer: other, name: 'theirs' });
		const { items, error } = await listConversations({
			scope: 'customer',
			customerId: byId(customer),
			returnAll: true,
			options: { fromDate: '2025-05-01T00:00:00Z' },
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/')).toEqual([
			expect.objectContaining({ path: `/v1/customers/${customer}/conversations`, query: { pageSize: '100', fromDate: '2025-05-01T00:00:00.000Z' } }),
		]);
		expect(items.map((item) => item.json)).toEqual([expect.objectContaining({ id: mine, name: 'mine', customer })]);
	});

	it('sorts all conversations newest first when asked', async () => {
		seedMany('conversation', 2);
		await listConversations({ options: { newestFirst: true } });
		expect(requestsTo(mock(), '/v1/')[0].query).toEqual({ pageSize: '50', sort: 'desc' });
	});

	const messageScopes: Array<[string, (conversation: string, customer: string) => { parameters: Record<string, unknown>; path: string }]> = [
		['all', () => ({ parameters: {}, path: '/v1/messages' })],
		['conversation', (c) => ({ parameters: { conversationId: byId(c) }, path: `/v1/conversations/${c}/messages` })],
		['customer', (_c, u) => ({ parameters: { customerId: byId(u) }, path: `/v1/customers/${u}/messages` })],
	];

	it.each(messageScopes)('lists messages of scope %s', async (scope, parent) => {
		const customer = mock().seed('customer', { name: 'Jo' });
		const conversation = mock().seed('conversation', { customer });
		const message = mock().seed('message', { conversation, customer, channel: 'email', app: 'x', direction: 'in', preview: 'hi' });
		const { parameters, path } = parent(conversation, customer);
		const { items, error } = await runKustomer({
			parameters: { resource: 'message', operation: 'getAll', scope, ...parameters, options: { includeAttachments: true } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		const [request] = requestsTo(mock(), '/v1/');
		expect(request.path).toBe(path);
		expect(request.query).toEqual({ pageSize: '50', include: 'attachments' });
		expect(items.map((item) => item.json)).toEqual([expect.objectContaining({ id: message, conversation, customer, preview: 'hi' })]);
	});

	it('lists customers, simplified or in full', async () => {
		const [id] = seedMany('customer', 1, () => ({ name: 'Jo', emails: [{ email: 'jo@example.com' }], custom: { tierStr: 'gold' } }));
		const simple = await runKustomer({ parameters: { resource: 'customer', operation: 'getAll' }, items: [{}], credentials: credentialsFor(mock()) });
		expect(simple.items.map((item) => item.json)).toEqual([expect.objectContaining({ id, name: 'Jo', email: 'jo@example.com' })]);
		expect(simple.items[0].json).not.toHaveProperty('custom');
		const full = await runKustomer({
			parameters: { resource: 'customer', operation: 'getAll', simple: false },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(full.items[0].json).toMatchObject({ id, name: 'Jo', custom: { tierStr: 'gold' }, emails: [{ email: 'jo@example.com' }] });
	});

	it('lists once per input item, each list paired with its item', async () => {
		const customers = [mock().seed('customer', { name: 'A' }), mock().seed('customer', { name: 'B' })];
		const conversations = customers.map((customer) => mock().seed('conversation', { customer }));
		const { items } = await listConversations({ scope: 'customer', customerId: '={{ $json.customer }}' }, customers.map((customer) => ({ customer })));
		expect(items.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[conversations[0], { item: 0 }],
			[conversations[1], { item: 1 }],
		]);
	});

	it('a missing parent is a clear 404', async () => {
		const { error } = await listConversations({ scope: 'customer', customerId: byId('6650c2f1a3b4c5d6e7f80999') });
		expect(error?.message).toBe('Not found: customers/6650c2f1a3b4c5d6e7f80999/conversations');
	});
});
