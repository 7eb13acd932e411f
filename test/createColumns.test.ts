/**
 * Create and Bulk Create with Define Fields: Map Columns (the resource mapper in add mode), through n8n-core
 * against the mock: the records that reached it, and the items that came out. The Additional Fields path
 * stays as it was (Define Fields defaults to it).
 */
import { credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';
import { runKustomer } from './support/n8n';

const mock = useMockKustomer({ bulkPollsUntilComplete: 0 });

/** The `columns` parameter as the editor saves it in add mode (no column to match on). */
function columns(value: Record<string, unknown> | null, schema: Array<{ id: string; removed?: boolean }> = []) {
	const mappingMode = value ? 'defineBelow' : 'autoMapInputData';
	return { mappingMode, value, matchingColumns: [], schema: schema.map((column) => ({ display: true, ...column })) };
}

const mapped = (resource: string, operation: string, value: Record<string, unknown> | null, extra = {}) => ({
	resource,
	operation,
	fieldsInput: 'columns',
	columns: columns(value),
	...extra,
});

const rows = [
	{ name: 'Jo Rivera', email: 'jo@example.com', phone: '+14155550123', tierStr: 'gold' },
	{ name: 'Sam Lee', email: 'sam@example.com', tierStr: 'silver' },
];

describe('Customer Create and Bulk Create by mapped columns', () => {
	it('Create, Map Each Column Manually: email and phone become one-entry lists, tierStr a custom attribute', async () => {
		const value = { name: '={{ $json.name }}', email: '={{ $json.email }}', phone: '={{ $json.phone }}', tierStr: '={{ $json.tierStr }}' };
		const { items, error } = await runKustomer({
			parameters: mapped('customer', 'create', value),
			items: rows,
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/customers').map((request) => [request.method, request.body])).toEqual([
			['POST', { name: 'Jo Rivera', emails: [{ email: 'jo@example.com' }], phones: [{ phone: '+14155550123' }], custom: { tierStr: 'gold' } }],
			// Sam has no phone: the empty column is left out, not sent as an empty list.
			['POST', { name: 'Sam Lee', emails: [{ email: 'sam@example.com' }], custom: { tierStr: 'silver' } }],
		]);
		expect(items.map((item) => mock().store.customer.has(String(item.json.id)))).toEqual([true, true]);
	});

	it('Bulk Create, Map Automatically: the input fields named like the loaded columns, one record each', async () => {
		const schema = [{ id: 'name' }, { id: 'email' }, { id: 'phone' }, { id: 'tierStr' }];
		const { items, error } = await runKustomer({
			parameters: { ...mapped('customer', 'bulkCreate', null), columns: columns(null, schema) },
			items: rows.map((row) => ({ ...row, updatedAt: '2025-01-01T00:00:00Z' })),
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/customers/bulk')[0].body).toEqual([
			{ name: 'Jo Rivera', emails: [{ email: 'jo@example.com' }], phones: [{ phone: '+14155550123' }], custom: { tierStr: 'gold' }, _clientRef: 'n8n-item-0' },
			{ name: 'Sam Lee', emails: [{ email: 'sam@example.com' }], custom: { tierStr: 'silver' }, _clientRef: 'n8n-item-1' },
		]);
		expect(items.map((item) => [item.json.status, item.json.email, item.pairedItem])).toEqual([
			['created', 'jo@example.com', { item: 0 }],
			['created', 'sam@example.com', { item: 1 }],
		]);
	});

	it('Bulk Create, Map Each Column Manually: each item its own values; failed records are error items naming their row', async () => {
		mock().failRecordsWhere((_resource, record) => (record.name === 'Sam Lee' ? 'email is invalid' : undefined));
		const value = { name: '={{ $json.name }}', email: '={{ $json.email }}', tierStr: '={{ $json.tierStr }}' };
		const { items, hints, error } = await runKustomer({
			parameters: mapped('customer', 'bulkCreate', value),
			items: rows,
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		const body = requestsTo(mock(), '/v1/customers/bulk')[0].body as Array<Record<string, unknown>>;
		expect(body.map((record) => [record.name, record.emails, record.custom])).toEqual([
			['Jo Rivera', [{ email: 'jo@example.com' }], { tierStr: 'gold' }],
			['Sam Lee', [{ email: 'sam@example.com' }], { tierStr: 'silver' }],
		]);
		expect(items.map((item) => [item.json.status, item.json.itemIndex, item.json.email])).toEqual([
			['created', 0, 'jo@example.com'],
			['error', 1, 'sam@example.com'],
		]);
		expect(hints.map((hint) => hint.message).join(' ')).toMatch(/1 created, 1 failed/);
	});

	it('refuses, before sending, a column that is no attribute (mapped by hand) and an item with nothing mapped', async () => {
		const { items } = await runKustomer({
			parameters: mapped('customer', 'bulkCreate', { name: '={{ $json.name }}', nickname: 'x' }),
			items: [{ name: 'Jo' }],
			credentials: credentialsFor(mock()),
			continueOnFail: true,
		});
		expect(items[0].json.error).toBe('Invalid nickname: is not a customer attribute');
		const blank = await runKustomer({
			parameters: mapped('customer', 'create', { name: '={{ $json.name }}' }),
			items: [{ name: '' }],
			credentials: credentialsFor(mock()),
		});
		expect(blank.error?.message).toBe('Invalid Columns: nothing to create: set at least one field, such as a name or an email');
		expect(requestsTo(mock(), '/v1/customers')).toEqual([]);
	});

	it('Define Fields "Using Fields Below" is the Additional Fields form of before, the same records', async () => {
		const additionalFields = { name: '={{ $json.name }}', externalId: 'crm-1' };
		for (const fieldsInput of [undefined, 'fields']) {
			await runKustomer({
				parameters: { resource: 'customer', operation: 'bulkCreate', additionalFields, ...(fieldsInput ? { fieldsInput } : {}) },
				items: [{ name: 'Jo' }],
				credentials: credentialsFor(mock()),
			});
		}
		const bodies = requestsTo(mock(), '/v1/customers/bulk').map((request) => request.body);
		expect(bodies).toEqual([
			[{ name: 'Jo', externalId: 'crm-1', _clientRef: 'n8n-item-0' }],
			[{ name: 'Jo', externalId: 'crm-1', _clientRef: 'n8n-item-0' }],
		]);
	});
});

describe('Conversation Bulk Create by mapped columns', () => {
	it('the customer is a required column: mapped, it links the conversation; missing, the item is refused by name', async () => {
		const customerId = mock().seed('customer', { name: 'Jo' });
		const { items } = await runKustomer({
			parameters: mapped('conversation', 'bulkCreate', { customer: '={{ $json.customer }}', name: '={{ $json.subject }}', priority: 2 }),
			items: [{ customer: customerId, subject: 'Refund' }, { subject: 'No customer' }],
			credentials: credentialsFor(mock()),
			continueOnFail: true,
		});
		expect(requestsTo(mock(), '/v1/conversations/bulk')[0].body).toEqual([
			{ customer: customerId, name: 'Refund', priority: 2, _clientRef: 'n8n-item-0' },
		]);
		expect(items.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['created', { item: 0 }],
			['error', { item: 1 }],
		]);
		expect(items[1].json.error).toBe('Invalid Customer ID: is required: map a column to it, with a value in every item');
	});
});
