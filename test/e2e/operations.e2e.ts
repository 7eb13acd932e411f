/**
 * Every operation of the Kustomer node, run by the real n8n app (its CLI: import:credentials,
 * import:workflow, execute) against the mock Kustomer API; a guard test fails when the built node offers
 * an operation that has no case here. The package is installed from its `npm pack`
 * tarball as a community package, so the node type is the one users get: n8n-nodes-kustomer.kustomer.
 *
 * All workflows are imported at once (each n8n command boots n8n, about 5 s); each test then seeds the
 * mock with fixed IDs, runs its workflow with `n8n execute --id=… --rawOutput` and checks what reached
 * the mock and what came out of the node.
 */
import { join } from 'path';

import { TEAMS, USERS, type MockKustomer } from '../mock-kustomer';
import { RESOURCES as RESOURCE_NAMES } from '../support/kustomer';
import type { ExecuteOutcome, ExecutionResult } from './support/n8n';
import { executionDiagnostics, useKustomerInN8n } from './support/sandbox';
import { API_KEY, errorOf, kustomerWorkflow, outputOf, pairedIndexes, type KustomerStep } from './support/workflows';

/** A fixed 24-hex Kustomer ID: `hexId('c', 3)` → 'c00000000000000000000003'. */
const hexId = (prefix: string, n: number) => prefix + String(n).padStart(23 - prefix.length + 1, '0');
const ids = (prefix: string, count: number, from = 1) => Array.from({ length: count }, (_, i) => hexId(prefix, from + i));

const CUSTOMERS = ids('c0', 3);
const CONVERSATIONS = ids('a0', 3);
const MESSAGES = ids('e0', 3);
const STALE = ids('b0', 250);

interface Case {
	name: string;
	steps: KustomerStep[];
	seed?: (mock: MockKustomer) => void;
	/** Default: the execution must succeed. */
	expectFailure?: boolean;
	check: (result: ExecutionResult, mock: MockKustomer, outcome: ExecuteOutcome) => void;
}

const requestsTo = (mock: MockKustomer, method: string, path: string | RegExp) =>
	mock.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

function seedBasics(mock: MockKustomer) {
	CUSTOMERS.forEach((id, i) => mock.seed('customer', { name: `Customer ${i}` }, id));
	CONVERSATIONS.forEach((id, i) =>
		mock.seed('conversation', { name: `Conversation ${i}`, customer: CUSTOMERS[i], status: 'open' }, id),
	);
	MESSAGES.forEach((id, i) =>
		mock.seed(
			'message',
			{ conversation: CONVERSATIONS[i], customer: CUSTOMERS[i], channel: 'email', app: 'postmark', direction: 'in' },
			id,
		),
	);
}

const RESOURCES = [
	{ ...RESOURCE_NAMES.conversation, ids: CONVERSATIONS },
	{ ...RESOURCE_NAMES.customer, ids: CUSTOMERS },
	{ ...RESOURCE_NAMES.message, ids: MESSAGES },
];

/** A change each resource accepts on update, and what the record then shows. */
const CHANGE: Record<string, Record<string, unknown>> = {
	conversation: { status: 'done', priority: 4 },
	customer: { name: 'Renamed', externalId: 'ext-9' },
	message: { status: 'sent' },
};

const cases: Case[] = [
	{
		name: 'update: PUT /v1/<resource>/<id> for conversation, customer and message (string and resource-locator IDs)',
		seed: seedBasics,
		steps: RESOURCES.map(({ resource, idParameter, ids: recordIds }, i) => ({
			name: `Update ${resource}`,
			items: [{ id: recordIds[0] }],
			parameters: {
				resource,
				operation: 'update',
				// Alternate the two forms the contract allows: a plain string and a resource locator.
				[idParameter]: i % 2 === 0 ? '={{ $json.id }}' : rl('={{ $json.id }}'),
				updateFields: CHANGE[resource],
			},
		})),
		check: (result, mock) => {
			for (const { resource, plural, ids: recordIds } of RESOURCES) {
				const puts = requestsTo(mock, 'PUT', `/v1/${plural}/${recordIds[0]}`);
				expect(puts).toHaveLength(1);
				expect(puts[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
				expect(puts[0].body).toEqual(CHANGE[resource]);
				const out = outputOf(result, `Update ${resource}`);
				expect(out).toHaveLength(1);
				expect(out[0].json).toMatchObject({ id: recordIds[0], ...CHANGE[resource] });
				expect(pairedIndexes(out[0])).toEqual([0]);
			}
		},
	},
	{
		name: 'update: one request and one output item per input item, paired in order',
		seed: seedBasics,
		steps: [
			{
				name: 'Rename customers',
				items: CUSTOMERS.map((id, i) => ({ id, newName: `Name ${i}` })),
				parameters: {
					resource: 'customer',
					operation: 'update',
					customerId: rl('={{ $json.id }}'),
					updateFields: { name: '={{ $json.newName }}' },
				},
			},
		],
		check: (result, mock) => {
			expect(requestsTo(mock, 'PUT', /^\/v1\/customers\/[0-9a-f]{24}$/)).toHaveLength(3);
			const out = outputOf(result, 'Rename customers');
			expect(out.map((item) => item.json.id)).toEqual(CUSTOMERS);
			expect(out.map((item) => item.json.name)).toEqual(['Name 0', 'Name 1', 'Name 2']);
			expect(out.map(pairedIndexes)).toEqual([[0], [1], [2]]);
		},
	},
	{
		name: 'update: custom attributes picked by name travel as Kustomer\'s custom object, typed by their suffix',
		seed: seedBasics,
		steps: [
			{
				name: 'Set custom attributes',
				items: [{ id: CUSTOMERS[2], tier: 'gold', orders: '12' }],
				parameters: {
					resource: 'customer',
					operation: 'update',
					customerId: rl('={{ $json.id }}'),
					updateFields: {
						custom: {
							attribute: [
								{ name: 'tierStr', value: '={{ $json.tier }}' },
								{ name: 'ordersNum', value: '={{ $json.orders }}' },
								{ name: 'vipBool', value: 'true' },
							],
						},
					},
				},
			},
		],
		check: (result, mock) => {
			const puts = requestsTo(mock, 'PUT', `/v1/customers/${CUSTOMERS[2]}`);
			expect(puts.map((r) => r.body)).toEqual([{ custom: { tierStr: 'gold', ordersNum: 12, vipBool: true } }]);
			const out = outputOf(result, 'Set custom attributes');
			expect(out).toHaveLength(1);
			expect(out[0].json).toMatchObject({ id: CUSTOMERS[2], custom: { tierStr: 'gold', ordersNum: 12, vipBool: true } });
		},
	},
	{
		name: 'update: an unknown ID fails the execution with Kustomer\'s error',
		seed: seedBasics,
		expectFailure: true,
		steps: [
			{
				name: 'Update missing',
				items: [{ id: hexId('f0', 1) }],
				parameters: { resource: 'customer', operation: 'update', customerId: '={{ $json.id }}', updateFields: { name: 'x' } },
			},
		],
		check: (result) => {
			const error = errorOf(result, 'Update missing') ?? result.data.resultData.error;
			expect(error).toBeDefined();
			expect(`${error!.message} ${error!.description ?? ''}`).toMatch(/not found|404|does not exist/i);
		},
	},
	{
		name: 'update with Continue On Fail: a bad item comes out as { error }, the others are updated',
		seed: seedBasics,
		steps: [
			{
				name: 'Update some',
				items: [{ id: CUSTOMERS[0] }, { id: 'not-an-id' }, { id: hexId('f0', 2) }, { id: CUSTOMERS[1] }],
				settings: { onError: 'continueRegularOutput' },
				parameters: { resource: 'customer', operation: 'update', customerId: '={{ $json.id }}', updateFields: { name: 'ok' } },
			},
		],
		check: (result, mock) => {
			const out = outputOf(result, 'Update some');
			expect(out).toHaveLength(4);
			expect(out[0].json).toMatchObject({ id: CUSTOMERS[0], name: 'ok' });
			expect(out[1].json.error).toEqual(expect.any(String));
			expect(out[2].json.error).toEqual(expect.any(String));
			expect(out[3].json).toMatchObject({ id: CUSTOMERS[1], name: 'ok' });
			// The malformed ID never reached Kustomer.
			expect(requestsTo(mock, 'PUT', /not-an-id/)).toHaveLength(0);
		},
	},
	...RESOURCES.map(
		({ resource, plural, idParameter, ids: recordIds }): Case => ({
			name: `bulkUpdate perItem (${resource}): all items in one PUT /v1/${plural}/bulk, one output item per record`,
			seed: seedBasics,
			steps: [
				{
					name: `Bulk update ${resource}`,
					items: recordIds.map((id, i) => ({ id, n: i })),
					parameters: {
						resource,
						operation: 'bulkUpdate',
						updateMode: 'perItem',
						[idParameter]: rl('={{ $json.id }}'),
						updateFields: resource === 'customer' ? { name: '=Bulk {{ $json.n }}' } : CHANGE[resource],
					},
				},
			],
			check: (result, mock) => {
				const submits = requestsTo(mock, 'PUT', `/v1/${plural}/bulk`);
				expect(submits).toHaveLength(1);
				expect(submits[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
				const expected = recordIds.map((id, i) => ({
					id,
					...(resource === 'customer' ? { name: `Bulk ${i}` } : CHANGE[resource]),
				}));
				expect(submits[0].body).toEqual(expected.map((record) => expect.objectContaining(record)));
				const out = outputOf(result, `Bulk update ${resource}`);
				expect(out).toHaveLength(3);
				out.forEach((item, i) => {
					expect(item.json).toMatchObject({ id: recordIds[i], status: 'updated' });
					expect(pairedIndexes(item)).toEqual([i]);
				});
				// The records really changed in the mock.
				for (const record of expected) {
					const stored = mock.store[resource].get(record.id)!;
					const { id, ...attributes } = record;
					void id;
					expect(stored.attributes).toMatchObject(attributes);
				}
			},
		}),
	),
	...RESOURCES.map(
		({ resource, plural, ids: recordIds }): Case => ({
			name: `bulkUpdate sameForAll (${resource}): IDs from one comma-separated string, PUT /v1/${plural}/bulk?ids=…`,
			seed: seedBasics,
			steps: [
				{
					name: `Same change ${resource}`,
					items: [{ list: recordIds.join(', ') }],
					parameters: {
						resource,
						operation: 'bulkUpdate',
						updateMode: 'sameForAll',
						ids: '={{ $json.list }}',
						updateFields: CHANGE[resource],
					},
				},
			],
			check: (result, mock) => {
				const submits = requestsTo(mock, 'PUT', `/v1/${plural}/bulk`);
				expect(submits).toHaveLength(1);
				expect(submits[0].query.ids.split(',')).toEqual(recordIds);
				const body = Array.isArray(submits[0].body) ? (submits[0].body as unknown[])[0] : submits[0].body;
				expect(body).toEqual(CHANGE[resource]);
				const out = outputOf(result, `Same change ${resource}`);
				expect(out.map((item) => item.json.id)).toEqual(recordIds);
				out.forEach((item) => {
					expect(item.json.status).toBe('updated');
					expect(pairedIndexes(item)).toEqual([0]);
				});
			},
		}),
	),
	{
		name: 'bulkUpdate sameForAll: 250 IDs on 250 items (ids = {{ $json.id }}) travel as 3 requests, one output item per ID',
		seed: (mock) => STALE.forEach((id, i) => mock.seed('conversation', { name: `Stale ${i}`, customer: CUSTOMERS[0], status: 'open' }, id)),
		steps: [
			{
				name: 'Close stale',
				items: STALE.map((id) => ({ id })),
				parameters: {
					resource: 'conversation',
					operation: 'bulkUpdate',
					updateMode: 'sameForAll',
					ids: '={{ $json.id }}',
					updateFields: { status: 'done' },
				},
			},
		],
		check: (result, mock) => {
			const submits = requestsTo(mock, 'PUT', '/v1/conversations/bulk');
			// The requests are in flight together and may reach the mock in any order.
			expect(submits.map((r) => r.query.ids.split(',').length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
			expect(submits.flatMap((r) => r.query.ids.split(',')).sort()).toEqual([...STALE].sort());
			const out = outputOf(result, 'Close stale');
			expect(out).toHaveLength(250);
			out.forEach((item, i) => {
				expect(item.json).toMatchObject({ id: STALE[i], status: 'updated' });
				expect(pairedIndexes(item)).toEqual([i]);
			});
			expect([...mock.store.conversation.values()].filter((c) => c.attributes.status === 'done')).toHaveLength(250);
		},
	},
	{
		name: 'bulkCreate customer: POST /v1/customers/bulk with the Additional Fields, one output item per record',
		steps: [
			{
				name: 'Create customers',
				items: [
					{ name: 'Ada', email: 'ada@example.com', ext: 'ext-1' },
					{ name: 'Grace', email: 'grace@example.com', ext: 'ext-2' },
				],
				parameters: {
					resource: 'customer',
					operation: 'bulkCreate',
					additionalFields: {
						name: '={{ $json.name }}',
						externalId: '={{ $json.ext }}',
						emails: { values: [{ email: '={{ $json.email }}', type: 'work' }] },
					},
				},
			},
		],
		check: (result, mock) => {
			const submits = requestsTo(mock, 'POST', '/v1/customers/bulk');
			expect(submits).toHaveLength(1);
			const body = submits[0].body as Array<Record<string, unknown>>;
			expect(body).toHaveLength(2);
			expect(body[0]).toMatchObject({ name: 'Ada', externalId: 'ext-1', emails: [{ email: 'ada@example.com', type: 'work' }] });
			expect(body[1]).toMatchObject({ name: 'Grace', externalId: 'ext-2' });
			const out = outputOf(result, 'Create customers');
			expect(out).toHaveLength(2);
			out.forEach((item, i) => {
				expect(item.json.status).toBe('created');
				expect(item.json.id).toMatch(/^[0-9a-f]{24}$/);
				expect(pairedIndexes(item)).toEqual([i]);
				expect(mock.store.customer.get(item.json.id)?.attributes.name).toBe(['Ada', 'Grace'][i]);
			});
		},
	},
	{
		name: 'bulkCreate conversation: customerId plus Additional Fields, POST /v1/conversations/bulk',
		seed: seedBasics,
		steps: [
			{
				name: 'Create conversations',
				items: CUSTOMERS.map((customer, i) => ({ customer, subject: `Subject ${i}` })),
				parameters: {
					resource: 'conversation',
					operation: 'bulkCreate',
					customerId: '={{ $json.customer }}',
					additionalFields: { name: '={{ $json.subject }}', status: 'open', priority: 2 },
				},
			},
		],
		check: (result, mock) => {
			const submits = requestsTo(mock, 'POST', '/v1/conversations/bulk');
			expect(submits).toHaveLength(1);
			expect(submits[0].body).toEqual(
				CUSTOMERS.map((customer, i) => expect.objectContaining({ customer, name: `Subject ${i}`, status: 'open', priority: 2 })),
			);
			const out = outputOf(result, 'Create conversations');
			expect(out.map((item) => item.json.status)).toEqual(['created', 'created', 'created']);
			expect(out.map(pairedIndexes)).toEqual([[0], [1], [2]]);
		},
	},
	{
		name: 'bulkCreate message: channel, app, direction plus Additional Fields, POST /v1/messages/bulk',
		seed: seedBasics,
		steps: [
			{
				name: 'Create messages',
				items: CONVERSATIONS.map((conversation, i) => ({ conversation, customer: CUSTOMERS[i], text: `Hello ${i}` })),
				parameters: {
					resource: 'message',
					operation: 'bulkCreate',
					channel: 'email',
					app: 'postmark',
					direction: 'out',
					additionalFields: {
						conversation: '={{ $json.conversation }}',
						customer: '={{ $json.customer }}',
						preview: '={{ $json.text }}',
						subject: 'Hi',
					},
				},
			},
		],
		check: (result, mock) => {
			const submits = requestsTo(mock, 'POST', '/v1/messages/bulk');
			expect(submits).toHaveLength(1);
			expect(submits[0].body).toEqual(
				CONVERSATIONS.map((conversation, i) =>
					expect.objectContaining({
						channel: 'email',
						app: 'postmark',
						direction: 'out',
						conversation,
						customer: CUSTOMERS[i],
						preview: `Hello ${i}`,
						subject: 'Hi',
					}),
				),
			);
			const out = outputOf(result, 'Create messages');
			expect(out.map((item) => item.json.status)).toEqual(['created', 'created', 'created']);
		},
	},
	{
		name: 'bulkCreate with Batch Size 2: 5 items become 3 requests; without Wait for Completion one item per bulk job',
		steps: [
			{
				name: 'Create in batches',
				items: Array.from({ length: 5 }, (_, i) => ({ name: `Batch ${i}` })),
				parameters: {
					resource: 'customer',
					operation: 'bulkCreate',
					additionalFields: { name: '={{ $json.name }}' },
					options: { batchSize: 2, waitForCompletion: false },
				},
			},
		],
		check: (result, mock) => {
			const submits = requestsTo(mock, 'POST', '/v1/customers/bulk');
			// n8n may see the submits in any order (they are in flight together); the output keeps submit order.
			expect(submits.map((r) => (r.body as unknown[]).length).sort()).toEqual([1, 2, 2]);
			expect(requestsTo(mock, 'GET', /^\/v1\/bulk\//)).toHaveLength(0);
			const out = outputOf(result, 'Create in batches');
			expect(out).toHaveLength(3);
			out.forEach((item) => {
				// The contract says "its id"; the node names it bulkId (reported, accepted here).
				expect(item.json.bulkId ?? item.json.id).toMatch(/^[0-9a-f]{24}$/);
				expect(item.json.status).toBe('queued');
			});
			expect(out.map((item) => item.json.records)).toEqual([2, 2, 1]);
			expect(out.map(pairedIndexes)).toEqual([[0, 1], [2, 3], [4]]);
		},
	},
	{
		name: 'bulkUpdate: a record Kustomer rejects comes out with status error and its text; the others are updated',
		seed: (mock) => {
			seedBasics(mock);
			mock.failRecordsWhere((_resource, record) => (record.name === 'Bad' ? 'name is reserved' : undefined));
		},
		steps: [
			{
				name: 'Bulk with a bad record',
				items: CUSTOMERS.map((id, i) => ({ id, name: i === 1 ? 'Bad' : `Good ${i}` })),
				settings: { onError: 'continueRegularOutput' },
				parameters: {
					resource: 'customer',
					operation: 'bulkUpdate',
					updateMode: 'perItem',
					customerId: rl('={{ $json.id }}'),
					updateFields: { name: '={{ $json.name }}' },
				},
			},
		],
		check: (result) => {
			const out = outputOf(result, 'Bulk with a bad record');
			expect(out).toHaveLength(3);
			expect(out[0].json).toMatchObject({ id: CUSTOMERS[0], status: 'updated' });
			expect(out[1].json).toMatchObject({ id: CUSTOMERS[1], status: 'error' });
			expect(String(out[1].json.error)).toContain('name is reserved');
			expect(out[2].json).toMatchObject({ id: CUSTOMERS[2], status: 'updated' });
			expect(out.map(pairedIndexes)).toEqual([[0], [1], [2]]);
		},
	},
];


const MANY = ids('d0', 250);

/** Operations beyond the contract's three: create, get, get many, delete, search, add/remove tags. */
cases.push(
	{
		name: 'create: POST /v1/customers and /v1/conversations, and a message POSTed into its conversation; one record out per item',
		seed: seedBasics,
		steps: [
			{
				name: 'Create customer',
				items: [{ name: 'Ada' }, { name: 'Grace' }],
				parameters: {
					resource: 'customer',
					operation: 'create',
					additionalFields: { name: '={{ $json.name }}', emails: { values: [{ email: 'x@example.com', type: 'work' }] } },
				},
			},
			{
				name: 'Create conversation',
				items: [{ customer: CUSTOMERS[0] }],
				parameters: {
					resource: 'conversation',
					operation: 'create',
					customerId: '={{ $json.customer }}',
					additionalFields: { name: 'New one', priority: 3 },
				},
			},
			{
				name: 'Create message',
				items: [{ conversation: CONVERSATIONS[1] }],
				parameters: {
					resource: 'message',
					operation: 'create',
					conversationId: rl('={{ $json.conversation }}'),
					channel: 'email',
					app: 'postmark',
					direction: 'out',
					additionalFields: { preview: 'Hello there', subject: 'Hi' },
				},
			},
		],
		check: (result, mock) => {
			const customerPosts = requestsTo(mock, 'POST', '/v1/customers');
			// n8n's router sends the items' requests concurrently: they may reach Kustomer in any order.
			expect(customerPosts).toHaveLength(2);
			expect(customerPosts.map((r) => r.body)).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ name: 'Ada', emails: [expect.objectContaining({ email: 'x@example.com', type: 'work' })] }),
					expect.objectContaining({ name: 'Grace' }),
				]),
			);
			const customers = outputOf(result, 'Create customer');
			expect(customers.map((item) => item.json.name)).toEqual(['Ada', 'Grace']);
			customers.forEach((item) => expect(mock.store.customer.has(item.json.id)).toBe(true));

			expect(requestsTo(mock, 'POST', '/v1/conversations')[0]?.body).toEqual(
				expect.objectContaining({ customer: CUSTOMERS[0], name: 'New one', priority: 3 }),
			);
			expect(outputOf(result, 'Create conversation')[0].json).toMatchObject({ name: 'New one', customer: CUSTOMERS[0] });

			const messagePosts = requestsTo(mock, 'POST', `/v1/conversations/${CONVERSATIONS[1]}/messages`);
			expect(messagePosts).toHaveLength(1);
			expect(messagePosts[0].body).toEqual(
				expect.objectContaining({ channel: 'email', app: 'postmark', direction: 'out', preview: 'Hello there', subject: 'Hi' }),
			);
			expect(outputOf(result, 'Create message')[0].json).toMatchObject({ conversation: CONVERSATIONS[1], preview: 'Hello there' });
		},
	},
	{
		name: 'get: by ID (Simplify on and off), customer by email and external ID, conversation by external ID, message by ID',
		seed: (mock) => {
			seedBasics(mock);
			mock.seed('customer', { name: 'Lookup', externalId: 'crm-77', emails: [{ email: 'look@example.com', type: 'work' }], locale: 'en_US' }, hexId('c1', 1));
			mock.seed('conversation', { name: 'By ext', customer: CUSTOMERS[0], externalId: 'conv-ext-1' }, hexId('a1', 1));
		},
		steps: [
			{
				name: 'Get customer simple',
				items: [{ id: hexId('c1', 1) }],
				parameters: { resource: 'customer', operation: 'get', getBy: 'id', customerId: rl('={{ $json.id }}') },
			},
			{
				name: 'Get customer raw',
				items: [{ id: hexId('c1', 1) }],
				parameters: { resource: 'customer', operation: 'get', getBy: 'id', customerId: rl('={{ $json.id }}'), simple: false },
			},
			{
				name: 'Get customer by email',
				items: [{ email: 'look@example.com' }],
				parameters: { resource: 'customer', operation: 'get', getBy: 'email', email: '={{ $json.email }}' },
			},
			{
				name: 'Get customer by external ID',
				items: [{}],
				parameters: { resource: 'customer', operation: 'get', getBy: 'externalId', externalId: 'crm-77' },
			},
			{
				name: 'Get conversation by external ID',
				items: [{}],
				parameters: { resource: 'conversation', operation: 'get', getBy: 'externalId', externalId: 'conv-ext-1' },
			},
			{
				name: 'Get message',
				items: [{ id: MESSAGES[2] }],
				parameters: { resource: 'message', operation: 'get', messageId: rl('={{ $json.id }}') },
			},
		],
		check: (result, mock) => {
			const simple = outputOf(result, 'Get customer simple')[0].json;
			expect(simple).toMatchObject({ id: hexId('c1', 1), name: 'Lookup', email: 'look@example.com', externalId: 'crm-77' });
			expect(simple.locale).toBeUndefined();
			expect(outputOf(result, 'Get customer raw')[0].json).toMatchObject({ id: hexId('c1', 1), locale: 'en_US' });
			expect(outputOf(result, 'Get customer by email')[0].json.id).toBe(hexId('c1', 1));
			expect(outputOf(result, 'Get customer by external ID')[0].json.id).toBe(hexId('c1', 1));
			expect(outputOf(result, 'Get conversation by external ID')[0].json).toMatchObject({ id: hexId('a1', 1), name: 'By ext' });
			expect(outputOf(result, 'Get message')[0].json).toMatchObject({ id: MESSAGES[2], conversation: CONVERSATIONS[2] });
			expect(requestsTo(mock, 'GET', /^\/v1\/customers\/email=look(%40|@)example\.com$/)).toHaveLength(1);
			expect(requestsTo(mock, 'GET', '/v1/customers/externalId=crm-77')).toHaveLength(1);
			expect(requestsTo(mock, 'GET', '/v1/conversations/externalId=conv-ext-1')).toHaveLength(1);
		},
	},
	{
		name: 'get with Return Nothing If Not Found: the missing record gives no item, the others come out',
		seed: seedBasics,
		steps: [
			{
				name: 'Get some',
				items: [{ id: CUSTOMERS[0] }, { id: hexId('f0', 9) }, { id: CUSTOMERS[2] }],
				parameters: {
					resource: 'customer',
					operation: 'get',
					getBy: 'id',
					customerId: rl('={{ $json.id }}'),
					options: { returnNothingIfNotFound: true },
				},
			},
		],
		check: (result) => {
			expect(outputOf(result, 'Get some').map((item) => item.json.id)).toEqual([CUSTOMERS[0], CUSTOMERS[2]]);
		},
	},
	{
		name: 'getAll: Limit 150 of 250 customers over pages, Return All, conversations of a customer, messages in a conversation',
		seed: (mock) => {
			seedBasics(mock);
			MANY.forEach((id, i) => mock.seed('customer', { name: `Many ${i}` }, id));
		},
		steps: [
			{
				name: 'List 150 customers',
				items: [{}],
				parameters: { resource: 'customer', operation: 'getAll', returnAll: false, limit: 150 },
			},
			{
				name: 'List all customers',
				items: [{}],
				parameters: { resource: 'customer', operation: 'getAll', returnAll: true },
			},
			{
				name: 'Conversations of a customer',
				items: [{ customer: CUSTOMERS[1] }],
				parameters: { resource: 'conversation', operation: 'getAll', scope: 'customer', customerId: rl('={{ $json.customer }}'), returnAll: true },
			},
			{
				name: 'Messages in a conversation',
				items: [{ conversation: CONVERSATIONS[2] }],
				parameters: {
					resource: 'message',
					operation: 'getAll',
					scope: 'conversation',
					conversationId: rl('={{ $json.conversation }}'),
					returnAll: true,
				},
			},
		],
		check: (result, mock) => {
			const limited = outputOf(result, 'List 150 customers');
			expect(limited).toHaveLength(150);
			expect(new Set(limited.map((item) => item.json.id)).size).toBe(150);
			const all = outputOf(result, 'List all customers');
			expect(all).toHaveLength(253);
			expect(new Set(all.map((item) => item.json.id)).size).toBe(253);
			expect(requestsTo(mock, 'GET', '/v1/customers').length).toBeGreaterThanOrEqual(2 + 3);
			expect(outputOf(result, 'Conversations of a customer').map((item) => item.json.id)).toEqual([CONVERSATIONS[1]]);
			expect(requestsTo(mock, 'GET', `/v1/customers/${CUSTOMERS[1]}/conversations`).length).toBeGreaterThanOrEqual(1);
			expect(outputOf(result, 'Messages in a conversation').map((item) => item.json.id)).toEqual([MESSAGES[2]]);
			expect(requestsTo(mock, 'GET', `/v1/conversations/${CONVERSATIONS[2]}/messages`).length).toBeGreaterThanOrEqual(1);
		},
	},
	{
		name: 'delete: DELETE /v1/conversations/<id> and /v1/customers/<id>, output { deleted: true, id }',
		seed: seedBasics,
		steps: [
			{
				name: 'Delete conversation',
				items: [{ id: CONVERSATIONS[0] }],
				parameters: { resource: 'conversation', operation: 'delete', conversationId: rl('={{ $json.id }}') },
			},
			{
				name: 'Delete customer',
				items: [{ id: CUSTOMERS[2] }],
				parameters: { resource: 'customer', operation: 'delete', customerId: '={{ $json.id }}' },
			},
		],
		check: (result, mock) => {
			expect(requestsTo(mock, 'DELETE', `/v1/conversations/${CONVERSATIONS[0]}`)).toHaveLength(1);
			expect(requestsTo(mock, 'DELETE', `/v1/customers/${CUSTOMERS[2]}`)).toHaveLength(1);
			expect(outputOf(result, 'Delete conversation')[0].json).toEqual({ deleted: true, id: CONVERSATIONS[0] });
			expect(outputOf(result, 'Delete customer')[0].json).toEqual({ deleted: true, id: CUSTOMERS[2] });
			expect(mock.store.conversation.has(CONVERSATIONS[0])).toBe(false);
			expect(mock.store.customer.has(CUSTOMERS[2])).toBe(false);
		},
	},
	{
		name: 'search (customer): filters become POST /v1/customers/search criteria; a JSON query is sent as given',
		seed: (mock) => {
			seedBasics(mock);
			mock.seed('customer', { name: 'Rivera One', emails: [{ email: 'one@example.com', type: 'work' }] }, hexId('c2', 1));
			mock.seed('customer', { name: 'Rivera Two', custom: { tierStr: 'gold' } }, hexId('c2', 2));
		},
		steps: [
			{
				name: 'Search by filters',
				items: [{}],
				parameters: { resource: 'customer', operation: 'search', define: 'filters', filters: { nameContains: 'Rivera' }, returnAll: true },
			},
			{
				name: 'Search by JSON',
				items: [{}],
				parameters: {
					resource: 'customer',
					operation: 'search',
					define: 'json',
					query: JSON.stringify({ and: [{ customer_custom_tierStr: { equals: 'gold' } }] }),
					returnAll: true,
				},
			},
		],
		check: (result, mock) => {
			const searches = requestsTo(mock, 'POST', '/v1/customers/search');
			expect(searches[0].body).toMatchObject({ queryContext: 'customer', and: [{ customer_name: { contains: 'Rivera' } }] });
			expect(outputOf(result, 'Search by filters').map((item) => item.json.id).sort()).toEqual([hexId('c2', 1), hexId('c2', 2)]);
			expect(searches[searches.length - 1].body).toMatchObject({
				queryContext: 'customer',
				and: [{ customer_custom_tierStr: { equals: 'gold' } }],
			});
			expect(outputOf(result, 'Search by JSON').map((item) => item.json.id)).toEqual([hexId('c2', 2)]);
		},
	},
	{
		name: 'search (conversation, message): the form filters become conversation_* and message_* criteria of Kustomer\'s one search',
		seed: (mock) => {
			seedBasics(mock);
			mock.seed('conversation', { name: 'Closed one', customer: CUSTOMERS[0], status: 'done' }, hexId('c3', 1));
			mock.seed(
				'message',
				{ conversation: CONVERSATIONS[0], customer: CUSTOMERS[0], channel: 'sms', app: 'twilio', direction: 'in' },
				hexId('c3', 2),
			);
		},
		steps: [
			{
				name: 'Search conversations',
				items: [{}],
				parameters: { resource: 'conversation', operation: 'search', define: 'filters', filters: { status: 'done' }, returnAll: true },
			},
			{
				name: 'Search messages',
				items: [{}],
				parameters: { resource: 'message', operation: 'search', define: 'filters', filters: { channel: 'sms' }, returnAll: true },
			},
		],
		check: (result, mock) => {
			const bodies = requestsTo(mock, 'POST', '/v1/customers/search').map((request) => request.body);
			expect(bodies).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ queryContext: 'conversation', and: [{ conversation_status: { equals: 'done' } }] }),
					expect.objectContaining({ queryContext: 'message', and: [{ message_channel: { equals: 'sms' } }] }),
				]),
			);
			expect(outputOf(result, 'Search conversations').map((item) => item.json.id)).toEqual([hexId('c3', 1)]);
			expect(outputOf(result, 'Search messages').map((item) => item.json.id)).toEqual([hexId('c3', 2)]);
		},
	},
	{
		name: 'addTags / removeTags (conversation): POST and DELETE /v1/conversations/<id>/tags with the tag names',
		seed: seedBasics,
		steps: [
			{
				name: 'Add tags',
				items: [{ id: CONVERSATIONS[0] }],
				parameters: { resource: 'conversation', operation: 'addTags', conversationId: rl('={{ $json.id }}'), tags: ['vip', 'refund'] },
			},
			{
				name: 'Remove tags',
				items: [{ id: CONVERSATIONS[0] }],
				parameters: { resource: 'conversation', operation: 'removeTags', conversationId: rl('={{ $json.id }}'), tags: ['vip'] },
			},
		],
		check: (result, mock) => {
			expect(requestsTo(mock, 'POST', `/v1/conversations/${CONVERSATIONS[0]}/tags`)[0]?.body).toEqual(['vip', 'refund']);
			expect(requestsTo(mock, 'DELETE', `/v1/conversations/${CONVERSATIONS[0]}/tags`)[0]?.body).toEqual(['vip']);
			// Each outputs the conversation as Kustomer returned it after the change.
			expect(outputOf(result, 'Add tags')[0].json).toMatchObject({ id: CONVERSATIONS[0], tags: ['vip', 'refund'] });
			expect(outputOf(result, 'Remove tags')[0].json).toMatchObject({ id: CONVERSATIONS[0], tags: ['refund'] });
		},
	},
	{
		name: 'addNote (conversation): POST /v1/conversations/<id>/notes with the text and the mentioned users and teams',
		seed: seedBasics,
		steps: [
			{
				name: 'Add note',
				items: [{ id: CONVERSATIONS[1], text: 'Customer called back, see order 1234' }],
				parameters: {
					resource: 'conversation',
					operation: 'addNote',
					conversationId: rl('={{ $json.id }}'),
					note: '={{ $json.text }}',
					mentionUsers: [USERS[0].id],
					mentionTeams: [TEAMS[0].id],
				},
			},
		],
		check: (result, mock) => {
			const posts = requestsTo(mock, 'POST', `/v1/conversations/${CONVERSATIONS[1]}/notes`);
			expect(posts).toHaveLength(1);
			expect(posts[0].body).toEqual({
				body: 'Customer called back, see order 1234',
				userMentions: [{ user: USERS[0].id }, { team: TEAMS[0].id }],
			});
			expect(outputOf(result, 'Add note')[0].json).toMatchObject({ body: 'Customer called back, see order 1234' });
		},
	},
	{
		name: 'bulkUpdate with Continue On Fail: a bulk request Kustomer refuses gives one error item per record, paired',
		seed: (mock) => {
			seedBasics(mock);
			mock.addFault({ method: 'PUT', path: '/v1/customers/bulk', kind: 'status', status: 400, times: Infinity });
		},
		steps: [
			{
				name: 'Bulk refused, continue',
				items: CUSTOMERS.map((id) => ({ id })),
				settings: { onError: 'continueRegularOutput' },
				parameters: { resource: 'customer', operation: 'bulkUpdate', customerId: rl('={{ $json.id }}'), updateFields: { name: 'x' } },
			},
		],
		check: (result) => {
			const out = outputOf(result, 'Bulk refused, continue');
			expect(out).toHaveLength(3);
			out.forEach((item, i) => {
				expect(item.json).toMatchObject({ id: CUSTOMERS[i], status: 'error' });
				expect(String(item.json.error).length).toBeGreaterThan(0);
				expect(pairedIndexes(item)).toEqual([i]);
			});
		},
	},
	{
		name: 'bulkUpdate without Continue On Fail: a bulk request Kustomer refuses fails the execution, naming the request',
		seed: (mock) => {
			seedBasics(mock);
			mock.addFault({ method: 'PUT', path: '/v1/customers/bulk', kind: 'status', status: 400, times: Infinity });
		},
		expectFailure: true,
		steps: [
			{
				name: 'Bulk refused',
				items: CUSTOMERS.map((id) => ({ id })),
				parameters: { resource: 'customer', operation: 'bulkUpdate', customerId: rl('={{ $json.id }}'), updateFields: { name: 'x' } },
			},
		],
		check: (result) => {
			const error = errorOf(result, 'Bulk refused') ?? result.data.resultData.error;
			expect(error?.message).toMatch(/bulk request/i);
		},
	},
);

// Kustomer's wider data model: one workflow per resource that creates, reads, updates and bulk-updates.
const ORDERS = ids('d0', 4);
const COMPANIES = ids('f1', 3);
const NOTES = ids('ab', 3);
const kinds = (out: Array<{ json: Record<string, unknown> }>) => out.map((item) => item.json.status);

cases.push(
	{
		name: 'customObject: create, get, list, update, delete, bulk create, bulk update and bulk delete objects of a Klass',
		seed: (mock) => {
			seedBasics(mock);
			ORDERS.forEach((id, i) => mock.seed('kobject', { title: `Order ${i}`, klass: 'order', customer: CUSTOMERS[0], externalId: `shop-${i}` }, id));
		},
		steps: [
			{
				name: 'Create order',
				items: [{ n: 7 }],
				parameters: {
					resource: 'customObject',
					operation: 'create',
					klassName: { __rl: true, mode: 'list', value: 'order', cachedResultName: 'Order (order)' },
					title: '=Order {{ $json.n }}',
					additionalFields: { customer: CUSTOMERS[1], importedAt: '2025-01-01T00:00:00Z' },
				},
			},
			{
				name: 'Get order',
				items: [{}],
				parameters: { resource: 'customObject', operation: 'get', klassName: 'order', getBy: 'externalId', externalId: 'shop-1' },
			},
			{
				name: 'List orders',
				items: [{}],
				parameters: { resource: 'customObject', operation: 'getAll', klassName: 'order', scope: 'customer', customerId: rl(CUSTOMERS[0]), returnAll: true },
			},
			{
				name: 'Update order',
				items: [{}],
				parameters: { resource: 'customObject', operation: 'update', klassName: 'order', customObjectId: rl(ORDERS[0]), updateFields: { title: 'Shipped' } },
			},
			{
				name: 'Delete order',
				items: [{}],
				parameters: { resource: 'customObject', operation: 'delete', klassName: 'order', customObjectId: ORDERS[1] },
			},
			{
				name: 'Bulk create orders',
				items: [{ n: 1 }, { n: 2 }],
				parameters: { resource: 'customObject', operation: 'bulkCreate', klassName: 'order', title: '=Bulk {{ $json.n }}' },
			},
			{
				name: 'Bulk update orders',
				items: [{ list: `${ORDERS[2]},${ORDERS[3]}` }],
				parameters: { resource: 'customObject', operation: 'bulkUpdate', klassName: 'order', updateMode: 'sameForAll', ids: '={{ $json.list }}', updateFields: { icon: 'box' } },
			},
			{
				name: 'Bulk delete orders',
				items: [{ id: ORDERS[3] }],
				parameters: { resource: 'customObject', operation: 'bulkDelete', klassName: 'order', ids: '={{ $json.id }}' },
			},
		],
		check: (result, mock) => {
			expect(requestsTo(mock, 'POST', '/v1/klasses/order')[0].body).toEqual({ title: 'Order 7', customer: CUSTOMERS[1], importedAt: '2025-01-01T00:00:00.000Z' });
			expect(outputOf(result, 'Create order')[0].json).toMatchObject({ title: 'Order 7', klass: 'order' });
			expect(outputOf(result, 'Get order')[0].json).toMatchObject({ id: ORDERS[1], externalId: 'shop-1' });
			expect(requestsTo(mock, 'GET', `/v1/customers/${CUSTOMERS[0]}/klasses/order`)).toHaveLength(1);
			expect(outputOf(result, 'List orders').map((item) => item.json.id).sort()).toEqual([...ORDERS].sort());
			expect(requestsTo(mock, 'PUT', `/v1/klasses/order/${ORDERS[0]}`)[0].body).toEqual({ title: 'Shipped' });
			expect(outputOf(result, 'Update order')[0].json).toMatchObject({ id: ORDERS[0], title: 'Shipped' });
			expect(outputOf(result, 'Delete order')[0].json).toEqual({ deleted: true, id: ORDERS[1] });
			expect(kinds(outputOf(result, 'Bulk create orders'))).toEqual(['created', 'created']);
			expect(requestsTo(mock, 'PUT', '/v1/klasses/order/bulk')[0].query).toEqual({ ids: `${ORDERS[2]},${ORDERS[3]}` });
			expect(kinds(outputOf(result, 'Bulk update orders'))).toEqual(['updated', 'updated']);
			expect(mock.store.kobject.get(ORDERS[2])?.attributes.icon).toBe('box');
			expect(requestsTo(mock, 'DELETE', '/v1/klasses/order/bulk')[0].query).toEqual({ ids: ORDERS[3] });
			const deleted = outputOf(result, 'Bulk delete orders');
			expect(deleted.map((item) => [item.json.id, item.json.status, pairedIndexes(item)])).toEqual([[ORDERS[3], 'deleted', [0]]]);
		},
	},
	{
		name: 'company: create, get, list, update (mark deleted), bulk create and bulk update (same changes as records)',
		seed: (mock) => COMPANIES.forEach((id, i) => mock.seed('company', { name: `Company ${i}` }, id)),
		steps: [
			{
				name: 'Create company',
				items: [{ name: 'Acme Inc.' }],
				parameters: { resource: 'company', operation: 'create', name: '={{ $json.name }}', additionalFields: { externalId: 'crm-1' } },
			},
			{ name: 'Get company', items: [{}], parameters: { resource: 'company', operation: 'get', companyId: rl(COMPANIES[0]) } },
			{ name: 'List companies', items: [{}], parameters: { resource: 'company', operation: 'getAll', limit: 2 } },
			{
				name: 'Update company',
				items: [{}],
				parameters: { resource: 'company', operation: 'update', companyId: COMPANIES[1], updateFields: { deleted: true } },
			},
			{
				name: 'Bulk create companies',
				items: [{ n: 1 }, { n: 2 }],
				parameters: { resource: 'company', operation: 'bulkCreate', name: '=Bulk {{ $json.n }}' },
			},
			{
				name: 'Bulk update companies',
				items: [{ ids: [COMPANIES[0], COMPANIES[2]] }],
				parameters: { resource: 'company', operation: 'bulkUpdate', updateMode: 'sameForAll', ids: '={{ $json.ids }}', updateFields: { employeeCount: 12 } },
			},
		],
		check: (result, mock) => {
			expect(requestsTo(mock, 'POST', '/v1/companies')[0].body).toEqual({ name: 'Acme Inc.', externalId: 'crm-1' });
			expect(outputOf(result, 'Create company')[0].json).toMatchObject({ name: 'Acme Inc.' });
			expect(outputOf(result, 'Get company')[0].json).toMatchObject({ id: COMPANIES[0], name: 'Company 0' });
			expect(outputOf(result, 'List companies')).toHaveLength(2);
			expect(outputOf(result, 'Update company')[0].json).toMatchObject({ id: COMPANIES[1], deleted: true });
			expect(kinds(outputOf(result, 'Bulk create companies'))).toEqual(['created', 'created']);
			const [submit] = requestsTo(mock, 'PUT', '/v1/companies/bulk');
			expect(submit.query).toEqual({});
			expect(submit.body).toEqual([
				expect.objectContaining({ id: COMPANIES[0], employeeCount: 12 }),
				expect.objectContaining({ id: COMPANIES[2], employeeCount: 12 }),
			]);
			const updated = outputOf(result, 'Bulk update companies');
			expect(updated.map((item) => [item.json.id, item.json.status, pairedIndexes(item)])).toEqual([
				[COMPANIES[0], 'updated', [0]],
				[COMPANIES[2], 'updated', [0]],
			]);
		},
	},
	{
		name: 'note: create in a conversation, get, list a conversation\'s notes, update (PATCH), delete, bulk create and bulk update',
		seed: (mock) => {
			seedBasics(mock);
			NOTES.forEach((id, i) => mock.seed('note', { body: `Note ${i}`, conversation: CONVERSATIONS[0] }, id));
		},
		steps: [
			{
				name: 'Create note',
				items: [{ text: 'Called back' }],
				parameters: { resource: 'note', operation: 'create', conversationId: rl(CONVERSATIONS[1]), body: '={{ $json.text }}' },
			},
			{ name: 'Get note', items: [{}], parameters: { resource: 'note', operation: 'get', noteId: rl(NOTES[0]) } },
			{
				name: 'List notes',
				items: [{}],
				parameters: { resource: 'note', operation: 'getAll', scope: 'conversation', conversationId: rl(CONVERSATIONS[0]), returnAll: true },
			},
			{ name: 'Update note', items: [{}], parameters: { resource: 'note', operation: 'update', noteId: NOTES[1], updateFields: { body: 'Edited' } } },
			{ name: 'Delete note', items: [{}], parameters: { resource: 'note', operation: 'delete', noteId: rl(NOTES[2]) } },
			{
				name: 'Bulk create notes',
				items: [{ text: 'a' }, { text: 'b' }],
				parameters: { resource: 'note', operation: 'bulkCreate', conversationId: rl(CONVERSATIONS[2]), body: '={{ $json.text }}' },
			},
			{
				name: 'Bulk update notes',
				items: [{ id: NOTES[0] }, { id: NOTES[1] }],
				parameters: { resource: 'note', operation: 'bulkUpdate', noteId: '={{ $json.id }}', updateFields: { lang: 'en' } },
			},
		],
		check: (result, mock) => {
			expect(requestsTo(mock, 'POST', `/v1/conversations/${CONVERSATIONS[1]}/notes`)[0].body).toEqual({ conversation: CONVERSATIONS[1], body: 'Called back' });
			expect(outputOf(result, 'Create note')[0].json).toMatchObject({ body: 'Called back', conversation: CONVERSATIONS[1] });
			expect(outputOf(result, 'Get note')[0].json).toMatchObject({ id: NOTES[0], body: 'Note 0' });
			expect(outputOf(result, 'List notes').map((item) => item.json.id).sort()).toEqual([...NOTES].sort());
			expect(requestsTo(mock, 'PATCH', `/v1/notes/${NOTES[1]}`)[0].body).toEqual({ body: 'Edited' });
			expect(outputOf(result, 'Delete note')[0].json).toEqual({ deleted: true, id: NOTES[2] });
			expect(requestsTo(mock, 'POST', '/v1/notes/bulk')[0].body).toEqual([
				expect.objectContaining({ conversation: CONVERSATIONS[2], body: 'a' }),
				expect.objectContaining({ conversation: CONVERSATIONS[2], body: 'b' }),
			]);
			expect(kinds(outputOf(result, 'Bulk create notes'))).toEqual(['created', 'created']);
			expect(kinds(outputOf(result, 'Bulk update notes'))).toEqual(['updated', 'updated']);
			expect(mock.store.note.get(NOTES[0])?.attributes.lang).toBe('en');
		},
	},
	{
		name: 'bulkDelete (customer): DELETE /v1/customers/bulk?ids=…, one output item per ID, paired',
		seed: seedBasics,
		steps: [
			{
				name: 'Bulk delete customers',
				items: [{ id: CUSTOMERS[0] }, { id: CUSTOMERS[1] }],
				parameters: { resource: 'customer', operation: 'bulkDelete', ids: '={{ $json.id }}' },
			},
		],
		check: (result, mock) => {
			expect(requestsTo(mock, 'DELETE', '/v1/customers/bulk')[0].query).toEqual({ ids: `${CUSTOMERS[0]},${CUSTOMERS[1]}` });
			const out = outputOf(result, 'Bulk delete customers');
			expect(out.map((item) => [item.json.id, item.json.status, pairedIndexes(item)])).toEqual([
				[CUSTOMERS[0], 'deleted', [0]],
				[CUSTOMERS[1], 'deleted', [1]],
			]);
			expect(mock.store.customer.has(CUSTOMERS[0])).toBe(false);
		},
	},
);

// Upsert: the resource mapper's value as the editor saves it; Map Automatically reads the input fields.
const UPSERT_EXISTING = ids('c1', 50);
const byEmail = (n: number) => `person${n}@example.com`;
const mapped = (matchOn: string, value: Record<string, unknown> | null = null) => ({
	mappingMode: value ? 'defineBelow' : 'autoMapInputData',
	value,
	matchingColumns: [matchOn],
	schema: [],
});

cases.push(
	{
		name: 'customer bulkUpsert: 100 rows by email, half existing, two rows sharing an email; then a single upsert',
		seed: (mock) => UPSERT_EXISTING.forEach((id, n) => mock.seed('customer', { name: 'Before', emails: [{ email: byEmail(n) }] }, id)),
		steps: [
			{
				name: 'Import customers',
				items: [...Array.from({ length: 100 }, (_, n) => ({ email: byEmail(n), name: `Person ${n}` })), { email: byEmail(99), name: 'Person 99 again' }],
				parameters: { resource: 'customer', operation: 'bulkUpsert', columns: mapped('email') },
			},
			{
				name: 'Upsert one customer',
				items: [{ phone: '+14155550123' }],
				parameters: { resource: 'customer', operation: 'upsert', columns: mapped('email', { email: byEmail(0), name: 'Only one' }) },
			},
		],
		check: (result, mock) => {
			const out = outputOf(result, 'Import customers');
			expect(out).toHaveLength(101);
			expect(out.map(pairedIndexes)).toEqual(out.map((_, n) => [n]));
			expect(kinds(out)).toEqual([...Array(50).fill('updated'), ...Array(51).fill('created')]);
			expect(out.slice(0, 50).map((item) => item.json.id)).toEqual(UPSERT_EXISTING);
			expect(out[100].json.id).toBe(out[99].json.id);
			expect(mock.store.customer.size).toBe(100);
			expect(requestsTo(mock, 'POST', '/v1/customers/search')).toHaveLength(5 + 1);
			expect(requestsTo(mock, 'PUT', '/v1/customers/bulk')).toHaveLength(1);
			expect(requestsTo(mock, 'POST', '/v1/customers/bulk')).toHaveLength(1);
			const [one] = outputOf(result, 'Upsert one customer');
			expect(one.json).toMatchObject({ id: UPSERT_EXISTING[0], name: 'Only one', upsert: 'updated' });
			expect(requestsTo(mock, 'PATCH', `/v1/customers/${UPSERT_EXISTING[0]}`)).toHaveLength(1);
		},
	},
	{
		name: 'company and customObject upsert and bulkUpsert by external ID',
		seed: (mock) => {
			mock.seed('company', { name: 'Acme', externalId: 'co-1' }, COMPANIES[0]);
			mock.seed('kobject', { title: 'Order 1', klass: 'order', externalId: 'ord-1' }, ORDERS[0]);
		},
		steps: [
			{
				name: 'Upsert company',
				items: [{ externalId: 'co-1', name: 'Acme Inc.' }],
				parameters: { resource: 'company', operation: 'upsert', columns: mapped('externalId') },
			},
			{
				name: 'Bulk upsert companies',
				items: [{ externalId: 'co-1', name: 'Acme Corp' }, { externalId: 'co-2', name: 'Globex' }],
				parameters: { resource: 'company', operation: 'bulkUpsert', columns: mapped('externalId') },
			},
			{
				name: 'Upsert order',
				items: [{ externalId: 'ord-2', title: 'Order 2', orderNumberStr: 'A-2' }],
				parameters: { resource: 'customObject', operation: 'upsert', klassName: 'order', columns: mapped('externalId') },
			},
			{
				name: 'Bulk upsert orders',
				items: [{ externalId: 'ord-1', title: 'Order 1 shipped' }, { externalId: 'ord-3', title: 'Order 3' }],
				parameters: { resource: 'customObject', operation: 'bulkUpsert', klassName: 'order', columns: mapped('externalId') },
			},
		],
		check: (result, mock) => {
			expect(outputOf(result, 'Upsert company')[0].json).toMatchObject({ id: COMPANIES[0], upsert: 'updated', name: 'Acme Inc.' });
			expect(kinds(outputOf(result, 'Bulk upsert companies'))).toEqual(['updated', 'created']);
			expect(mock.store.company.get(COMPANIES[0])!.attributes.name).toBe('Acme Corp');
			expect(outputOf(result, 'Upsert order')[0].json).toMatchObject({ upsert: 'created', title: 'Order 2', custom: { orderNumberStr: 'A-2' } });
			expect(kinds(outputOf(result, 'Bulk upsert orders'))).toEqual(['updated', 'created']);
			expect(mock.store.kobject.get(ORDERS[0])!.attributes.title).toBe('Order 1 shipped');
			expect(mock.store.kobject.size).toBe(3);
		},
	},
	{
		name: 'customer bulkCreate and create by mapped columns (Define Fields: Map Columns), conversation bulkCreate with its customer column',
		seed: (mock) => mock.seed('customer', { name: 'Jo' }, CUSTOMERS[0]),
		steps: [
			{
				name: 'Import customers by columns',
				items: [
					{ name: 'Ada', email: 'ada@example.com', phone: '+14155550101', tierStr: 'gold' },
					{ name: 'Grace', email: 'grace@example.com', tierStr: 'silver' },
				],
				parameters: { resource: 'customer', operation: 'bulkCreate', fieldsInput: 'columns', columns: { ...mapped('email'), matchingColumns: [] } },
			},
			{
				name: 'Create one customer by columns',
				items: [{ fullName: 'Linus', mail: 'linus@example.com' }],
				parameters: {
					resource: 'customer',
					operation: 'create',
					fieldsInput: 'columns',
					columns: { ...mapped('email', { name: '={{ $json.fullName }}', email: '={{ $json.mail }}' }), matchingColumns: [] },
				},
			},
			{
				name: 'Import conversations by columns',
				items: [{ customer: CUSTOMERS[0], name: 'Refund' }],
				parameters: { resource: 'conversation', operation: 'bulkCreate', fieldsInput: 'columns', columns: { ...mapped('email'), matchingColumns: [] } },
			},
		],
		check: (result, mock) => {
			expect(kinds(outputOf(result, 'Import customers by columns'))).toEqual(['created', 'created']);
			expect(requestsTo(mock, 'POST', '/v1/customers/bulk')[0].body).toEqual([
				{ name: 'Ada', emails: [{ email: 'ada@example.com' }], phones: [{ phone: '+14155550101' }], custom: { tierStr: 'gold' }, _clientRef: 'n8n-item-0' },
				{ name: 'Grace', emails: [{ email: 'grace@example.com' }], custom: { tierStr: 'silver' }, _clientRef: 'n8n-item-1' },
			]);
			expect(requestsTo(mock, 'POST', '/v1/customers')[0].body).toEqual({ name: 'Linus', emails: [{ email: 'linus@example.com' }] });
			expect(kinds(outputOf(result, 'Import conversations by columns'))).toEqual(['created']);
			expect(requestsTo(mock, 'POST', '/v1/conversations/bulk')[0].body).toEqual([{ customer: CUSTOMERS[0], name: 'Refund', _clientRef: 'n8n-item-0' }]);
		},
	},
);

const workflowId = (index: number) => `kustomerE2eOp${String(index).padStart(3, '0')}`;

const env = useKustomerInN8n(({ n8n }) =>
	n8n.importWorkflows(cases.map((c, i) => kustomerWorkflow(workflowId(i), `e2e: ${c.name}`, c.steps))),
);

test('every operation of every resource in the packed node has a case here', () => {
	// The node as n8n loaded it: from the tarball installed in the sandbox, not from dist/, which may be
	// rebuilt while the suite runs. (jest.e2e.config.js lets it resolve n8n-workflow from the repository.)
	const installed = join(env.n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-kustomer');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Kustomer } = require(join(installed, 'dist', 'nodes', 'Kustomer', 'Kustomer.node.js'));
	const properties = new Kustomer().description.properties as Array<Record<string, any>>;
	const offered = properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => `${p.displayOptions.show.resource[0]}.${o.value}`));
	const covered = new Set(cases.flatMap((c) => c.steps.map((step) => `${step.parameters.resource}.${step.parameters.operation}`)));
	expect(offered.filter((operation) => !covered.has(operation))).toEqual([]);
	expect(offered.length).toBeGreaterThanOrEqual(9);
});

describe(`Kustomer node in n8n ${process.env.N8N_E2E_VERSION || '2.41.1'}`, () => {
	cases.forEach((c, index) => {
		test(c.name, async () => {
			env.mock.reset();
			c.seed?.(env.mock);
			const outcome = await env.n8n.execute(workflowId(index));
			const diagnostics = () => executionDiagnostics(outcome);
			if (!outcome.result) throw new Error(`n8n printed no execution\n${diagnostics()}`);
			if (!c.expectFailure && !outcome.ok) throw new Error(`the execution failed\n${diagnostics()}`);
			if (c.expectFailure && outcome.ok) throw new Error(`the execution should have failed\n${diagnostics()}`);
			c.check(outcome.result, env.mock, outcome);
		});
	});
});
