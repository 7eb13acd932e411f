/**
 * Upsert and Bulk Upsert through n8n-core against the mock: the lookups that reached it, the writes that
 * followed, and the items that came out.
 */
import { credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';
import { runKustomer } from './support/n8n';

const mock = useMockKustomer({ bulkPollsUntilComplete: 0 });

/** The `columns` parameter as the editor saves it. */
function columns(matchOn: string, value: Record<string, unknown> | null, mappingMode = value ? 'defineBelow' : 'autoMapInputData') {
	return { mappingMode, value, matchingColumns: [matchOn], schema: [] };
}

const searches = () => requestsTo(mock(), '/v1/customers/search');
const customers = () => [...mock().store.customer.values()];
const emailsOf = (id: string) => (mock().store.customer.get(id)!.attributes.emails as Array<{ email: string }>).map((entry) => entry.email);

async function upsertCustomers(operation: 'upsert' | 'bulkUpsert', items: Array<Record<string, unknown>>, matchOn = 'email', extra = {}) {
	return await runKustomer({
		parameters: { resource: 'customer', operation, columns: columns(matchOn, null), ...extra },
		items,
		credentials: credentialsFor(mock()),
		continueOnFail: (extra as { continueOnFail?: boolean }).continueOnFail,
	});
}

describe('Customer Upsert (one item at a time)', () => {
	it('updates the customer found by email with only the given fields (PATCH: the company link stays) and creates the one not found', async () => {
		const companyId = mock().seed('company', { name: 'Acme' });
		const existing = mock().seed('customer', { name: 'Jo', emails: [{ email: 'jo@example.com' }], company: companyId });
		const { items, error } = await upsertCustomers('upsert', [
			{ email: 'jo@example.com', name: 'Jo Rivera', tierStr: 'gold', ignored: 'x' },
			{ email: 'new@example.com', name: 'New', phone: '+14155550123' },
		]);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.upsert, item.pairedItem])).toEqual([
			['updated', { item: 0 }],
			['created', { item: 1 }],
		]);
		expect(items[0].json.id).toBe(existing);
		const [search] = searches();
		expect(search.body).toEqual({ queryContext: 'customer', or: [{ customer_email: { equals: 'jo@example.com' } }] });
		const update = requestsTo(mock(), `/v1/customers/${existing}`)[0];
		expect(update.method).toBe('PATCH');
		expect(update.body).toEqual({ name: 'Jo Rivera', custom: { tierStr: 'gold' } });
		const stored = mock().store.customer.get(existing)!;
		expect(stored.attributes.company).toBe(companyId);
		expect(emailsOf(existing)).toEqual(['jo@example.com']);
		const create = mock().requests.find((request) => request.method === 'POST' && request.path === '/v1/customers')!;
		expect(create.body).toEqual({ name: 'New', emails: [{ email: 'new@example.com' }], phones: [{ phone: '+14155550123' }] });
		expect(emailsOf(items[1].json.id as string)).toEqual(['new@example.com']);
	});

	it('matches on external ID and on phone, mapped by hand', async () => {
		const byExternal = mock().seed('customer', { externalId: 'crm-1', name: 'A' });
		const byPhone = mock().seed('customer', { phones: [{ phone: '+14155550100' }], name: 'B' });
		const run = async (matchOn: string, value: Record<string, unknown>) =>
			await runKustomer({
				parameters: { resource: 'customer', operation: 'upsert', columns: columns(matchOn, value) },
				items: [{}],
				credentials: credentialsFor(mock()),
			});
		const external = await run('externalId', { externalId: 'crm-1', name: 'A2' });
		const phone = await run('phone', { phone: '+14155550100', name: 'B2' });
		expect([external.items[0].json.id, phone.items[0].json.id]).toEqual([byExternal, byPhone]);
		expect(searches().map((request) => (request.body as { or: unknown[] }).or)).toEqual([
			[{ customer_externalId: { equals: 'crm-1' } }],
			[{ customer_phone: { equals: '+14155550100' } }],
		]);
		expect(mock().store.customer.get(byPhone)!.attributes.name).toBe('B2');
	});

	it('Map Automatically uses only the fields named like the loaded columns', async () => {
		const existing = mock().seed('customer', { emails: [{ email: 'jo@example.com' }] });
		const schema = [{ id: 'email' }, { id: 'name' }, { id: 'tierStr' }, { id: 'phone', removed: true }].map((column) => ({ display: true, ...column }));
		await runKustomer({
			parameters: { resource: 'customer', operation: 'upsert', columns: { ...columns('email', null), schema } },
			items: [{ email: 'jo@example.com', name: 'Jo', tierStr: 'gold', phone: '+14155550123', updatedAt: '2025-01-01T00:00:00Z' }],
			credentials: credentialsFor(mock()),
		});
		expect(requestsTo(mock(), `/v1/customers/${existing}`)[0].body).toEqual({ name: 'Jo', custom: { tierStr: 'gold' } });
	});

	it('refuses to guess when several customers have the email, and names them', async () => {
		const a = mock().seed('customer', { emails: [{ email: 'shared@example.com' }] });
		const b = mock().seed('customer', { emails: [{ email: 'shared@example.com' }] });
		const { error } = await upsertCustomers('upsert', [{ email: 'shared@example.com', name: 'X' }]);
		expect(error?.message).toContain('2 customers have email "shared@example.com"');
		expect(error?.message).toContain(a);
		expect(error?.message).toContain(b);
		expect(mock().requests.filter((request) => request.method !== 'POST' || !request.path.endsWith('/search'))).toHaveLength(0);
	});

	it('turns a create refused because someone else made the record meanwhile into an update, once', async () => {
		let other: string | undefined;
		mock().beforeEachRequest((request) => {
			if (request.method === 'POST' && request.path === '/v1/customers' && !other) other = mock().seed('customer', { externalId: 'crm-9', name: 'Theirs' });
		});
		const { items, error } = await upsertCustomers('upsert', [{ externalId: 'crm-9', name: 'Ours' }], 'externalId');
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id: other, upsert: 'updated', name: 'Ours' });
		expect(customers()).toHaveLength(1);
		expect(searches()).toHaveLength(2);
	});

	it('checks every match value before sending: empty, not an email, not E.164; Continue On Fail makes each an item', async () => {
		const { items } = await upsertCustomers('upsert', [{ email: '' }, { email: 'not-an-email' }, { email: 'ok@example.com' }], 'email', {
			continueOnFail: true,
		});
		expect(items).toHaveLength(3);
		expect(items[0].json.error).toContain('Invalid Email: is empty');
		expect(items[1].json.error).toContain('"not-an-email" is not an email address');
		expect(items[2].json.upsert).toBe('created');
		const phone = await upsertCustomers('upsert', [{ phone: '555-0100' }], 'phone');
		expect(phone.error?.message).toContain('not a phone number in E.164 format');
	});

	it('refuses a column to match on that customers do not offer, before any request', async () => {
		const { error } = await upsertCustomers('upsert', [{ name: 'x' }], 'name');
		expect(error?.message).toContain('Invalid Column to Match On: "name" is not a column customers can be matched on');
		expect(mock().requests).toHaveLength(0);
	});
});

describe('Customer Bulk Upsert', () => {
	it('looks up 20 emails a search, updates the found in one bulk PUT (company kept) and creates the rest in one bulk POST', async () => {
		const companyId = mock().seed('company', { name: 'Acme' });
		const seeded = Array.from({ length: 25 }, (_, n) =>
			mock().seed('customer', { name: `Old ${n}`, emails: [{ email: `c${n}@example.com` }], company: companyId }),
		);
		const items = Array.from({ length: 50 }, (_, n) => ({ email: `c${n}@example.com`, name: `New ${n}` }));
		const { items: output, error } = await upsertCustomers('bulkUpsert', items);
		expect(error).toBeUndefined();
		// Searches and submits are in flight together: compared in any order.
		expect(searches().map((request) => (request.body as { or: unknown[] }).or.length).sort((a, b) => b - a)).toEqual([
			20, 20, 10,
		]);
		const submits = requestsTo(mock(), '/v1/customers/bulk');
		expect(submits.map((request) => [request.method, (request.body as unknown[]).length]).sort()).toEqual([
			['POST', 25],
			['PUT', 25],
		]);
		expect((submits[0].body as unknown[])[0]).toEqual({ id: seeded[0], name: 'New 0', company: companyId, _clientRef: 'n8n-item-0' });
		expect(output).toHaveLength(50);
		expect(output.map((item) => (item.pairedItem as { item: number }).item)).toEqual(items.map((_, n) => n));
		expect(output.slice(0, 25).map((item) => [item.json.id, item.json.status])).toEqual(seeded.map((id) => [id, 'updated']));
		expect(output.slice(25).every((item) => item.json.status === 'created')).toBe(true);
		expect(customers()).toHaveLength(50);
		expect(seeded.every((id) => mock().store.customer.get(id)!.attributes.company === companyId)).toBe(true);
	});

	it('makes one record of items that share an email (fields merged, the later item winning) and both report its ID', async () => {
		const { items } = await upsertCustomers('bulkUpsert', [
			{ email: 'pair@example.com', name: 'First', tierStr: 'silver' },
			{ email: 'other@example.com', name: 'Other' },
			{ email: 'PAIR@example.com', name: 'Second' },
		]);
		const [create] = requestsTo(mock(), '/v1/customers/bulk');
		expect(create.body).toEqual([
			{ emails: [{ email: 'PAIR@example.com' }], name: 'Second', custom: { tierStr: 'silver' }, _clientRef: 'n8n-item-0' },
			{ emails: [{ email: 'other@example.com' }], name: 'Other', _clientRef: 'n8n-item-1' },
		]);
		expect(items.map((item) => item.json.status)).toEqual(['created', 'created', 'created']);
		expect(items[0].json.id).toBe(items[2].json.id);
		expect(customers()).toHaveLength(2);
	});

	it('reports several found as an error item naming the IDs with Continue On Fail, and writes nothing for it', async () => {
		const a = mock().seed('customer', { emails: [{ email: 'shared@example.com' }] });
		const b = mock().seed('customer', { emails: [{ email: 'shared@example.com' }] });
		const { items } = await upsertCustomers('bulkUpsert', [{ email: 'shared@example.com', name: 'X' }, { email: 'solo@example.com' }], 'email', {
			continueOnFail: true,
		});
		expect(items.map((item) => item.json.status)).toEqual(['error', 'created']);
		expect(items[0].json.error).toContain(a);
		expect(items[0].json.error).toContain(b);
		expect((requestsTo(mock(), '/v1/customers/bulk')[0].body as unknown[]).length).toBe(1);
	});

	it('with Continue On Fail off too, several found is an error item for it (as a failed bulk record is) while the others are written', async () => {
		mock().seed('customer', { emails: [{ email: 'shared@example.com' }] });
		mock().seed('customer', { emails: [{ email: 'shared@example.com' }] });
		const { items, error } = await upsertCustomers('bulkUpsert', [{ email: 'solo@example.com' }, { email: 'shared@example.com' }]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.status)).toEqual(['created', 'error']);
		expect(items[1].json.error).toContain('2 customers have email "shared@example.com"');
	});

	it('stops with the lookup error when Continue On Fail is off', async () => {
		mock().addFault({ method: 'POST', path: '/v1/customers/search', kind: 'status', status: 403 });
		const { error } = await upsertCustomers('bulkUpsert', [{ email: 'solo@example.com' }]);
		expect(error?.message).toMatch(/^Looking up Email failed: The API key lacks the role/);
		expect(requestsTo(mock(), '/v1/customers/bulk')).toHaveLength(0);
	});

	it('updates a record another process created between the lookup and the bulk create, once', async () => {
		let other: string | undefined;
		mock().beforeEachRequest((request) => {
			if (request.method === 'POST' && request.path === '/v1/customers/bulk' && !other) other = mock().seed('customer', { externalId: 'crm-2', name: 'Theirs' });
		});
		const { items, error } = await upsertCustomers('bulkUpsert', [{ externalId: 'crm-1', name: 'A' }, { externalId: 'crm-2', name: 'B' }], 'externalId');
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.status)).toEqual(['created', 'updated']);
		expect(items[1].json.id).toBe(other);
		expect(mock().store.customer.get(other!)!.attributes.name).toBe('B');
		expect(customers()).toHaveLength(2);
		expect(requestsTo(mock(), '/v1/customers/bulk').map((request) => request.method)).toEqual(['POST', 'PUT']);
	});

	it('rejects bad items before any request, naming them; with Continue On Fail the rest goes on, items in = items out', async () => {
		const off = await upsertCustomers('bulkUpsert', [{ email: 'ok@example.com' }, { email: ' ' }]);
		expect(off.error?.message).toContain('Invalid Email: is empty');
		expect(mock().requests).toHaveLength(0);
		const on = await upsertCustomers('bulkUpsert', [{ email: 'ok@example.com' }, { email: 'bad' }], 'email', { continueOnFail: true });
		expect(on.items.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['created', { item: 0 }],
			['error', { item: 1 }],
		]);
	});
});

describe.each([
	{ resource: 'company', store: 'company', extra: {}, path: '/v1/companies', seedExtra: {} },
	{ resource: 'customObject', store: 'kobject', extra: { klassName: 'order' }, path: '/v1/klasses/order', seedExtra: { klass: 'order' } },
] as const)('$resource upsert by external ID', ({ resource, store, extra, path, seedExtra }) => {
	const required = resource === 'company' ? 'name' : 'title';
	const seed = (externalId: string) => mock().seed(store, { [required]: `Old ${externalId}`, externalId, ...seedExtra });
	const run = async (operation: string, items: Array<Record<string, unknown>>, continueOnFail = false) =>
		await runKustomer({
			parameters: { resource, operation, ...extra, columns: columns('externalId', null) },
			items,
			credentials: credentialsFor(mock()),
			continueOnFail,
		});
	const lookups = () =>
		resource === 'company'
			? searches().map((request) => (request.body as { queryContext: string; or: unknown[] }))
			: requestsTo(mock(), `${path}/externalId=`).map((request) => request.path);

	it('Upsert updates the one found (only the given fields) and creates the one not found', async () => {
		const existing = seed('ext-1');
		const { items, error } = await run('upsert', [
			{ externalId: 'ext-1', [required]: 'Renamed' },
			{ externalId: 'ext-2', [required]: 'Brand new' },
		]);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.upsert, item.json[required]])).toEqual([
			['updated', 'Renamed'],
			['created', 'Brand new'],
		]);
		expect(items[0].json.id).toBe(existing);
		const update = requestsTo(mock(), `${path}/${existing}`)[0];
		expect([update.method, update.body]).toEqual(['PUT', { [required]: 'Renamed' }]);
		if (resource === 'company') {
			expect(lookups()[0]).toEqual({ queryContext: 'company', or: [{ company_externalId: { equals: 'ext-1' } }] });
		} else {
			expect(lookups()).toEqual([`${path}/externalId=ext-1`, `${path}/externalId=ext-2`]);
		}
		expect(mock().store[store].size).toBe(2);
	});

	it(`Upsert says that a create needs the ${required} when none is found`, async () => {
		const { error } = await run('upsert', [{ externalId: 'ext-3' }]);
		expect(error?.message).toMatch(new RegExp(`^Invalid ${required === 'name' ? 'Name' : 'Title'}: is required`));
		expect(mock().store[store].size).toBe(0);
	});

	it('Bulk Upsert: existing, absent, duplicated within the input, created meanwhile by someone else', async () => {
		const existing = seed('ext-1');
		let other: string | undefined;
		mock().beforeEachRequest((request) => {
			if (request.method === 'POST' && request.path === `${path}/bulk` && !other) other = seed('ext-4');
		});
		const { items, error } = await run('bulkUpsert', [
			{ externalId: 'ext-1', [required]: 'Updated' },
			{ externalId: 'ext-2', [required]: 'First' },
			{ externalId: 'ext-4', [required]: 'Ours' },
			{ externalId: 'ext-2', [required]: 'Second' },
		]);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['updated', { item: 0 }],
			['created', { item: 1 }],
			['updated', { item: 2 }],
			['created', { item: 3 }],
		]);
		expect(items[0].json.id).toBe(existing);
		expect(items[2].json.id).toBe(other);
		expect(items[1].json.id).toBe(items[3].json.id);
		const records = [...mock().store[store].values()];
		expect(records.map((record) => record.attributes.externalId).sort()).toEqual(['ext-1', 'ext-2', 'ext-4']);
		expect(records.map((record) => record.attributes[required]).sort()).toEqual(['Ours', 'Second', 'Updated']);
		if (resource === 'company') expect(searches()[0].body).toMatchObject({ or: [{}, {}, {}].map((_, n) => ({ company_externalId: { equals: `ext-${[1, 2, 4][n]}` } })) });
	});

	it('Bulk Upsert names the records when several have the external ID', async () => {
		const a = seed('ext-1');
		const b = mock().seed(store, { [required]: 'Twin', externalId: 'ext-1', ...seedExtra });
		const { items } = await run('bulkUpsert', [{ externalId: 'ext-1', [required]: 'xyz' }], true);
		if (resource === 'company') {
			expect(items[0].json).toMatchObject({ status: 'error' });
			expect(items[0].json.error).toContain(a);
			expect(items[0].json.error).toContain(b);
		} else {
			// Kustomer's lookup by path answers one object: the external ID is unique within a Klass.
			expect(items[0].json.status).toBe('updated');
		}
	});
});

it('Bulk Upsert waits out the search budget (its 429 says when it resets) and loses nothing', async () => {
	mock().setOptions({ searchRateLimit: { limit: 2, windowMs: 1000 } });
	const items = Array.from({ length: 50 }, (_, n) => ({ email: `c${n}@example.com` }));
	const { items: output, error } = await upsertCustomers('bulkUpsert', items);
	expect(error).toBeUndefined();
	const answered = searches().length;
	expect(answered).toBeGreaterThan(3);
	expect(mock().stats.rateLimited).toBe(answered - 3);
	expect(output.map((item) => item.json.status)).toEqual(items.map(() => 'created'));
	expect(customers()).toHaveLength(50);
});
