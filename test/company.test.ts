/** Companies, every operation through n8n-core against the mock. */
import { byId, credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';
import { runKustomer } from './support/n8n';

const mock = useMockKustomer({ bulkPollsUntilComplete: 0 });
const run = (parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [{}]) =>
	runKustomer({ parameters: { resource: 'company', ...parameters }, items, credentials: credentialsFor(mock()) });

it('Create POSTs the name and the fields to /v1/companies', async () => {
	const { items, error } = await run({
		operation: 'create',
		name: 'Acme Inc.',
		additionalFields: { externalId: 'crm-9', domains: { values: [{ domain: 'acme.test' }] }, employeeCount: 40 },
	});
	expect(error).toBeUndefined();
	const [request] = requestsTo(mock(), '/v1/companies');
	expect([request.method, request.body]).toEqual(['POST', { name: 'Acme Inc.', externalId: 'crm-9', domains: [{ domain: 'acme.test' }], employeeCount: 40 }]);
	expect(items[0].json).toMatchObject({ name: 'Acme Inc.', externalId: 'crm-9' });
	expect(mock().store.company.get(items[0].json.id as string)).toBeDefined();
});

it('Get and Get Many (filtered by name) read companies', async () => {
	const id = mock().seed('company', { name: 'Acme', employeeCount: 3 });
	mock().seed('company', { name: 'Globex' });
	const one = await run({ operation: 'get', companyId: byId(id) });
	expect(one.items[0].json).toEqual(expect.objectContaining({ id, name: 'Acme', employeeCount: 3 }));
	const many = await run({ operation: 'getAll', returnAll: true, options: { filter: 'Globex' } });
	expect(requestsTo(mock(), '/v1/companies').map((request) => [request.path, request.query])).toEqual([
		[`/v1/companies/${id}`, {}],
		['/v1/companies', { pageSize: '100', filter: 'Globex' }],
	]);
	expect(many.items.map((item) => item.json.name)).toEqual(['Globex']);
});

it('Update PUTs the changes and can mark the company deleted (Kustomer has no company delete)', async () => {
	const id = mock().seed('company', { name: 'Acme' });
	const { items } = await run({ operation: 'update', companyId: id, updateFields: { deleted: true } });
	const [request] = requestsTo(mock(), '/v1/companies');
	expect([request.method, request.path, request.query, request.body]).toEqual(['PUT', `/v1/companies/${id}`, {}, { deleted: true }]);
	expect(items[0].json).toMatchObject({ id, deleted: true });
});

it('offers no Delete, and no "Replace All Attributes" (Kustomer\'s company update has no replace mode)', async () => {
	const { loadPackage } = await import('./support/n8n');
	const { node } = await loadPackage();
	const operations = node.description.properties.find(
		(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'company',
	);
	expect((operations?.options as Array<{ value: string }>).map((option) => option.value)).toEqual([
		'create',
		'bulkCreate',
		'upsert',
		'bulkUpsert',
		'get',
		'getAll',
		'update',
		'bulkUpdate',
	]);
	const replace = node.description.properties.filter(
		(property) => property.name === 'replace' && property.displayOptions?.show?.resource?.[0] === 'company',
	);
	expect(replace).toEqual([]);
});

it('Bulk Create sends each item as a tagged record to /v1/companies/bulk', async () => {
	const { items } = await run({ operation: 'bulkCreate', name: '={{ "Company " + $json.n }}' }, [{ n: 1 }, { n: 2 }]);
	expect(requestsTo(mock(), '/v1/companies/bulk')[0].body).toEqual([
		{ name: 'Company 1', _clientRef: 'n8n-item-0' },
		{ name: 'Company 2', _clientRef: 'n8n-item-1' },
	]);
	expect(items.map((item) => [item.json.status, item.pairedItem])).toEqual([
		['created', { item: 0 }],
		['created', { item: 1 }],
	]);
});

it('Bulk Update "same changes for a list of IDs" goes as one record per ID (no ?ids= mode), one output per ID, paired', async () => {
	const [a, b, c] = ['Acme', 'Globex', 'Initech'].map((name) => mock().seed('company', { name }));
	const { items, error } = await run({ operation: 'bulkUpdate', updateMode: 'sameForAll', ids: '={{ $json.ids }}', updateFields: { tags: 'vip' } }, [
		{ ids: [a, b] },
		{ ids: c },
	]);
	expect(error).toBeUndefined();
	const [submit] = requestsTo(mock(), '/v1/companies/bulk');
	expect([submit.method, submit.query]).toEqual(['PUT', {}]);
	expect(submit.body).toEqual([
		{ id: a, tags: ['vip'], _clientRef: 'n8n-item-0-0' },
		{ id: b, tags: ['vip'], _clientRef: 'n8n-item-0-1' },
		{ id: c, tags: ['vip'], _clientRef: 'n8n-item-1-0' },
	]);
	expect(items.map((item) => [item.json.id, item.json.status, item.pairedItem])).toEqual([
		[a, 'updated', { item: 0 }],
		[b, 'updated', { item: 0 }],
		[c, 'updated', { item: 1 }],
	]);
	expect(mock().store.company.get(c)?.attributes.tags).toEqual(['vip']);
});

it('Bulk Update per item, and its per-record errors', async () => {
	const a = mock().seed('company', { name: 'Acme' });
	const b = mock().seed('company', { name: 'Beta' });
	mock().failRecordsWhere((_, record) => (record.name === 'Bad name' ? 'name is taken' : undefined));
	const { items } = await runKustomer({
		parameters: { resource: 'company', operation: 'bulkUpdate', companyId: '={{ $json.id }}', updateFields: { name: '={{ $json.name }}' } },
		items: [
			{ id: a, name: 'Acme Two' },
			{ id: b, name: 'Bad name' },
		],
		credentials: credentialsFor(mock()),
		continueOnFail: true,
	});
	expect(items.map((item) => [item.json.status, item.json.error ?? null])).toEqual([
		['updated', null],
		['error', 'name is taken'],
	]);
});

it('checks the name\'s length before sending', async () => {
	const { error } = await run({ operation: 'create', name: 'Ab' });
	expect(error?.message).toBe('Invalid Name: is shorter than 3 characters');
	expect(mock().requests).toHaveLength(0);
});
