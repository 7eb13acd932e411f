import { credentialTestRequest, loadPackage, runKustomer } from './support/n8n';
import { API_KEY, byId, credentialsFor, requestsTo, RESOURCES, useMockKustomer, type ResourceNames } from './support/kustomer';

const mock = useMockKustomer();

const resources: Array<
	ResourceNames & {
		seed: Record<string, unknown>;
		updateFields: Record<string, unknown>;
		expectedBody: Record<string, unknown>;
	}
> = [
	{
		...RESOURCES.conversation,
		seed: { name: 'Where is order 4417?', status: 'open', priority: 2 },
		updateFields: { status: 'done', priority: 5, tags: 'vip, refund', assignedUsers: '6650c2f1a3b4c5d6e7f80b01' },
		expectedBody: { status: 'done', priority: 5, tags: ['vip', 'refund'], assignedUsers: ['6650c2f1a3b4c5d6e7f80b01'] },
	},
	{
		...RESOURCES.message,
		seed: { channel: 'email', app: 'acme-inbox', direction: 'in', preview: 'old' },
		updateFields: { preview: 'My parcel has not arrived.', status: 'received', sentAt: '2025-05-20T14:01:58Z' },
		expectedBody: { preview: 'My parcel has not arrived.', status: 'received', sentAt: '2025-05-20T14:01:58.000Z' },
	},
	{
		...RESOURCES.customer,
		seed: { name: 'Jo Rivera' },
		updateFields: {
			name: 'Jo R.',
			emails: { values: [{ email: 'jo@example.com', type: 'work', verified: true }] },
			custom: { attribute: [{ name: 'tierStr', value: 'gold' }, { name: 'lifetimeValueNum', value: '1200.5' }] },
		},
		expectedBody: {
			name: 'Jo R.',
			emails: [{ email: 'jo@example.com', type: 'work', verified: true }],
			custom: { tierStr: 'gold', lifetimeValueNum: 1200.5 },
		},
	},
];

describe.each(resources)('Update $resource', ({ resource, plural, idParameter, seed, updateFields, expectedBody }) => {
	it('sends PUT /v1/<resource>/{id} with the Bearer key and the fields, and outputs the flat record', async () => {
		const id = mock().seed(resource, { ...seed });
		const { items, error } = await runKustomer({
			parameters: { resource, operation: 'update', [idParameter]: byId(id), updateFields: { ...updateFields } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		const [request] = requestsTo(mock(), `/v1/${plural}`);
		expect(request.method).toBe('PUT');
		expect(request.path).toBe(`/v1/${plural}/${id}`);
		expect(request.query).toEqual({ replace: 'false' });
		expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(request.body).toEqual(expectedBody);
		expect(items).toHaveLength(1);
		expect(items[0].json.id).toBe(id);
		expect(items[0].json).toMatchObject(JSON.parse(JSON.stringify(expectedBody)));
		expect(items[0].json).not.toHaveProperty('attributes');
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('takes the ID as a plain string, a URL and an expression over several items', async () => {
		const ids = [mock().seed(resource, { ...seed }), mock().seed(resource, { ...seed }), mock().seed(resource, { ...seed })];
		const { items } = await runKustomer({
			parameters: {
				resource,
				operation: 'update',
				[idParameter]: '={{ $json.recordId }}',
				updateFields: { externalId: '={{ "ext-" + $json.n }}' },
			},
			items: ids.map((recordId, n) => ({ recordId, n })),
			credentials: credentialsFor(mock()),
		});
		const sent = requestsTo(mock(), `/v1/${plural}/`);
		expect(sent.map((request) => request.path).sort()).toEqual(ids.map((id) => `/v1/${plural}/${id}`).sort());
		expect(sent.map((request) => (request.body as { externalId: string }).externalId).sort()).toEqual(['ext-0', 'ext-1', 'ext-2']);
		expect(items.map((item) => item.json.id)).toEqual(ids);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		mock().requests.length = 0;
		const url =
			resource === 'conversation'
				? `https://acme.kustomerapp.com/app/customers/6650c2e9a3b4c5d6e7f808aa/event/${ids[0]}`
				: `https://acme.kustomerapp.com/app/${plural}/${ids[0]}`;
		await runKustomer({
			parameters: { resource, operation: 'update', [idParameter]: { __rl: true, mode: 'url', value: url }, updateFields: { externalId: 'x' } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(requestsTo(mock(), `/v1/${plural}/`)[0].path).toBe(`/v1/${plural}/${ids[0]}`);
	});

	it('sends replace=true when Replace All Attributes is on', async () => {
		const id = mock().seed(resource, { ...seed });
		await runKustomer({
			parameters: { resource, operation: 'update', [idParameter]: byId(id), replace: true, updateFields: { externalId: 'e-1' } },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(requestsTo(mock(), `/v1/${plural}/`)[0].query).toEqual({ replace: 'true' });
	});
});

describe('Update: input checks send nothing', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['an empty ID', { conversationId: '={{ $json.missing }}', updateFields: { status: 'done' } }, /Conversation ID: is empty/],
		['a malformed ID', { conversationId: '../users', updateFields: { status: 'done' } }, /not a Kustomer ID/],
		['a priority outside 1-5', { conversationId: byId('6650c2f1a3b4c5d6e7f80911'), updateFields: { priority: 7 } }, /Priority: 7 is outside 1 to 5/],
		[
			'a custom attribute without a type suffix',
			{ conversationId: byId('6650c2f1a3b4c5d6e7f80911'), updateFields: { custom: { attribute: [{ name: 'favoriteColor', value: 'red' }] } } },
			/Custom Attributes "favoriteColor".*type suffix|ends in its type/,
		],
		['no fields at all', { conversationId: byId('6650c2f1a3b4c5d6e7f80911'), updateFields: {} }, /nothing to update/],
		[
			'more than 10 assigned users',
			{
				conversationId: byId('6650c2f1a3b4c5d6e7f80911'),
				updateFields: { assignedUsers: Array.from({ length: 11 }, (_, i) => `6650c2f1a3b4c5d6e7f80b${String(i).padStart(2, '0')}`).join(',') },
			},
			/at most 10/,
		],
		['an invalid date', { conversationId: byId('6650c2f1a3b4c5d6e7f80911'), advancedFields: { endedAt: 'yesterday-ish' } }, /not a date/],
	];

	it.each(cases)('refuses %s with a message naming the field', async (_name, parameters, message) => {
		const { error, items } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'update', ...parameters },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toMatch(message);
		expect(items).toHaveLength(0);
		expect(requestsTo(mock(), '/v1/conversations')).toHaveLength(0);
	});

	it('with Continue On Fail gives an error item for the bad item and updates the good one', async () => {
		const id = mock().seed('conversation', { status: 'open' });
		const { items, error } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'update', conversationId: '={{ $json.id }}', updateFields: { priority: '={{ $json.priority }}' } },
			items: [{ id, priority: 9 }, { id, priority: 4 }],
			credentials: credentialsFor(mock()),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0].json.error).toMatch(/Priority: 9 is outside 1 to 5/);
		expect(items[1].json).toMatchObject({ id, priority: 4 });
		expect(requestsTo(mock(), '/v1/conversations')).toHaveLength(1);
	});
});

describe('Update: Kustomer errors become messages a person can act on', () => {
	const id = '6650c2f1a3b4c5d6e7f80911';
	const run = (continueOnFail = false) =>
		runKustomer({
			parameters: { resource: 'conversation', operation: 'update', conversationId: byId(id), updateFields: { status: 'done' } },
			items: [{}],
			credentials: credentialsFor(mock()),
			continueOnFail,
		});

	it('404 names the record', async () => {
		const { error } = await run();
		expect(error?.message).toBe(`Not found: conversations/${id}`);
	});

	it('400 gives Kustomer\'s reason and the field (JSON:API error shape)', async () => {
		mock().seed('conversation', { status: 'open' }, id);
		mock().addFault({
			kind: 'status',
			status: 400,
			body: { errors: [{ status: 400, code: 'bad_request', title: 'Bad Request', detail: 'must be one of open, snoozed, done', source: { pointer: '/status' } }] },
		});
		const { error } = await run();
		expect(error?.message).toBe('Kustomer rejected the request: must be one of open, snoozed, done (field: status)');
	});

	it('400 in the other error shape ({code, message}) is read too', async () => {
		mock().addFault({ kind: 'status', status: 400, body: { errors: [{ code: 'bad_request', message: 'Invalid request body or parameters.' }] } });
		const { error } = await run();
		expect(error?.message).toBe('Kustomer rejected the request: Invalid request body or parameters.');
	});

	it('403 names the role the key lacks', async () => {
		mock().addFault({ kind: 'status', status: 403, body: { errors: [{ code: 'forbidden', message: 'Forbidden' }] } });
		const { error } = await run();
		expect(error?.message).toBe('The API key lacks the role org.permission.conversation.update (legacy org.user.conversation.write)');
	});

	it('401 points at the credential and the role', async () => {
		const { error } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'update', conversationId: byId(id), updateFields: { status: 'done' } },
			items: [{}],
			credentials: { ...credentialsFor(mock()), apiKey: 'wrong-key' },
		});
		expect(error?.message).toBe('Kustomer did not accept the API key');
		expect(error?.description).toMatch(/org\.permission\.conversation\.update/);
	});

	it('a wrong region says to change the region', async () => {
		mock().addFault({
			kind: 'status',
			status: 401,
			body: { errors: [{ status: 401, code: 'unauthorized', title: 'Unauthorized', detail: 'Auth token associated with pod prod2 but request is being handled by prod1' }] },
		});
		const { error } = await run();
		expect(error?.message).toBe('The API key belongs to another Kustomer region');
		expect(error?.description).toMatch(/Change Region/);
	});

	it('with Continue On Fail the error becomes the item', async () => {
		const { items, error } = await run(true);
		expect(error).toBeUndefined();
		// The item keeps what to do and which record, not only the message.
		expect(items).toEqual([
			expect.objectContaining({ json: { error: `Not found: conversations/${id}`, id, description: expect.stringMatching(/^Kustomer said: /) } }),
		]);
	});

	it('with "Continue (using error output)" the failed item leaves by the error output', async () => {
		const { items, errorItems } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'update', conversationId: id, updateFields: { status: 'done' } },
			items: [{}],
			credentials: credentialsFor(mock()),
			onError: 'continueErrorOutput',
		});
		expect(items).toHaveLength(0);
		expect(errorItems.map((item) => item.json)).toEqual([
			{ error: `Not found: conversations/${id}`, details: { id, description: expect.any(String) } },
		]);
	});

	it('no error ever shows the API key', async () => {
		const { error } = await run();
		expect(JSON.stringify({ message: error?.message, description: error?.description, error })).not.toContain(API_KEY);
	});
});

describe('Credential', () => {
	it('Test sends GET /v1/auth/tokens/current with the Bearer key to the chosen host', async () => {
		const request = await credentialTestRequest(credentialsFor(mock()));
		const response = await fetch(request.url, { method: request.method, headers: request.headers });
		expect(response.status).toBe(200);
		expect(requestsTo(mock(), '/v1/auth')).toEqual([
			expect.objectContaining({ method: 'GET', path: '/v1/auth/tokens/current', headers: expect.objectContaining({ authorization: `Bearer ${API_KEY}` }) }),
		]);
	});

	it('the node sends its requests to the same host as the credential test', async () => {
		const { node, credential } = await loadPackage();
		expect(node.description.requestDefaults?.baseURL).toBe(credential.test?.request.baseURL);
	});
});

describe('Update at volume', () => {
	it('paces every item on the org budget instead of running into 429s, and loses none', async () => {
		mock().setOptions({ rateLimit: { limit: 10, windowMs: 1000 } });
		const ids = Array.from({ length: 30 }, () => mock().seed('customer', { name: 'before' }));
		const started = Date.now();
		const { items, error } = await runKustomer({
			parameters: { resource: 'customer', operation: 'update', customerId: '={{ $json.id }}', updateFields: { name: 'after' } },
			items: ids.map((id) => ({ id })),
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(ids);
		expect(mock().stats.rateLimited).toBe(0);
		expect(requestsTo(mock(), '/v1/customers/')).toHaveLength(30);
		// 30 requests at 10 a window need the start of a third window.
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
	});
});
