/** Custom objects (KObjects) of a Klass, every operation through n8n-core against the mock. */
import { byId, credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';
import { runKustomer } from './support/n8n';

const mock = useMockKustomer({ bulkPollsUntilComplete: 0 });
const run = (parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [{}], continueOnFail = false) =>
	runKustomer({ parameters: { resource: 'customObject', ...parameters }, items, credentials: credentialsFor(mock()), continueOnFail });
const order = { __rl: true, mode: 'list', value: 'order', cachedResultName: 'Order (order)' };
const seedOrder = (attributes: Record<string, unknown> = {}) => mock().seed('kobject', { title: 'Order', klass: 'order', ...attributes });

describe('Custom Object Create', () => {
	it('POSTs the title, the owner and the Klass fields to /v1/klasses/{name}, with the Klass picked from the list', async () => {
		const customer = mock().seed('customer', { name: 'Jo' });
		const { items, error } = await run({
			operation: 'create',
			klassName: order,
			title: 'Order #1001',
			additionalFields: { customer, externalId: 'shop-1001', custom: { attribute: [{ name: 'totalNum', value: '12.5' }] } },
		});
		expect(error).toBeUndefined();
		const [request] = requestsTo(mock(), '/v1/klasses');
		expect([request.method, request.path]).toEqual(['POST', '/v1/klasses/order']);
		expect(request.body).toEqual({ title: 'Order #1001', customer, externalId: 'shop-1001', custom: { totalNum: 12.5 } });
		expect(items).toEqual([
			expect.objectContaining({ json: expect.objectContaining({ title: 'Order #1001', klass: 'order', customer }), pairedItem: { item: 0 } }),
		]);
	});

	it('takes the Klass as a plain string too', async () => {
		const { error } = await run({ operation: 'create', klassName: 'subscription', title: 'Pro plan' });
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/klasses')[0].path).toBe('/v1/klasses/subscription');
	});

	it.each([
		// Empty from an expression: the editor's own "required" check sees only empty literals.
		[{ klassName: order, title: '={{ $json.missing }}' }, 'Invalid Title: is required'],
		[{ klassName: 'my order', title: 'x' }, 'Invalid Klass: "my order" is not a Klass name (letters, digits, - and _)'],
		[{ klassName: '={{ $json.missing }}', title: 'x' }, 'Invalid Klass: is empty: choose a Klass'],
		[{ klassName: order, title: 'x', additionalFields: { custom: { attribute: [{ name: 'total', value: '1' }] } } }, /^Invalid Custom Attributes "total"/],
	])('checks its input before sending: %o', async (parameters, message) => {
		const { error } = await run({ operation: 'create', ...parameters });
		expect(error?.message).toMatch(message);
		expect(mock().requests).toHaveLength(0);
	});

	it('names the kobject role when the key lacks it', async () => {
		mock().addFault({ method: 'POST', path: '/v1/klasses/order', kind: 'status', status: 403 });
		const { error } = await run({ operation: 'create', klassName: order, title: 'x' });
		expect(error?.message).toBe('The API key lacks the role org.permission.kobject.create (legacy org.user.kobject.write)');
	});
});

describe('Custom Object Get and Get Many', () => {
	it('gets one object by ID and by external ID, under its Klass', async () => {
		const id = seedOrder({ externalId: 'shop-7' });
		const byIdRun = await run({ operation: 'get', klassName: 'order', customObjectId: byId(id) });
		const byExternal = await run({ operation: 'get', klassName: order, getBy: 'externalId', externalId: 'shop-7' });
		expect(requestsTo(mock(), '/v1/klasses').map((request) => request.path)).toEqual([`/v1/klasses/order/${id}`, '/v1/klasses/order/externalId=shop-7']);
		expect(byIdRun.items[0].json).toMatchObject({ id, title: 'Order', externalId: 'shop-7' });
		expect(byExternal.items[0].json.id).toBe(id);
	});

	it('says which object was not found', async () => {
		const { error } = await run({ operation: 'get', klassName: 'order', getBy: 'externalId', externalId: 'nope' });
		expect(error?.message).toBe('Not found: no custom object with external ID "nope"');
	});

	it('lists a Klass\'s objects up to the limit, simplified', async () => {
		for (let n = 0; n < 3; n++) seedOrder({ title: `Order ${n}`, data: { n } });
		mock().seed('kobject', { title: 'Other', klass: 'subscription' });
		const { items } = await run({ operation: 'getAll', klassName: order, limit: 2 });
		expect(requestsTo(mock(), '/v1/klasses')[0]).toMatchObject({ path: '/v1/klasses/order', query: { pageSize: '2' } });
		expect(items.map((item) => item.json.title)).toEqual(['Order 2', 'Order 1']);
		expect(items[0].json.data).toBeUndefined();
	});

	it('lists a customer\'s objects of the Klass, all of them', async () => {
		const customer = mock().seed('customer', { name: 'Jo' });
		seedOrder({ customer });
		seedOrder();
		const { items } = await run({ operation: 'getAll', klassName: 'order', scope: 'customer', customerId: byId(customer), returnAll: true, simple: false });
		expect(requestsTo(mock(), '/v1/customers')[0].path).toBe(`/v1/customers/${customer}/klasses/order`);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ customer, klass: 'order' });
	});
});

describe('Custom Object Update and Delete', () => {
	it('PUTs only the changes to /v1/klasses/{name}/{id}', async () => {
		const id = seedOrder();
		const { items } = await run({ operation: 'update', klassName: order, customObjectId: byId(id), updateFields: { title: 'Shipped', data: '{"carrier": "UPS"}' } });
		const [request] = requestsTo(mock(), '/v1/klasses');
		expect([request.method, request.path, request.query]).toEqual(['PUT', `/v1/klasses/order/${id}`, {}]);
		expect(request.body).toEqual({ title: 'Shipped', data: { carrier: 'UPS' } });
		expect(items[0].json).toMatchObject({ id, title: 'Shipped' });
	});

	it('deletes one object and says which', async () => {
		const id = seedOrder();
		const { items } = await run({ operation: 'delete', klassName: 'order', customObjectId: byId(id) });
		expect(requestsTo(mock(), '/v1/klasses')[0]).toMatchObject({ method: 'DELETE', path: `/v1/klasses/order/${id}` });
		expect(items[0].json).toEqual({ deleted: true, id });
		expect(mock().store.kobject.has(id)).toBe(false);
	});
});

describe('Custom Object bulk operations', () => {
	it('Bulk Create sends 150 items as two requests to /v1/klasses/{name}/bulk and reports each record', async () => {
		const items = Array.from({ length: 150 }, (_, n) => ({ n }));
		const result = await run({ operation: 'bulkCreate', klassName: order, title: '={{ "Order " + $json.n }}', additionalFields: { importedAt: '2025-01-01T00:00:00Z' } }, items);
		expect(result.error).toBeUndefined();
		// In flight together, so in either order: the larger first.
		const submits = requestsTo(mock(), '/v1/klasses/order/bulk').sort(
			(a, b) => (b.body as unknown[]).length - (a.body as unknown[]).length,
		);
		expect(submits.map((submit) => (submit.body as unknown[]).length)).toEqual([100, 50]);
		expect((submits[1].body as Array<Record<string, unknown>>)[0]).toEqual({
			title: 'Order 100',
			importedAt: '2025-01-01T00:00:00.000Z',
			_clientRef: 'n8n-item-100',
		});
		expect(result.items).toHaveLength(150);
		expect(result.items.every((item, index) => item.json.status === 'created' && (item.pairedItem as { item: number }).item === index)).toBe(true);
		expect(mock().store.kobject.get(result.items[149].json.id as string)?.relationships.klass.data.id).toBe('order');
	});

	it('Bulk Update per item and with the same changes for a list of IDs (?ids=)', async () => {
		const [a, b] = [seedOrder(), seedOrder()];
		const perItem = await run({ operation: 'bulkUpdate', klassName: 'order', customObjectId: '={{ $json.id }}', updateFields: { icon: 'box' } }, [{ id: a }, { id: b }]);
		expect(perItem.items.map((item) => [item.json.id, item.json.status])).toEqual([[a, 'updated'], [b, 'updated']]);
		expect(requestsTo(mock(), '/v1/klasses/order/bulk')[0].body).toEqual([
			{ id: a, icon: 'box', _clientRef: 'n8n-item-0' },
			{ id: b, icon: 'box', _clientRef: 'n8n-item-1' },
		]);
		mock().requests.length = 0;
		const same = await run({ operation: 'bulkUpdate', klassName: order, updateMode: 'sameForAll', ids: `${a}, ${b}`, updateFields: { tags: 'vip' } });
		const [submit] = requestsTo(mock(), '/v1/klasses/order/bulk');
		expect([submit.method, submit.query, submit.body]).toEqual(['PUT', { ids: `${a},${b}` }, [{ tags: ['vip'] }]]);
		expect(same.items.map((item) => item.json.status)).toEqual(['updated', 'updated']);
	});

	it('Bulk Delete outputs one item per ID, paired with the item that named it, deleted or error', async () => {
		const [a, b] = [seedOrder(), seedOrder()];
		const missing = '6650c2f1a3b4c5d6e7f80999';
		const { items, error } = await run({ operation: 'bulkDelete', klassName: order, ids: '={{ $json.ids }}' }, [{ ids: [a, missing] }, { ids: b }]);
		expect(error).toBeUndefined();
		const [submit] = requestsTo(mock(), '/v1/klasses/order/bulk');
		expect([submit.method, submit.query, submit.body]).toEqual(['DELETE', { ids: `${a},${missing},${b}` }, undefined]);
		expect(items.map((item) => [item.json.id, item.json.status, item.pairedItem])).toEqual([
			[a, 'deleted', { item: 0 }],
			[missing, 'error', { item: 0 }],
			[b, 'deleted', { item: 1 }],
		]);
		expect(mock().store.kobject.size).toBe(0);
	});

	it('Bulk Delete checks the IDs before sending; with Continue On Fail the bad item becomes an error item', async () => {
		const a = seedOrder();
		const { items } = await run({ operation: 'bulkDelete', klassName: 'order', ids: '={{ $json.ids }}' }, [{ ids: 'not-an-id' }, { ids: a }], true);
		expect(items.map((item) => [item.json.status ?? null, item.pairedItem])).toEqual([
			['error', { item: 0 }],
			['deleted', { item: 1 }],
		]);
		expect(String(items[0].json.error)).toMatch(/^Invalid IDs/);
	});
});
