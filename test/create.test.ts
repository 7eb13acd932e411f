import { runKustomer } from './support/n8n';
import { API_KEY, byId, credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';

const mock = useMockKustomer();

describe('Create', () => {
	it('a conversation: POST /v1/conversations with its customer and the additional fields', async () => {
		const customer = mock().seed('customer', { name: 'Jo' });
		const { items, error } = await runKustomer({
			parameters: {
				resource: 'conversation',
				operation: 'create',
				customerId: customer,
				additionalFields: {
					name: 'Where is order 4417?',
					status: 'open',
					priority: 4,
					assignedTeams: ['5f0b00000000000000000001'],
					custom: { attribute: [{ name: 'orderNumberStr', value: '4417' }] },
				},
			},
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/')).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/v1/conversations',
				query: {},
				headers: expect.objectContaining({ authorization: `Bearer ${API_KEY}` }),
				body: {
					name: 'Where is order 4417?',
					status: 'open',
					priority: 4,
					assignedTeams: ['5f0b00000000000000000001'],
					custom: { orderNumberStr: '4417' },
					customer,
				},
			}),
		]);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ name: 'Where is order 4417?', customer, custom: { orderNumberStr: '4417' } });
		expect(mock().store.conversation.has(String(items[0].json.id))).toBe(true);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('a message: POST /v1/conversations/{id}/messages with channel, app and direction', async () => {
		const customer = mock().seed('customer', { name: 'Jo' });
		const conversation = mock().seed('conversation', { customer });
		const { items, error } = await runKustomer({
			parameters: {
				resource: 'message',
				operation: 'create',
				conversationId: byId(conversation),
				channel: 'email',
				app: 'acme-inbox',
				direction: 'in',
				additionalFields: { preview: 'My parcel has not arrived.', sentAt: '2025-05-20T14:01:58Z' },
			},
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		const [request] = requestsTo(mock(), '/v1/');
		expect(request).toMatchObject({ method: 'POST', path: `/v1/conversations/${conversation}/messages` });
		expect(request.body).toEqual({
			preview: 'My parcel has not arrived.',
			sentAt: '2025-05-20T14:01:58.000Z',
			channel: 'email',
			app: 'acme-inbox',
			direction: 'in',
		});
		expect(items[0].json).toMatchObject({ conversation, customer, channel: 'email', preview: 'My parcel has not arrived.' });
	});

	it('a customer: POST /v1/customers with nothing required', async () => {
		const { items, error } = await runKustomer({
			parameters: {
				resource: 'customer',
				operation: 'create',
				additionalFields: { name: 'Jo Rivera', emails: { values: [{ email: 'jo@example.com', type: 'work' }] } },
			},
			items: [{ n: 1 }, { n: 2 }],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		const sent = requestsTo(mock(), '/v1/');
		// n8n fills in the defaults of a group's fields (here Verified).
		const body = { name: 'Jo Rivera', emails: [{ email: 'jo@example.com', type: 'work', verified: false }] };
		expect(sent.map((request) => [request.method, request.path, request.body])).toEqual([
			['POST', '/v1/customers', body],
			['POST', '/v1/customers', body],
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(2);
	});

	it('leaves out fields added and left empty: an empty list is not "clear the tags" on a create', async () => {
		await runKustomer({
			parameters: { resource: 'customer', operation: 'create', additionalFields: { name: 'Jo', tags: '', externalId: '', phones: { values: [] } } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(requestsTo(mock(), '/v1/').map((request) => request.body)).toEqual([{ name: 'Jo' }]);
	});

	it.each(['create', 'bulkCreate'])('%s refuses a customer with every field left empty, sending nothing', async (operation) => {
		const { error } = await runKustomer({
			parameters: { resource: 'customer', operation, additionalFields: { name: '', tags: [] } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toMatch(/Invalid Additional Fields: nothing to create: set at least one field/);
		expect(mock().requests).toHaveLength(0);
	});

	it('refuses a conversation without a customer, sending nothing', async () => {
		const { error } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'create', customerId: '={{ $json.customer }}', additionalFields: { name: 'x' } },
			items: [{ customer: '' }],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toBe('Invalid Customer ID: is required');
		expect(requestsTo(mock(), '/v1/')).toHaveLength(0);
	});

	it('refuses a status a create does not take', async () => {
		const { error } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'create', customerId: '6650c2e9a3b4c5d6e7f808aa', additionalFields: { status: 'snoozed' } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toBe('Invalid Status: "snoozed" is not one of done, open');
		expect(requestsTo(mock(), '/v1/')).toHaveLength(0);
	});

	it('is not resent after a 5xx, which could create the record twice', async () => {
		mock().addFault({ kind: 'status', status: 503, path: '/v1/customers' });
		const { error } = await runKustomer({
			parameters: { resource: 'customer', operation: 'create', additionalFields: { name: 'Jo' } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toMatch(/^Kustomer answered 503/);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(1);
	});

	it('a 400 from Kustomer names the field', async () => {
		mock().addFault({
			kind: 'status',
			status: 400,
			body: { errors: [{ status: 400, code: 'bad_request', detail: 'customer not found', source: { pointer: '/customer' } }] },
		});
		const { error } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'create', customerId: '6650c2e9a3b4c5d6e7f808aa' },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toBe('Kustomer rejected the request: customer not found (field: customer)');
	});
});

it('Advanced Fields reach Kustomer with the others', async () => {
	await runKustomer({
		parameters: { resource: 'customer', operation: 'create', additionalFields: { name: 'Jo' }, advancedFields: { importedAt: '2024-02-01T00:00:00Z' } },
		items: [{}],
		credentials: credentialsFor(mock()),
	});
	expect(requestsTo(mock(), '/v1/').map((request) => request.body)).toEqual([{ name: 'Jo', importedAt: '2024-02-01T00:00:00.000Z' }]);
});

it('a customer\'s plain Email and Phone go into Kustomer\'s lists, first, beside what the lists give', async () => {
	await runKustomer({
		parameters: {
			resource: 'customer',
			operation: 'bulkCreate',
			additionalFields: { emails: { values: [{ email: 'jo@work.example', type: 'work' }] }, email: '={{ $json.email }}', phone: '+14155550123' },
		},
		items: [{ email: 'jo@example.com' }],
		credentials: credentialsFor(mock()),
	});
	const [record] = requestsTo(mock(), '/v1/customers/bulk')[0].body as Array<Record<string, unknown>>;
	expect(record.emails).toEqual([{ email: 'jo@example.com' }, { email: 'jo@work.example', type: 'work', verified: false }]);
	expect(record.phones).toEqual([{ phone: '+14155550123' }]);
	expect(record).not.toHaveProperty('email');
});
