import type { ResourceName } from './mock-kustomer';
import { byId, credentialsFor, requestsTo, RESOURCES, useMockKustomer } from './support/kustomer';
import { runKustomer } from './support/n8n';

// Jobs complete on the first look unless a test says otherwise, so most tests read each job once.
const mock = useMockKustomer({ bulkPollsUntilComplete: 0 });


/** What one input item gives for a Bulk Create of each resource. */
function createParameters(resource: ResourceName, customerId: string) {
	const base = { resource, operation: 'bulkCreate' };
	if (resource === 'conversation') return { ...base, customerId, additionalFields: { name: '={{ "Order " + $json.n }}', priority: 2 } };
	if (resource === 'message') {
		return { ...base, channel: 'email', app: 'acme-inbox', direction: 'in', additionalFields: { preview: '={{ "Hello " + $json.n }}' } };
	}
	return { ...base, additionalFields: { name: '={{ "Customer " + $json.n }}', externalId: '={{ "crm-" + $json.n }}' } };
}

const numbered = (count: number) => Array.from({ length: count }, (_, n) => ({ n }));
const bulkSubmits = (resource: ResourceName) => requestsTo(mock(), `/v1/${RESOURCES[resource].plural}/bulk`);

describe.each(['conversation', 'message', 'customer'] as ResourceName[])('Bulk Create %s', (resource) => {
	it('sends every item as one tagged record and outputs one item per record, paired, in order', async () => {
		const customerId = mock().seed('customer', { name: 'Jo' });
		const { items, error } = await runKustomer({
			parameters: createParameters(resource, customerId),
			items: numbered(3),
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		const [submit] = bulkSubmits(resource);
		expect(submit.method).toBe('POST');
		expect(submit.headers.authorization).toMatch(/^Bearer /);
		const body = submit.body as Array<Record<string, unknown>>;
		expect(body).toHaveLength(3);
		expect(body.map((record) => record._clientRef)).toEqual(['n8n-item-0', 'n8n-item-1', 'n8n-item-2']);
		if (resource === 'conversation') expect(body[1]).toMatchObject({ customer: customerId, name: 'Order 1', priority: 2 });
		if (resource === 'message') expect(body[1]).toMatchObject({ channel: 'email', app: 'acme-inbox', direction: 'in', preview: 'Hello 1' });
		if (resource === 'customer') expect(body[1]).toMatchObject({ name: 'Customer 1', externalId: 'crm-1' });

		expect(items.map((item) => item.json.status)).toEqual(['created', 'created', 'created']);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const created = items.map((item) => mock().store[resource].get(item.json.id as string));
		expect(created.every(Boolean)).toBe(true);
		if (resource === 'customer') expect(created.map((record) => record!.attributes.name)).toEqual(['Customer 0', 'Customer 1', 'Customer 2']);
	});
});

it('Bulk Create conversation takes its customer picked from the list, as a locator', async () => {
	const customerId = mock().seed('customer', { name: 'Jo' });
	await runKustomer({
		parameters: { resource: 'conversation', operation: 'bulkCreate', customerId: { __rl: true, mode: 'list', value: customerId, cachedResultName: 'Jo' } },
		items: [{}],
		credentials: credentialsFor(mock()),
	});
	expect(bulkSubmits('conversation')[0].body).toEqual([{ customer: customerId, _clientRef: 'n8n-item-0' }]);
});

describe.each(['conversation', 'message', 'customer'] as ResourceName[])('Bulk Update %s', (resource) => {
	const seedMany = (count: number) =>
		Array.from({ length: count }, () =>
			mock().seed(resource, resource === 'message' ? { channel: 'email', app: 'a', direction: 'in' } : { name: 'before' }),
		);

	it('per item: sends {id, …changes} records in one PUT and reports each as updated', async () => {
		const ids = seedMany(3);
		const { items } = await runKustomer({
			parameters: {
				resource,
				operation: 'bulkUpdate',
				updateMode: 'perItem',
				[RESOURCES[resource].idParameter]: '={{ $json.id }}',
				updateFields: { externalId: '={{ "ext-" + $json.n }}' },
			},
			items: ids.map((id, n) => ({ id, n })),
			credentials: credentialsFor(mock()),
		});
		const [submit] = bulkSubmits(resource);
		expect(submit.method).toBe('PUT');
		expect(submit.body).toEqual(ids.map((id, n) => ({ id, externalId: `ext-${n}`, _clientRef: `n8n-item-${n}` })));
		expect(items.map((item) => item.json)).toEqual(
			ids.map((id, n) => ({ id, status: 'updated', itemIndex: n, externalId: `ext-${n}`, bulkId: expect.any(String) })),
		);
		expect(ids.map((id) => mock().store[resource].get(id)!.attributes.externalId)).toEqual(['ext-0', 'ext-1', 'ext-2']);
	});

	it('same for all: sends ?ids= with the changes once and outputs one item per ID', async () => {
		const ids = seedMany(3);
		const { items } = await runKustomer({
			parameters: { resource, operation: 'bulkUpdate', updateMode: 'sameForAll', ids: ids.join(', '), updateFields: { externalId: 'same' } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		const [submit] = bulkSubmits(resource);
		expect(submit.query).toEqual({ ids: ids.join(',') });
		expect(submit.body).toEqual([{ externalId: 'same' }]);
		expect(items.map((item) => [item.json.id, item.json.status, item.pairedItem])).toEqual(ids.map((id) => [id, 'updated', { item: 0 }]));
	});
});

describe('Bulk: chunking', () => {
	it.each([
		[1, 100, [1]],
		[100, 100, [100]],
		[101, 100, [100, 1]],
		[250, 100, [100, 100, 50]],
		[250, 30, [30, 30, 30, 30, 30, 30, 30, 30, 10]],
	])('%i records with batch size %i go in requests of %j', async (count, batchSize, sizes) => {
		const { items } = await runKustomer({
			parameters: { ...createParameters('customer', ''), options: { batchSize } },
			items: numbered(count),
			credentials: credentialsFor(mock()),
		});
		expect(bulkSubmits('customer').map((request) => (request.body as unknown[]).length).sort((a, b) => b - a)).toEqual(sizes);
		expect(items).toHaveLength(count);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(numbered(count).map(({ n }) => n));
		expect(new Set(items.map((item) => item.json.id)).size).toBe(count);
		expect(mock().store.customer.size).toBe(count);
	});

	it('same for all: 250 IDs from 250 items with equal changes are 3 requests; other changes travel apart', async () => {
		const ids = Array.from({ length: 250 }, () => mock().seed('conversation', { status: 'open' }));
		const { items } = await runKustomer({
			parameters: {
				resource: 'conversation',
				operation: 'bulkUpdate',
				updateMode: 'sameForAll',
				ids: '={{ $json.id }}',
				updateFields: { status: '={{ $json.n < 240 ? "done" : "snoozed" }}' },
			},
			items: ids.map((id, n) => ({ id, n })),
			credentials: credentialsFor(mock()),
		});
		// The requests are in flight together, so they may reach the mock in any order.
		const submits = bulkSubmits('conversation').map((request) => [String(request.query.ids).split(',').length, request.body]);
		expect(submits.sort((a, b) => Number(b[0]) - Number(a[0]))).toEqual([
			[100, [{ status: 'done' }]],
			[100, [{ status: 'done' }]],
			[40, [{ status: 'done' }]],
			[10, [{ status: 'snoozed' }]],
		]);
		expect(items.map((item) => item.json.id)).toEqual(ids);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(ids.map((_, n) => n));
		expect(mock().store.conversation.get(ids[245])!.attributes.status).toBe('snoozed');
	});

	it('same for all: one item with 250 IDs gives its outcomes in the order of its IDs, whichever job answers first', async () => {
		const ids = Array.from({ length: 250 }, () => mock().seed('conversation', { status: 'open' }));
		mock().addFault({ method: 'GET', path: /^\/v1\/bulk\//, kind: 'delay', delayMs: 300 });
		const { items } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'bulkUpdate', updateMode: 'sameForAll', ids: ids.join(','), updateFields: { status: 'done' } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(items.map((item) => item.json.id)).toEqual(ids);
		expect(items.every((item) => item.json.status === 'updated')).toBe(true);
	});
});

describe('Bulk: reading the parameters of every item', () => {
	it('gives each item its own values, whether read from the item, evaluated by n8n or constant for the run', async () => {
		const ids = [0, 1, 2].map((n) => mock().seed('customer', { name: `Customer ${n}` }));
		const { items, error } = await runKustomer({
			parameters: {
				resource: 'customer',
				operation: 'bulkUpdate',
				customerId: { __rl: true, mode: 'url', value: '={{ "https://acme.kustomerapp.com/app/customers/" + $json.ref.id }}' },
				updateFields: {
					name: '={{ $json.ref["name"] }}',
					externalId: '={{ "crm-" + $json.n }}',
					locale: 'en_GB',
					custom: { attribute: [{ name: 'tierStr', value: '={{ $json.tier }}' }, { name: 'scoreNum', value: '={{ $json.score }}' }] },
				},
			},
			items: ids.map((id, n) => ({ n, ref: { id, name: `Renamed ${n}` }, ...(n === 1 ? {} : { tier: 'silver' }), score: n })),
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.status)).toEqual(['updated', 'updated', 'updated']);
		expect(bulkSubmits('customer')[0].body).toEqual(
			ids.map((id, n) => ({
				id,
				name: `Renamed ${n}`,
				externalId: `crm-${n}`,
				locale: 'en_GB',
				// A field the item lacks is left to n8n's evaluation (undefined), which clears the attribute.
				custom: { tierStr: n === 1 ? null : 'silver', scoreNum: n },
				_clientRef: `n8n-item-${n}`,
			})),
		);
	});
});

describe('Bulk: following the job', () => {
	it('polls until the job is complete, then reports per record', async () => {
		mock().setOptions({ bulkPollsUntilComplete: 3 });
		const { items } = await runKustomer({
			parameters: createParameters('customer', ''),
			items: numbered(2),
			credentials: credentialsFor(mock()),
		});
		const jobId = items[0].json.bulkId;
		expect(requestsTo(mock(), `/v1/bulk/${jobId}`).length).toBe(4);
		expect(items.map((item) => item.json.status)).toEqual(['created', 'created']);
	});

	it('without Wait for Completion outputs one item per bulk request and does not poll', async () => {
		const { items } = await runKustomer({
			parameters: { ...createParameters('customer', ''), options: { waitForCompletion: false, batchSize: 2 } },
			items: numbered(5),
			credentials: credentialsFor(mock()),
		});
		expect(requestsTo(mock(), '/v1/bulk/')).toHaveLength(0);
		expect(items).toHaveLength(3);
		expect(items[0].json).toEqual({ bulkId: expect.stringMatching(/^[0-9a-f]{24}$/), status: 'queued', records: 2 });
		expect(items.map((item) => item.pairedItem)).toEqual([[{ item: 0 }, { item: 1 }], [{ item: 2 }, { item: 3 }], [{ item: 4 }]]);
	});

	it('without Wait for Completion the job items come out in submit order, whatever order the answers arrive in', async () => {
		mock().addFault({ method: 'POST', path: '/v1/customers/bulk', kind: 'delay', delayMs: 300 });
		const { items } = await runKustomer({
			parameters: { ...createParameters('customer', ''), options: { waitForCompletion: false, batchSize: 2 } },
			items: numbered(5),
			credentials: credentialsFor(mock()),
		});
		const submits = bulkSubmits('customer').map((request) => (request.body as Array<{ _clientRef: string }>)[0]._clientRef);
		expect(items.map((item) => item.json.records)).toEqual([2, 2, 1]);
		expect(items.map((item) => item.pairedItem)).toEqual([[{ item: 0 }, { item: 1 }], [{ item: 2 }, { item: 3 }], [{ item: 4 }]]);
		expect(submits.sort()).toEqual(['n8n-item-0', 'n8n-item-2', 'n8n-item-4']);
	});

	it('a job that never completes stops at Max Wait, naming the bulk ID', async () => {
		mock().setOptions({ bulkPollsUntilComplete: 1_000_000 });
		const { error } = await runKustomer({
			parameters: { ...createParameters('customer', ''), options: { maxWait: 2 } },
			items: numbered(2),
			credentials: credentialsFor(mock()),
		});
		const [submitAnswerJob] = [...new Set(requestsTo(mock(), '/v1/bulk/').map((request) => request.path.split('/')[3]))];
		expect(error?.message).toBe(`Kustomer had not finished bulk job ${submitAnswerJob} within the maximum wait of 2 s`);
	});

	it('with Continue On Fail an unfinished job becomes one error item per record', async () => {
		mock().setOptions({ bulkPollsUntilComplete: 1_000_000 });
		const { items, error } = await runKustomer({
			parameters: { ...createParameters('customer', ''), options: { maxWait: 1 } },
			items: numbered(2),
			credentials: credentialsFor(mock()),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['error', { item: 0 }],
			['error', { item: 1 }],
		]);
		expect(items[0].json.error).toMatch(/had not finished bulk job/);
	});
});

describe('Bulk: failures', () => {
	it('a record Kustomer refuses is an error item paired with its input; the others are created', async () => {
		mock().failRecordsWhere((_resource, record) => (record.name === 'Customer 1' ? 'email is invalid' : undefined));
		const { items, error } = await runKustomer({
			parameters: createParameters('customer', ''),
			items: numbered(3),
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.status, item.json.error, item.pairedItem])).toEqual([
			['created', undefined, { item: 0 }],
			['error', 'email is invalid', { item: 1 }],
			['created', undefined, { item: 2 }],
		]);
	});

	it('a 429 is waited out and the same request resent: no record lost or duplicated', async () => {
		mock().addFault({ method: 'POST', path: '/v1/customers/bulk', kind: 'status', status: 429, headers: { 'x-ratelimit-reset': '1', 'x-ratelimit-remaining': '0' } });
		const { items } = await runKustomer({
			parameters: { ...createParameters('customer', ''), options: { batchSize: 2 } },
			items: numbered(4),
			credentials: credentialsFor(mock()),
		});
		expect(bulkSubmits('customer')).toHaveLength(3);
		expect(items.map((item) => item.json.status)).toEqual(['created', 'created', 'created', 'created']);
		expect(mock().store.customer.size).toBe(4);
	});

	it('a refused request stops the run with what was already submitted, without Continue On Fail', async () => {
		mock().addFault({ method: 'POST', path: '/v1/customers/bulk', kind: 'status', status: 400, skip: 1, body: { errors: [{ code: 'bad_request', message: 'Invalid request body or parameters.' }] } });
		const { error } = await runKustomer({
			parameters: { ...createParameters('customer', ''), options: { batchSize: 2 } },
			items: numbered(4),
			credentials: credentialsFor(mock()),
		});
		const jobs = requestsTo(mock(), '/v1/customers/bulk').length;
		expect(jobs).toBeGreaterThanOrEqual(2);
		expect(error?.message).toMatch(/^Bulk request for input items \d to \d failed: Kustomer rejected the request: Invalid request body or parameters\.$/);
		expect(error?.description).toMatch(/2 records were already submitted in bulk jobs [0-9a-f]{24}: running the node again/);
		// The whole request failed, not its first item: the error names no item index of its own.
		expect(error).not.toHaveProperty('context.itemIndex');
	});

	it('with Continue On Fail a refused request gives one error item per record of it, paired; the rest go on', async () => {
		mock().addFault({ method: 'POST', path: '/v1/customers/bulk', kind: 'status', status: 400, body: { errors: [{ code: 'bad_request', message: 'Invalid request body or parameters.' }] } });
		const { items, error } = await runKustomer({
			parameters: { ...createParameters('customer', ''), options: { batchSize: 2 } },
			items: numbered(4),
			credentials: credentialsFor(mock()),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		const failed = items.filter((item) => item.json.status === 'error');
		expect(failed).toHaveLength(2);
		expect(failed[0].json.error).toBe('Kustomer rejected the request: Invalid request body or parameters.');
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3]);
		expect(mock().store.customer.size).toBe(2);
	});
});

describe('Bulk: input checks send nothing', () => {
	it.each([
		['a record without an ID in per-item mode', { resource: 'customer', operation: 'bulkUpdate', updateMode: 'perItem', customerId: '={{ $json.id }}', updateFields: { name: 'x' } }, /Customer ID: is empty/],
		['a batch size over 100', { ...createParameters('customer', ''), options: { batchSize: 101 } }, /Batch Size: 101 is outside 1 to 100/],
		['an empty ID list', { resource: 'customer', operation: 'bulkUpdate', updateMode: 'sameForAll', ids: '={{ $json.ids }}', updateFields: { name: 'x' } }, /IDs: is empty/],
		['a malformed ID in the list', { resource: 'customer', operation: 'bulkUpdate', updateMode: 'sameForAll', ids: '6650c2f1a3b4c5d6e7f80911, nope', updateFields: { name: 'x' } }, /"nope" is not a Kustomer ID/],
		['no changes', { resource: 'customer', operation: 'bulkUpdate', updateMode: 'perItem', customerId: byId('6650c2f1a3b4c5d6e7f80911'), updateFields: {} }, /nothing to update/],
	])('refuses %s', async (_name, parameters, message) => {
		const { error, items } = await runKustomer({
			parameters,
			items: [{ n: 0 }, { n: 1, id: '6650c2f1a3b4c5d6e7f80911', ids: [] }],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toMatch(message);
		expect(items).toHaveLength(0);
		expect(mock().requests).toHaveLength(0);
	});

	it('with Continue On Fail a bad item becomes its error item and the good ones are sent', async () => {
		const id = mock().seed('customer', { name: 'a' });
		const { items } = await runKustomer({
			parameters: { resource: 'customer', operation: 'bulkUpdate', customerId: '={{ $json.id }}', updateFields: { name: 'b' } },
			items: [{ id: 'bad' }, { id }],
			credentials: credentialsFor(mock()),
			continueOnFail: true,
		});
		expect(items.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['error', { item: 0 }],
			['updated', { item: 1 }],
		]);
		expect(items[0].json.error).toMatch(/"bad" is not a Kustomer ID/);
		expect((bulkSubmits('customer')[0].body as unknown[]).length).toBe(1);
	});
});

describe('Bulk Delete customer', () => {
	it('sends the IDs of every item as DELETE /v1/customers/bulk?ids= in chunks of the batch size, one output per ID, paired', async () => {
		const ids = Array.from({ length: 5 }, (_, n) => mock().seed('customer', { name: `c${n}` }));
		const { items, error } = await runKustomer({
			parameters: { resource: 'customer', operation: 'bulkDelete', ids: '={{ $json.ids }}', options: { batchSize: 2 } },
			items: [{ ids: ids.slice(0, 3) }, { ids: ids.slice(3) }],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		const submits = requestsTo(mock(), '/v1/customers/bulk');
		// In flight together: compared in any order.
		expect(submits.map((submit) => [submit.method, submit.query.ids])).toEqual(
			expect.arrayContaining([
				['DELETE', ids.slice(0, 2).join(',')],
				['DELETE', ids.slice(2, 4).join(',')],
				['DELETE', ids[4]],
			]),
		);
		expect(submits).toHaveLength(3);
		expect(items.map((item) => [item.json.id, item.json.status, item.pairedItem])).toEqual(
			ids.map((id, n) => [id, 'deleted', { item: n < 3 ? 0 : 1 }]),
		);
		expect(mock().store.customer.size).toBe(0);
	});

	it('fails before sending when an item gives no ID', async () => {
		const { error } = await runKustomer({
			parameters: { resource: 'customer', operation: 'bulkDelete', ids: '={{ $json.ids }}' },
			items: [{ ids: [] }],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toBe('Invalid IDs: is empty: give at least one ID');
		expect(mock().requests).toHaveLength(0);
	});
});

describe('Bulk: outcomes a person cannot miss', () => {
	const failSome = () =>
		mock().failRecordsWhere((_resource, record) => (['Customer 1', 'Customer 3'].includes(String(record.name)) ? 'email is invalid' : undefined));

	it('every item names its input row: item index and the identifying values as given', async () => {
		const { items } = await runKustomer({
			parameters: {
				resource: 'customer',
				operation: 'bulkCreate',
				additionalFields: { name: '={{ "Customer " + $json.n }}', externalId: '={{ "crm-" + $json.n }}', emails: { values: [{ email: '={{ "c" + $json.n + "@example.com" }}' }] } },
			},
			items: numbered(2),
			credentials: credentialsFor(mock()),
		});
		expect(items.map((item) => item.json)).toEqual([0, 1].map((n) => ({
			id: expect.any(String),
			status: 'created',
			itemIndex: n,
			externalId: `crm-${n}`,
			email: `c${n}@example.com`,
			name: `Customer ${n}`,
			bulkId: expect.any(String),
		})));
	});

	it('failed records give a warning with the counts and the failed items', async () => {
		failSome();
		const { items, hints } = await runKustomer({ parameters: createParameters('customer', ''), items: numbered(5), credentials: credentialsFor(mock()) });
		expect(items.map((item) => item.json.status)).toEqual(['created', 'error', 'created', 'error', 'created']);
		expect(items[1].json).toMatchObject({ id: null, itemIndex: 1, name: 'Customer 1', externalId: 'crm-1', error: 'email is invalid' });
		expect(hints).toEqual([
			{ message: '3 created, 2 failed (input items 1, 3): their items have status "error".', type: 'warning', location: 'outputPane' },
		]);
	});

	it('no warning when every record succeeded', async () => {
		const { hints } = await runKustomer({ parameters: createParameters('customer', ''), items: numbered(2), credentials: credentialsFor(mock()) });
		expect(hints).toEqual([]);
	});

	it('with "Continue (using error output)" failed records leave by the error output, with their input row', async () => {
		failSome();
		const { items, errorItems, hints } = await runKustomer({
			parameters: createParameters('customer', ''),
			items: numbered(5),
			credentials: credentialsFor(mock()),
			onError: 'continueErrorOutput',
		});
		expect(items.map((item) => item.json.itemIndex)).toEqual([0, 2, 4]);
		// n8n routes an item whose only keys are error and details (and adds the input row's fields in a workflow).
		expect(errorItems.map((item) => [item.json, item.pairedItem])).toEqual([1, 3].map((n) => [
			{
				error: 'email is invalid',
				details: { id: null, status: 'error', itemIndex: n, name: `Customer ${n}`, externalId: `crm-${n}`, bulkId: expect.any(String) },
			},
			{ item: n },
		]));
		expect(hints[0].message).toBe('3 created, 2 failed (input items 1, 3): they are on the error output.');
	});

	it('"Fail the Run If Any Record Fails" stops with what was created, and does not invite a re-run of all items', async () => {
		failSome();
		const { error } = await runKustomer({
			parameters: { ...createParameters('customer', ''), options: { failOnRecordError: true } },
			items: numbered(5),
			credentials: credentialsFor(mock()),
		});
		const [bulkId] = [...new Set(requestsTo(mock(), '/v1/bulk/').map((request) => request.path.split('/')[3]))];
		expect(error?.message).toBe('3 created, 2 failed (input items 1, 3)');
		expect(error?.description).toBe(
			`3 records were created in Kustomer by bulk jobs ${bulkId}; running the node again on every item would send them again. ` +
				'Correct and re-run only the failed items. First error: email is invalid',
		);
		expect(mock().store.customer.size).toBe(3);
	});

	it('without Wait for Completion an info notice says the outcome was not checked', async () => {
		const { hints } = await runKustomer({
			parameters: { ...createParameters('customer', ''), options: { waitForCompletion: false } },
			items: numbered(3),
			credentials: credentialsFor(mock()),
		});
		expect(hints).toEqual([
			{
				message: '3 records submitted in 1 bulk job, outcome not checked (turn on "Wait for Completion" for one item per record).',
				type: 'info',
				location: 'outputPane',
			},
		]);
	});
});

describe('Bulk Update: a record named twice', () => {
	it('per item: refused before sending, naming the items', async () => {
		const [a, b] = [mock().seed('customer', { name: 'a' }), mock().seed('customer', { name: 'b' })];
		const { error } = await runKustomer({
			parameters: { resource: 'customer', operation: 'bulkUpdate', customerId: '={{ $json.id }}', updateFields: { name: 'x' } },
			items: [{ id: a }, { id: b }, { id: a }],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toBe(`The same record is named more than once: ${a} (input items 0, 2)`);
		expect(error?.description).toMatch(/Nothing was sent for these items/);
		expect(mock().requests).toHaveLength(0);
	});

	it('per item with Continue On Fail: the repeated items are errors, the others are sent', async () => {
		const [a, b] = [mock().seed('customer', { name: 'a' }), mock().seed('customer', { name: 'b' })];
		const { items } = await runKustomer({
			parameters: { resource: 'customer', operation: 'bulkUpdate', customerId: '={{ $json.id }}', updateFields: { name: 'x' } },
			items: [{ id: a }, { id: b }, { id: a }],
			credentials: credentialsFor(mock()),
			continueOnFail: true,
		});
		expect(items.map((item) => [item.json.itemIndex, item.json.id, item.json.status])).toEqual([
			[0, a, 'error'],
			[1, b, 'updated'],
			[2, a, 'error'],
		]);
		expect(bulkSubmits('customer')[0].body).toEqual([{ id: b, name: 'x', _clientRef: 'n8n-item-1' }]);
	});

	it('same changes: an ID given by several items with equal changes is one record; with different changes, refused', async () => {
		const [a, b] = [mock().seed('customer', { name: 'a' }), mock().seed('customer', { name: 'b' })];
		const same = await runKustomer({
			parameters: { resource: 'customer', operation: 'bulkUpdate', updateMode: 'sameForAll', ids: '={{ $json.id }}', updateFields: { name: 'x' } },
			items: [{ id: a }, { id: b }, { id: a }],
			credentials: credentialsFor(mock()),
		});
		expect(same.error).toBeUndefined();
		expect(bulkSubmits('customer').map((request) => request.query.ids)).toEqual([`${a},${b}`]);
		const different = await runKustomer({
			parameters: { resource: 'customer', operation: 'bulkUpdate', updateMode: 'sameForAll', ids: '={{ $json.id }}', updateFields: { name: '={{ $json.name }}' } },
			items: [{ id: a, name: 'x' }, { id: a, name: 'y' }],
			credentials: credentialsFor(mock()),
		});
		expect(different.error?.message).toBe(`The same record is named more than once: ${a} (input items 0, 1)`);
		expect(bulkSubmits('customer')).toHaveLength(1);
	});
});
