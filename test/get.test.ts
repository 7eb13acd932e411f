import { runKustomer } from './support/n8n';
import { API_KEY, byId, credentialsFor, requestsTo, RESOURCES, useMockKustomer, type ResourceNames } from './support/kustomer';

const mock = useMockKustomer();

const resources: Array<
	ResourceNames & {
		seed: Record<string, unknown>;
		simple: Record<string, unknown>;
		hiddenWhenSimple: string;
	}
> = [
	{
		...RESOURCES.conversation,
		seed: { name: 'Where is order 4417?', status: 'open', priority: 3, custom: { orderNumberStr: '4417' }, externalId: 'zd-1' },
		simple: { name: 'Where is order 4417?', status: 'open', priority: 3 },
		hiddenWhenSimple: 'custom',
	},
	{
		...RESOURCES.message,
		seed: { channel: 'email', app: 'acme-inbox', direction: 'in', preview: 'My parcel has not arrived.', meta: { a: 1 } },
		simple: { channel: 'email', direction: 'in', preview: 'My parcel has not arrived.' },
		hiddenWhenSimple: 'meta',
	},
	{
		...RESOURCES.customer,
		seed: {
			name: 'Jo Rivera',
			emails: [{ email: 'jo@example.com', type: 'home' }],
			phones: [{ phone: '+14155550123', type: 'mobile' }],
			custom: { tierStr: 'gold' },
		},
		simple: { name: 'Jo Rivera', email: 'jo@example.com', phone: '+14155550123' },
		hiddenWhenSimple: 'emails',
	},
];

describe.each(resources)('Get $resource', ({ resource, plural, idParameter, seed, simple, hiddenWhenSimple }) => {
	it('sends GET /v1/<resource>/{id} and outputs the simplified record by default', async () => {
		const id = mock().seed(resource, { ...seed });
		const { items, error } = await runKustomer({
			parameters: { resource, operation: 'get', [idParameter]: byId(id) },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/')).toEqual([
			expect.objectContaining({ method: 'GET', path: `/v1/${plural}/${id}`, query: {}, headers: expect.objectContaining({ authorization: `Bearer ${API_KEY}` }) }),
		]);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ id, ...simple });
		expect(Object.keys(items[0].json)[0]).toBe('id');
		expect(items[0].json).not.toHaveProperty(hiddenWhenSimple);
		expect(Object.keys(items[0].json).length).toBeLessThanOrEqual(11);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('with Simplify off outputs every attribute, flat, with the ID first', async () => {
		const id = mock().seed(resource, { ...seed });
		const { items } = await runKustomer({
			parameters: { resource, operation: 'get', [idParameter]: byId(id), simple: false },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(Object.keys(items[0].json)[0]).toBe('id');
		expect(items[0].json).toMatchObject({ id, ...JSON.parse(JSON.stringify(seed)) });
		expect(items[0].json).toHaveProperty('createdAt');
		expect(items[0].json).not.toHaveProperty('attributes');
	});

	it('gets one record per input item, each paired with its item', async () => {
		const ids = [mock().seed(resource, { ...seed }), mock().seed(resource, { ...seed })];
		const { items } = await runKustomer({
			parameters: { resource, operation: 'get', [idParameter]: '={{ $json.recordId }}' },
			items: ids.map((recordId) => ({ recordId })),
			credentials: credentialsFor(mock()),
		});
		expect(items.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[ids[0], { item: 0 }],
			[ids[1], { item: 1 }],
		]);
	});
});

describe('Get a customer by email, external ID or phone', () => {
	const run = (parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [{}]) =>
		runKustomer({ parameters: { resource: 'customer', operation: 'get', ...parameters }, items, credentials: credentialsFor(mock()) });

	it('looks up /customers/email={email}, URL-encoded', async () => {
		const id = mock().seed('customer', { name: 'Jo', emails: [{ email: 'jo+vip@example.com' }] });
		const { items, error } = await run({ getBy: 'email', email: 'jo+vip@example.com' });
		expect(error).toBeUndefined();
		const [request] = requestsTo(mock(), '/v1/');
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/v1/customers/email=jo%2Bvip%40example.com');
		expect(items.map((item) => item.json)).toEqual([expect.objectContaining({ id, name: 'Jo', email: 'jo+vip@example.com' })]);
	});

	it('looks up /customers/externalId={externalId}', async () => {
		const id = mock().seed('customer', { name: 'Jo', externalId: 'crm 001/a' });
		const { items } = await run({ getBy: 'externalId', externalId: 'crm 001/a' });
		expect(requestsTo(mock(), '/v1/')[0].path).toBe('/v1/customers/externalId=crm%20001%2Fa');
		expect(items[0].json.id).toBe(id);
	});

	it('looks up /customers/phone={phone} with the + encoded', async () => {
		const id = mock().seed('customer', { name: 'Jo', phones: [{ phone: '+14155550123' }] });
		const { items } = await run({ getBy: 'phone', phone: '+14155550123' });
		expect(requestsTo(mock(), '/v1/')[0].path).toBe('/v1/customers/phone=%2B14155550123');
		expect(items[0].json.id).toBe(id);
	});

	it('looks a conversation up by external ID', async () => {
		const id = mock().seed('conversation', { name: 'x', externalId: 'zd-77' });
		const { items } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'get', getBy: 'externalId', externalId: 'zd-77' },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(requestsTo(mock(), '/v1/')[0].path).toBe('/v1/conversations/externalId=zd-77');
		expect(items[0].json.id).toBe(id);
	});

	it('refuses an empty email without sending anything', async () => {
		const { error } = await run({ getBy: 'email', email: '={{ $json.email }}' }, [{ email: '' }]);
		expect(error?.message).toBe('Invalid Email: is empty');
		expect(requestsTo(mock(), '/v1/')).toHaveLength(0);
	});
});

describe('Get: not found', () => {
	const missing = '6650c2f1a3b4c5d6e7f80999';

	it('says clearly what was not found', async () => {
		const { error, items } = await runKustomer({
			parameters: { resource: 'customer', operation: 'get', getBy: 'email', email: 'nobody@example.com' },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(items).toHaveLength(0);
		expect(error?.message).toBe('Not found: no customer with email "nobody@example.com"');
		expect(error?.description).toMatch(/Return Nothing If Not Found/);

		const byIdRun = await runKustomer({
			parameters: { resource: 'conversation', operation: 'get', conversationId: byId(missing) },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(byIdRun.error?.message).toBe(`Not found: no conversation with ID ${missing}`);
	});

	it('with "Return Nothing If Not Found" outputs nothing for the missing item and the others as usual', async () => {
		const found = mock().seed('conversation', { name: 'here' });
		const { error, items } = await runKustomer({
			parameters: {
				resource: 'conversation',
				operation: 'get',
				conversationId: '={{ $json.id }}',
				options: { returnNothingIfNotFound: true },
			},
			items: [{ id: missing }, { id: found }],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/conversations')).toHaveLength(2);
		expect(items.map((item) => [item.json.id, item.pairedItem])).toEqual([[found, { item: 1 }]]);
	});

	it('other errors still fail with "Return Nothing If Not Found" on', async () => {
		mock().addFault({ kind: 'status', status: 403, body: { errors: [{ code: 'forbidden', message: 'Forbidden' }] } });
		const { error } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'get', conversationId: byId(missing), options: { returnNothingIfNotFound: true } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toBe('The API key lacks the role org.permission.conversation.read (legacy org.user.conversation.read)');
	});

	it('with Continue On Fail the not-found error becomes the item', async () => {
		const { items, error } = await runKustomer({
			parameters: { resource: 'message', operation: 'get', messageId: byId(missing) },
			items: [{}],
			credentials: credentialsFor(mock()),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			expect.objectContaining({
				json: { error: `Not found: no message with ID ${missing}`, id: missing, description: expect.stringMatching(/Return Nothing If Not Found/) },
			}),
		]);
	});

	it('a 5xx on a Get is retried', async () => {
		const id = mock().seed('customer', { name: 'Jo' });
		mock().addFault({ kind: 'status', status: 503, path: `/v1/customers/${id}` });
		const { items, error } = await runKustomer({
			parameters: { resource: 'customer', operation: 'get', customerId: byId(id) },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/customers')).toHaveLength(2);
		expect(items[0].json.id).toBe(id);
	});
});
