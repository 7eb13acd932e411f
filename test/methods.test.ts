/**
 * The dropdowns (methods.loadOptions, methods.listSearch) called as the editor calls them: through n8n-core's
 * LoadOptionsContext, with the node's current parameters, against the mock.
 */
import type { ICredentialDataDecryptedObject, INode, INodeProperties, INodeParameters, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { credentialTestRequest, kustomerNode, loadPackage, runKustomer } from './support/n8n';
import { API_KEY, byId, credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('n8n-core') as typeof import('n8n-core');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workflowLib = require('n8n-workflow') as typeof import('n8n-workflow');

const mock = useMockKustomer();

/** A load-options context for the node with these parameters; the key is applied by the credential's own rule. */
async function dropdownContext(
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject = credentialsFor(mock()),
	extra: Partial<INode> = {},
) {
	const { nodeTypes } = await loadPackage();
	const node = kustomerNode(parameters, extra);
	const workflow = new workflowLib.Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const { headers } = await credentialTestRequest(credentials);
	const additionalData = {
		currentNodeParameters: parameters,
		credentialsHelper: {
			getParentTypes: () => [],
			isCredentialUsableByNode: () => true,
			getDecrypted: async () => ({ ...credentials }),
			preAuthentication: async () => undefined,
			authenticate: async (_c: unknown, _t: string, options: { headers?: object }) => ({ ...options, headers: { ...options.headers, ...headers } }),
		},
	} as unknown as IWorkflowExecuteAdditionalData;
	return new core.LoadOptionsContext(workflow, node, additionalData, 'parameters');
}

async function loadOptions(method: string, parameters: INodeParameters = { resource: 'conversation', operation: 'update' }) {
	const { node } = await loadPackage();
	return await node.methods!.loadOptions![method].call(await dropdownContext(parameters));
}

async function listSearch(method: string, filter?: string, paginationToken?: string) {
	const { node } = await loadPackage();
	return await node.methods!.listSearch![method].call(await dropdownContext({ resource: 'conversation', operation: 'get' }), filter, paginationToken);
}

/** Every property of the node, collections and groups included. */
async function allProperties(): Promise<INodeProperties[]> {
	const { node } = await loadPackage();
	const walk = (properties: INodeProperties[]): INodeProperties[] =>
		properties.flatMap((property) => [
			property,
			...walk(
				((property.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>).flatMap((option) =>
					'values' in option && option.values ? option.values : 'type' in option ? [option as INodeProperties] : [],
				),
			),
		]);
	return walk(node.description.properties);
}

describe('loadOptions', () => {
	it('getUsers lists users by display name with their email, valued by ID', async () => {
		const options = await loadOptions('getUsers');
		expect(options).toEqual([
			{ name: 'Ada', value: '5f0a00000000000000000001', description: 'ada@example.com' },
			{ name: 'Bob', value: '5f0a00000000000000000002', description: 'bob@example.com' },
			{ name: 'Bot', value: '5f0a00000000000000000004', description: 'bot@example.com' },
			{ name: 'Cleo', value: '5f0a00000000000000000003', description: 'cleo@example.com' },
		]);
		expect(requestsTo(mock(), '/v1/')).toEqual([
			expect.objectContaining({ method: 'GET', path: '/v1/users', query: { pageSize: '500' }, headers: expect.objectContaining({ authorization: `Bearer ${API_KEY}` }) }),
		]);
	});

	it('getTeams, getQueues and getTags list the org\'s teams, queues (by ID) and tags (by name)', async () => {
		expect((await loadOptions('getTeams')).map(({ name, value }) => [name, value])).toEqual([
			['Billing', '5f0b00000000000000000003'],
			['Tier 1 Support', '5f0b00000000000000000001'],
			['Tier 2 Support', '5f0b00000000000000000002'],
		]);
		expect((await loadOptions('getQueues')).map(({ name, value }) => [name, value])).toEqual([
			['Default Queue', '5f0c00000000000000000001'],
			['Returns', '5f0c00000000000000000003'],
			['VIP Queue', '5f0c00000000000000000002'],
		]);
		expect((await loadOptions('getTags')).map(({ name, value }) => [name, value])).toEqual([
			['escalated', 'escalated'],
			['refund', 'refund'],
			['shipping', 'shipping'],
			['vip', 'vip'],
		]);
		expect(requestsTo(mock(), '/v1/').map((request) => request.path)).toEqual(['/v1/teams', '/v1/routing/queues', '/v1/tags']);
	});

	it('follows links.next for a list longer than a page', async () => {
		mock().addFault({
			kind: 'status',
			status: 200,
			path: '/v1/tags',
			body: { data: [{ type: 'tag', id: 't1', attributes: { name: 'zeta' } }], links: { next: '/v1/tags?page=2&pageSize=2' } },
		});
		const names = (await loadOptions('getTags')).map(({ value }) => value);
		// Page 2 of the mock's four tags at two a page: its last two.
		expect(names).toEqual(['escalated', 'shipping', 'zeta']);
		expect(requestsTo(mock(), '/v1/').map((request) => request.query)).toEqual([{ pageSize: '100' }, { page: '2', pageSize: '2' }]);
	});

	it.each([
		['conversation', ['Escalated (escalatedBool)', 'Follow up (followUpAt)', 'Order number (orderNumberStr)', 'Reason (reasonStr)', 'Refund amount (refundAmountNum)']],
		['customer', ['Lifetime value (lifetimeValueNum)', 'Plan (planStr)', 'Renewal (renewalAt)', 'Tier (tierStr)', 'VIP (vipBool)']],
	])('getCustomAttributes offers the %s attributes of GET /v1/metadata/<resource>', async (resource, names) => {
		const options = await loadOptions('getCustomAttributes', { resource, operation: 'create' });
		expect(options.map(({ name }) => name)).toEqual(names);
		expect(requestsTo(mock(), '/v1/')).toEqual([expect.objectContaining({ method: 'GET', path: `/v1/metadata/${resource}` })]);
		const enumerated = options.find(({ value }) => value === (resource === 'customer' ? 'planStr' : 'reasonStr'));
		expect(enumerated?.description).toBe(resource === 'customer' ? 'Type: string; one of: basic, pro' : 'Type: string; one of: shipping, billing');
	});

	it('a key without the role gets a message naming it in the dropdown', async () => {
		mock().addFault({ kind: 'status', status: 403, path: '/v1/users', body: { errors: [{ code: 'forbidden', message: 'Forbidden' }] } });
		await expect(loadOptions('getUsers')).rejects.toThrow(
			'Could not load the list of users: The API key lacks the role org.permission.user.read (legacy org.user.read)',
		);
	});

	it('a refused list request reads as the list\'s failure, not as a value to correct', async () => {
		mock().addFault({ kind: 'status', status: 400, path: '/v1/customers/search', body: { errors: [{ code: 'bad_request', message: 'Invalid request body or parameters.' }] } });
		const { node } = await loadPackage();
		const failure = node.methods!.listSearch!.searchCustomers.call(await dropdownContext({ resource: 'customer', operation: 'get' }), 'jo');
		await expect(failure).rejects.toMatchObject({
			message: 'Could not load the list of customers: Kustomer rejected the request: Invalid request body or parameters.',
			description: expect.stringMatching(/^Kustomer refused the node's request for this list .*Enter the value by ID/),
		});
		await expect(failure).rejects.not.toMatchObject({ description: expect.stringMatching(/run again/) });
	});

	it('before a credential is chosen, every dropdown loads quietly and empty, asking nothing of Kustomer', async () => {
		const { node } = await loadPackage();
		const context = await dropdownContext({ resource: 'conversation', operation: 'update' }, credentialsFor(mock()), { credentials: undefined });
		for (const method of Object.values(node.methods!.loadOptions!)) await expect(method.call(context)).resolves.toEqual([]);
		for (const method of Object.values(node.methods!.listSearch!)) await expect(method.call(context, 'jo')).resolves.toEqual({ results: [] });
		expect(mock().requests).toHaveLength(0);
	});
});

describe('listSearch ("From List")', () => {
	it('searchConversations lists recent conversations, 50 a page, and pages on with the token', async () => {
		const ids = Array.from({ length: 60 }, (_, n) => mock().seed('conversation', { name: `Order ${n}`, status: 'open', createdAt: '2025-05-20T10:00:00.000Z' })).reverse();
		const first = await listSearch('searchConversations');
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({ name: 'Order 59 (open, 2025-05-20)', value: ids[0] });
		expect(first.paginationToken).toBe('/v1/conversations?page=2&pageSize=50&sort=desc');
		const second = await listSearch('searchConversations', undefined, first.paginationToken);
		expect(second.results.map(({ value }) => value)).toEqual(ids.slice(50));
		expect(second.paginationToken).toBeUndefined();
		expect(requestsTo(mock(), '/v1/').map((request) => [request.method, request.path, request.query])).toEqual([
			['GET', '/v1/conversations', { pageSize: '50', sort: 'desc' }],
			['GET', '/v1/conversations', { page: '2', pageSize: '50', sort: 'desc' }],
		]);
	});

	it('searchConversations searches the names for typed text', async () => {
		const id = mock().seed('conversation', { name: 'Where is order 4417?' });
		mock().seed('conversation', { name: 'Refund' });
		const { results } = await listSearch('searchConversations', '4417');
		expect(results.map(({ value }) => value)).toEqual([id]);
		// As the spec declares CustomerSearch: no query parameters, and no sort on a conversation attribute.
		expect(requestsTo(mock(), '/v1/')[0]).toMatchObject({
			method: 'POST',
			path: '/v1/customers/search',
			query: {},
			body: { queryContext: 'conversation', and: [{ conversation_name: { contains: '4417' } }] },
		});
		expect(requestsTo(mock(), '/v1/')[0].body).not.toHaveProperty('sort');
	});

	it('searchCustomers finds customers by name or email and labels them with both', async () => {
		const jo = mock().seed('customer', { name: 'Jo Rivera', emails: [{ email: 'jo@example.com' }] });
		const al = mock().seed('customer', { name: 'Al', emails: [{ email: 'al@rivera.example' }] });
		mock().seed('customer', { name: 'Sam', emails: [{ email: 'sam@example.com' }] });
		const { results } = await listSearch('searchCustomers', 'rivera');
		expect(results).toEqual(
			expect.arrayContaining([
				{ name: 'Jo Rivera <jo@example.com>', value: jo },
				{ name: 'Al <al@rivera.example>', value: al },
			]),
		);
		expect(results).toHaveLength(2);
		expect(requestsTo(mock(), '/v1/')[0].body).toMatchObject({
			queryContext: 'customer',
			or: [{ customer_name: { contains: 'rivera' } }, { customer_email: { contains: 'rivera' } }],
		});
	});

	it('a value picked from the list is used as the record ID', async () => {
		const id = mock().seed('conversation', { name: 'x' });
		const { items } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'get', conversationId: { __rl: true, mode: 'list', value: id, cachedResultName: 'x' } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(items[0].json.id).toBe(id);
	});
});

describe('The form offers the dropdowns', () => {
	it('ID locators default to "From List" backed by an existing listSearch method; messages, notes and custom objects keep "By ID"; bulk ones start from each item\'s ID', async () => {
		const { node } = await loadPackage();
		const locators = (await allProperties()).filter((property) => property.type === 'resourceLocator');
		expect(locators.length).toBeGreaterThan(10);
		const listMethods: Record<string, string> = {
			conversationId: 'searchConversations',
			customerId: 'searchCustomers',
			companyId: 'searchCompanies',
			klassName: 'searchKlasses',
		};
		for (const locator of locators) {
			const list = locator.modes?.find((mode) => mode.name === 'list');
			if (/^bulk/.test(String(locator.displayOptions?.show?.operation))) {
				expect(locator.default).toEqual({ mode: 'id', value: '={{ $json.id }}' });
				continue;
			}
			if (['messageId', 'noteId', 'customObjectId'].includes(locator.name)) {
				expect(list).toBeUndefined();
				expect(locator.default).toEqual({ mode: 'id', value: '' });
				continue;
			}
			expect(locator.default).toEqual({ mode: 'list', value: '' });
			const method = list?.typeOptions?.searchListMethod;
			expect(method).toBe(listMethods[locator.name]);
			expect(node.methods?.listSearch?.[method!]).toBeInstanceOf(Function);
		}
	});

	it('searchKlasses lists the org\'s Klasses by display name, valued by name, and filters by the typed text', async () => {
		const all = await listSearch('searchKlasses');
		expect(all.results).toEqual([
			{ name: 'Order (order)', value: 'order' },
			{ name: 'Subscription (subscription)', value: 'subscription' },
		]);
		expect((await listSearch('searchKlasses', 'subs')).results).toEqual([{ name: 'Subscription (subscription)', value: 'subscription' }]);
		expect(requestsTo(mock(), '/v1/klasses')[0].query).toEqual({ pageSize: '100' });
	});

	it('searchCompanies lists companies, filtered by name', async () => {
		const acme = mock().seed('company', { name: 'Acme' });
		mock().seed('company', { name: 'Globex' });
		expect((await listSearch('searchCompanies', 'Acme')).results).toEqual([{ name: 'Acme', value: acme }]);
		expect(requestsTo(mock(), '/v1/companies')[0].query).toEqual({ pageSize: '50', filter: 'Acme' });
	});

	it.each([
		['a Klass from the list', { __rl: true, mode: 'list', value: 'order' }],
		['a Klass by name', 'subscription'],
	])('getCustomAttributes offers the attributes of %s (GET /v1/metadata/kobject.<name>)', async (_, klassName) => {
		const options = await loadOptions('getCustomAttributes', { resource: 'customObject', operation: 'create', klassName });
		const name = typeof klassName === 'string' ? klassName : klassName.value;
		expect(requestsTo(mock(), '/v1/metadata')[0].path).toBe(`/v1/metadata/kobject.${name}`);
		expect(options.map((option) => option.value)).toEqual(
			name === 'order' ? ['orderNumberStr', 'shippedAt', 'totalNum'] : ['activeBool', 'planStr'],
		);
	});

	it('getCustomAttributes offers nothing (and asks nothing) until the Klass is chosen', async () => {
		const options = await loadOptions('getCustomAttributes', { resource: 'customObject', operation: 'create', klassName: { __rl: true, mode: 'list', value: '' } });
		expect(options).toEqual([]);
		expect(mock().requests).toHaveLength(0);
	});

	it('the custom object forms reload the Klass fields when the Klass changes', async () => {
		const { node } = await loadPackage();
		const custom = node.description.properties
			.filter((property) => property.displayOptions?.show?.resource?.[0] === 'customObject' && ['additionalFields', 'updateFields'].includes(property.name))
			.map((collection) => (collection.options as INodeProperties[]).find((option) => option.name === 'custom'));
		expect(custom.length).toBeGreaterThan(3);
		for (const field of custom) {
			const name = (field?.options?.[0] as { values: INodeProperties[] }).values.find((value) => value.name === 'name');
			expect(name?.typeOptions?.loadOptionsDependsOn).toEqual(['resource', 'klassName']);
		}
	});

	it('every loadOptionsMethod the form names exists', async () => {
		const { node } = await loadPackage();
		const methods = new Set((await allProperties()).map((property) => property.typeOptions?.loadOptionsMethod).filter(Boolean));
		expect([...methods].sort()).toEqual(['getCustomAttributes', 'getQueues', 'getTags', 'getTeams', 'getUsers']);
		for (const method of methods) expect(node.methods?.loadOptions?.[method!]).toBeInstanceOf(Function);
	});

	it.each(['create', 'update', 'bulkCreate', 'bulkUpdate'])('%s offers the custom attribute names and the user/team/queue dropdowns', async (operation) => {
		const { node } = await loadPackage();
		const collection = node.description.properties.find(
			(property) =>
				['additionalFields', 'updateFields'].includes(property.name) &&
				property.displayOptions?.show?.resource?.[0] === 'conversation' &&
				property.displayOptions?.show?.operation?.[0] === operation,
		);
		const option = (name: string) => (collection?.options as INodeProperties[]).find((property) => property.name === name);
		const customName = (option('custom')?.options?.[0] as { values: INodeProperties[] }).values.find((value) => value.name === 'name');
		expect(customName).toMatchObject({ type: 'options', typeOptions: { loadOptionsMethod: 'getCustomAttributes', loadOptionsDependsOn: ['resource'] } });
		expect(option('assignedUsers')).toMatchObject({ displayName: 'Assigned User Names or IDs', type: 'multiOptions', default: [], typeOptions: { loadOptionsMethod: 'getUsers' } });
		expect(option('assignedTeams')).toMatchObject({ type: 'multiOptions', typeOptions: { loadOptionsMethod: 'getTeams' } });
		const queueId = (option('queue')?.options?.[0] as { values: INodeProperties[] }).values[0];
		expect(queueId).toMatchObject({ name: 'id', displayName: 'Queue Name or ID', type: 'options', typeOptions: { loadOptionsMethod: 'getQueues' } });
	});

	it('values picked from the dropdowns reach Kustomer as IDs and typed custom attributes', async () => {
		const id = mock().seed('conversation', { name: 'x' });
		await runKustomer({
			parameters: {
				resource: 'conversation',
				operation: 'update',
				conversationId: byId(id),
				updateFields: {
					assignedUsers: ['5f0a00000000000000000001', '5f0a00000000000000000002'],
					queue: { values: { id: '5f0c00000000000000000002' } },
					custom: { attribute: [{ name: 'refundAmountNum', value: '12.5' }, { name: 'escalatedBool', value: 'true' }] },
				},
			},
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(requestsTo(mock(), '/v1/')[0].body).toEqual({
			assignedUsers: ['5f0a00000000000000000001', '5f0a00000000000000000002'],
			queue: { id: '5f0c00000000000000000002' },
			custom: { refundAmountNum: 12.5, escalatedBool: true },
		});
	});
});

describe('the mapper columns (methods.resourceMapping.getColumns)', () => {
	it.each([
		['customer', {}, ['email', 'phone', 'name', 'externalId', 'company', 'tags'], 'tierStr', ['email', 'externalId', 'phone']],
		['company', {}, ['email', 'phone', 'name', 'externalId'], undefined, ['externalId']],
		['customObject', { klassName: 'order' }, ['title', 'externalId', 'description'], 'orderNumberStr', ['externalId']],
	])('%s: its attributes, its custom attributes, and its match keys', async (resource, extra, standard, custom, matchable) => {
		const { node } = await loadPackage();
		const parameters = { resource, operation: 'upsert', ...extra } as INodeParameters;
		const { fields } = await node.methods!.resourceMapping!.getColumns.call(await dropdownContext(parameters));
		const ids = fields.map((field) => field.id);
		expect(ids).toEqual(expect.arrayContaining(standard));
		if (custom) expect(fields.find((field) => field.id === custom)).toMatchObject({ type: 'string', display: true });
		expect(fields.filter((field) => field.canBeUsedToMatch).map((field) => field.id).sort()).toEqual([...matchable].sort());
		expect(fields.filter((field) => field.defaultMatch).map((field) => field.id)).toEqual([matchable[0]]);
	});

	it('for a create, marks what the create needs as required columns; for an upsert, nothing', async () => {
		const { node } = await loadPackage();
		const required = async (resource: string, operation: string) => {
			const context = await dropdownContext({ resource, operation } as INodeParameters);
			const { fields } = await node.methods!.resourceMapping!.getColumns.call(context);
			return fields.filter((field) => field.required).map((field) => field.id);
		};
		expect(await required('conversation', 'bulkCreate')).toEqual(['customer']);
		expect(await required('company', 'create')).toEqual(['name']);
		expect(await required('company', 'upsert')).toEqual([]);
	});
});
