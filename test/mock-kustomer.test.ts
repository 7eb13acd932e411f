/**
 * Self-test of the in-process Kustomer mock, using Node's global fetch (no n8n).
 */
import { startMockKustomer, type MockKustomer, type MockKustomerOptions } from './mock-kustomer';

const KEY = 'test-api-key';
const HEX24 = /^[0-9a-f]{24}$/;

interface Reply {
	status: number;
	headers: Headers;
	text: string;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(
	mock: MockKustomer,
	method: string,
	path: string,
	body?: unknown,
	init: { key?: string | null; raw?: string; redirect?: 'follow' | 'manual'; signal?: AbortSignal } = {},
): Promise<Reply> {
	const headers: Record<string, string> = {};
	const key = init.key === undefined ? KEY : init.key;
	if (key !== null) headers.authorization = `Bearer ${key}`;
	let payload: string | undefined = init.raw;
	if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
	if (payload !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${mock.baseUrl}${path}`, {
		method,
		headers,
		body: payload,
		redirect: init.redirect ?? 'follow',
		signal: init.signal,
	});
	const text = await res.text();
	let parsed: unknown;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		parsed = undefined;
	}
	return { status: res.status, headers: res.headers, text, json: parsed };
}

async function withMock(options: MockKustomerOptions, fn: (m: MockKustomer) => Promise<void>): Promise<void> {
	const m = await startMockKustomer(options);
	try {
		await fn(m);
	} finally {
		await m.stop();
	}
}

describe('mock-kustomer', () => {
	let mock: MockKustomer;

	beforeAll(async () => {
		mock = await startMockKustomer();
	});
	afterAll(async () => {
		await mock.stop();
	});
	beforeEach(() => mock.reset());

	describe('auth', () => {
		it('rejects missing or wrong bearer tokens with 401', async () => {
			for (const key of [null, 'wrong-key']) {
				const r = await call(mock, 'GET', '/v1/customers', undefined, { key });
				expect(r.status).toBe(401);
				expect(r.headers.get('content-type')).toBe('application/json');
				expect(r.json).toEqual({
					errors: [{ status: 401, code: 'unauthorized', title: 'Unauthorized', detail: 'Invalid or expired token' }],
				});
			}
			expect(mock.requests).toHaveLength(2);
			expect(mock.stats.total).toBe(2);
		});

		it('describes the current token', async () => {
			const r = await call(mock, 'GET', '/v1/auth/tokens/current');
			expect(r.status).toBe(200);
			expect(r.json.data.type).toBe('token');
			expect(r.json.data.attributes.lastTokenChars).toBe('-key');
			expect(r.json.data.attributes.roles).toContain('org.permission.conversation.update');
			await withMock({ apiKey: 'abc123', roles: ['org.permission.customer.read'] }, async (m) => {
				const t = await call(m, 'GET', '/v1/auth/tokens/current', undefined, { key: 'abc123' });
				expect(t.json.data.attributes).toMatchObject({ roles: ['org.permission.customer.read'], lastTokenChars: 'c123' });
			});
		});
	});

	describe('CRUD', () => {
		it('creates, reads, patches, replaces and deletes a customer', async () => {
			const created = await call(mock, 'POST', '/v1/customers', {
				name: 'Jo Rivera',
				externalId: 'crm-1',
				emails: [{ email: 'Jo@Example.com', type: 'home' }],
				custom: { tierStr: 'gold', vipBool: true },
			});
			expect(created.status).toBe(201);
			const id: string = created.json.data.id;
			expect(id).toMatch(HEX24);
			expect(created.json.data).toMatchObject({
				type: 'customer',
				attributes: { name: 'Jo Rivera', rev: 1, custom: { tierStr: 'gold' } },
				links: { self: `/v1/customers/${id}` },
			});
			expect(typeof created.json.data.attributes.createdAt).toBe('string');

			const got = await call(mock, 'GET', `/v1/customers/${id}`);
			expect(got.json.data.attributes.name).toBe('Jo Rivera');

			const patched = await call(mock, 'PATCH', `/v1/customers/${id}`, { custom: { lifetimeValueNum: 12.5 } });
			expect(patched.status).toBe(200);
			expect(patched.json.data.attributes).toMatchObject({
				name: 'Jo Rivera',
				rev: 2,
				custom: { tierStr: 'gold', vipBool: true, lifetimeValueNum: 12.5 },
			});

			const merged = await call(mock, 'PUT', `/v1/customers/${id}`, { company: 'Acme' });
			expect(merged.json.data.attributes).toMatchObject({ name: 'Jo Rivera', company: 'Acme', rev: 3 });

			const replaced = await call(mock, 'PUT', `/v1/customers/${id}?replace=true`, { name: 'Jo R.' });
			expect(replaced.json.data.attributes.name).toBe('Jo R.');
			expect(replaced.json.data.attributes.company).toBeUndefined();
			expect(replaced.json.data.attributes.rev).toBe(4);

			const del = await call(mock, 'DELETE', `/v1/customers/${id}`);
			expect(del.status).toBe(204);
			expect(del.text).toBe('');
			expect(del.headers.get('content-type')).toBeNull();

			const missing = await call(mock, 'GET', `/v1/customers/${id}`);
			expect(missing.status).toBe(404);
			expect(missing.json.errors[0]).toMatchObject({ status: 404, code: 'not_found', detail: `customer ${id} not found` });
		});

		it('models conversations, messages, relationships and tags', async () => {
			const cust = mock.seed('customer', { name: 'A' });
			const other = mock.seed('customer', { name: 'B' });
			const conv = await call(mock, 'POST', '/v1/conversations', { customer: cust, name: 'Order 1', externalId: 'c-1' });
			expect(conv.status).toBe(201);
			const convId: string = conv.json.data.id;
			expect(conv.json.data.attributes.customer).toBeUndefined();
			expect(conv.json.data.attributes.status).toBe('open');
			expect(conv.json.data.relationships.customer.data).toEqual({ type: 'customer', id: cust });

			const msg = await call(mock, 'POST', `/v1/conversations/${convId}/messages`, {
				channel: 'email',
				app: 'postmark',
				preview: 'hi',
				externalId: 'm-1',
			});
			expect(msg.status).toBe(201);
			expect(msg.json.data.relationships.conversation.data.id).toBe(convId);
			expect(msg.json.data.relationships.customer.data.id).toBe(cust);
			const msgId: string = msg.json.data.id;

			const m2 = await call(mock, 'POST', '/v1/messages', { channel: 'sms', app: 'x', direction: 'out', conversation: convId });
			expect(m2.status).toBe(201);
			expect(m2.json.data.relationships.customer.data.id).toBe(cust);
			const noDir = await call(mock, 'POST', '/v1/messages', { channel: 'sms', app: 'x' });
			expect(noDir.status).toBe(400);
			expect(noDir.json.errors[0].source).toEqual({ pointer: '/direction' });

			expect((await call(mock, 'GET', `/v1/conversations/${convId}/messages`)).json.data).toHaveLength(2);
			expect((await call(mock, 'GET', `/v1/customers/${cust}/messages`)).json.data).toHaveLength(2);
			expect((await call(mock, 'GET', `/v1/customers/${cust}/conversations`)).json.data).toHaveLength(1);
			expect((await call(mock, 'GET', '/v1/conversations/externalId=c-1')).json.data.id).toBe(convId);
			expect((await call(mock, 'GET', '/v1/messages/externalid=m-1')).json.data.id).toBe(msgId);
			expect((await call(mock, 'GET', '/v1/messages/externalId=m-1')).json.data.id).toBe(msgId);
			expect((await call(mock, 'GET', '/v1/messages/externalId=nope')).status).toBe(404);

			const moved = await call(mock, 'PUT', `/v1/conversations/${convId}`, { customer: other });
			expect(moved.status).toBe(200);
			expect(moved.json.data.relationships.customer.data.id).toBe(other);
			expect((await call(mock, 'GET', `/v1/customers/${cust}/conversations`)).json.data).toHaveLength(0);
			const mixed = await call(mock, 'PUT', `/v1/conversations/${convId}`, { customer: cust, name: 'x' });
			expect(mixed.status).toBe(400);
			expect(mixed.json.errors[0]).toMatchObject({ detail: 'Unknown attribute customer', source: { pointer: '/customer' } });

			const tagged = await call(mock, 'POST', `/v1/conversations/${convId}/tags`, ['vip', 'refund']);
			expect(tagged.json.data.attributes.tags).toEqual(['vip', 'refund']);
			const again = await call(mock, 'POST', `/v1/conversations/${convId}/tags`, ['vip', 'late']);
			expect(again.json.data.attributes.tags).toEqual(['vip', 'refund', 'late']);
			const untagged = await call(mock, 'DELETE', `/v1/conversations/${convId}/tags`, ['refund']);
			expect(untagged.status).toBe(200);
			expect(untagged.json.data.attributes.tags).toEqual(['vip', 'late']);

			expect((await call(mock, 'DELETE', `/v1/messages/${msgId}`)).status).toBe(404);
			expect((await call(mock, 'GET', '/v1/nothing-here')).status).toBe(404);
			const snoozed = await call(mock, 'PATCH', `/v1/conversations/${convId}`, {
				status: 'snoozed',
				snooze: { status: 'scheduled', time: '2025-05-21T09:00:00.000Z' },
			});
			expect(snoozed.json.data.attributes.status).toBe('snoozed');
		});

		it('validates bodies with JSON pointers', async () => {
			const cust = mock.seed('customer', { name: 'A' });
			const cases: [string, string, unknown, string, RegExp?][] = [
				['POST', '/v1/customers', [{ name: 'x' }], '/'],
				['POST', '/v1/customers', { nickname: 'x' }, '/nickname', /Unknown attribute nickname/],
				['POST', '/v1/customers', { custom: { tier: 'x' } }, '/custom/tier'],
				['POST', '/v1/customers', { custom: { scoreNum: '3' } }, '/custom/scoreNum'],
				['POST', '/v1/customers', { custom: { renewalAt: 'soon' } }, '/custom/renewalAt'],
				['POST', '/v1/customers', { emails: [{ type: 'home' }] }, '/emails/0/email'],
				['POST', '/v1/customers', { gender: 'x' }, '/gender'],
				['POST', '/v1/conversations', { name: 'no customer' }, '/customer'],
				['POST', '/v1/conversations', { customer: 'abc' }, '/customer'],
				['POST', '/v1/conversations', { customer: cust, status: 'snoozed' }, '/status'],
				['POST', '/v1/conversations', { customer: cust, priority: 6 }, '/priority'],
				['POST', '/v1/conversations', { customer: cust, assignedUsers: ['nope'] }, '/assignedUsers/0'],
				['POST', '/v1/conversations', { customer: cust, tags: new Array(21).fill('t') }, '/tags'],
				['POST', '/v1/messages', { channel: 'fax', app: 'x', direction: 'in' }, '/channel'],
			];
			for (const [method, path, body, pointer, detail] of cases) {
				const r = await call(mock, method, path, body);
				expect({ path, body, status: r.status }).toEqual({ path, body, status: 400 });
				expect(r.json.errors[0]).toMatchObject({ status: 400, code: 'bad_request', title: 'Bad Request' });
				expect(r.json.errors[0].source.pointer).toBe(pointer);
				if (detail) expect(r.json.errors[0].detail).toMatch(detail);
			}
			const badJson = await call(mock, 'POST', '/v1/customers', undefined, { raw: '{nope' });
			expect(badJson.status).toBe(400);
			expect(mock.requests[mock.requests.length - 1].body).toBe('{nope');

			const big = await call(mock, 'POST', '/v1/customers', { name: 'x'.repeat(101 * 1024) });
			expect(big.status).toBe(413);
			expect(big.json).toEqual({ errors: [{ code: 'payload_too_large', message: 'Request body exceeds 100KB' }] });
			expect(mock.store.customer.size).toBe(1);
		});
	});

	describe('lists, lookups, search, fixtures', () => {
		it('paginates with links and customer totals', async () => {
			for (let i = 0; i < 250; i++) mock.seed('customer', { name: `c${i}` });
			const p1 = await call(mock, 'GET', '/v1/customers');
			expect(p1.json.meta).toEqual({ page: 1, pageSize: 100, total: 250, totalPages: 3 });
			expect(p1.json.data).toHaveLength(100);
			expect(p1.json.data[0].attributes.name).toBe('c249'); // newest first
			expect(p1.json.links).toMatchObject({
				self: '/v1/customers?page=1&pageSize=100',
				first: '/v1/customers?page=1&pageSize=100',
				prev: null,
				next: '/v1/customers?page=2&pageSize=100',
				last: '/v1/customers?page=3&pageSize=100',
			});
			let next: string | null = p1.json.links.next;
			const seen = new Set<string>(p1.json.data.map((d: { id: string }) => d.id));
			while (next) {
				const p = await call(mock, 'GET', next);
				for (const d of p.json.data) seen.add(d.id);
				next = p.json.links.next;
			}
			expect(seen.size).toBe(250);
			const p3 = await call(mock, 'GET', '/v1/customers?page=3&pageSize=100');
			expect(p3.json.data).toHaveLength(50);
			expect(p3.json.links.prev).toBe('/v1/customers?page=2&pageSize=100');
			const clamped = await call(mock, 'GET', '/v1/customers?pageSize=1000');
			expect(clamped.json.meta.pageSize).toBe(100);

			const cust = mock.seed('customer', {});
			for (let i = 0; i < 3; i++) mock.seed('conversation', { customer: cust, name: `v${i}` });
			const convs = await call(mock, 'GET', '/v1/conversations?pageSize=2');
			expect(convs.json.meta).toEqual({ page: 1, pageSize: 2 });
			expect(convs.json.links.next).toBe('/v1/conversations?page=2&pageSize=2');
			const asc = await call(mock, 'GET', '/v1/conversations?sort=asc');
			expect(asc.json.data[0].attributes.name).toBe('v0');
		});

		it('looks customers up by email, phone and externalId', async () => {
			const id = mock.seed('customer', {
				externalId: 'ext/1',
				emails: [{ email: 'jo+test@example.com' }],
				phones: [{ phone: '+14155550123' }],
			});
			for (const path of [
				`/v1/customers/email=${encodeURIComponent('jo+test@example.com')}`,
				`/v1/customers/email=${encodeURIComponent('JO+test@example.com')}`,
				`/v1/customers/phone=${encodeURIComponent('+14155550123')}`,
				`/v1/customers/externalId=${encodeURIComponent('ext/1')}`,
			]) {
				const r = await call(mock, 'GET', path);
				expect({ path, status: r.status, id: r.json.data?.id }).toEqual({ path, status: 200, id });
			}
			expect((await call(mock, 'GET', '/v1/customers/email=nobody%40example.com')).status).toBe(404);
		});

		it('searches with equals/contains, and/or and pagination', async () => {
			for (let i = 0; i < 30; i++) {
				mock.seed('customer', { name: `Person ${i}`, custom: { tierStr: i % 3 === 0 ? 'gold' : 'silver' } });
			}
			const cust = mock.seed('customer', { name: 'Owner' });
			mock.seed('conversation', { customer: cust, status: 'open' });
			mock.seed('conversation', { customer: cust, status: 'done' });

			const gold = await call(mock, 'POST', '/v1/customers/search?pageSize=4', {
				queryContext: 'customer',
				and: [{ customer_custom_tierStr: { equals: 'gold' } }],
			});
			expect(gold.status).toBe(200);
			expect(gold.json.meta).toMatchObject({ page: 1, pageSize: 4, total: 10, totalPages: 3 });
			expect(gold.json.links.next).toBe('/v1/customers/search?page=2&pageSize=4');

			const contains = await call(mock, 'POST', '/v1/customers/search', {
				queryContext: 'customer',
				or: [{ customer_name: { contains: 'person 1' } }, { customer_name: { equals: 'Owner' } }],
			});
			expect(contains.json.meta.total).toBe(12); // Person 1, 10..19, Owner

			const open = await call(mock, 'POST', '/v1/customers/search', {
				queryContext: 'conversation',
				and: [{ conversation_status: { equals: 'open' } }],
			});
			expect(open.json.meta.total).toBe(1);
			expect(open.json.data[0].type).toBe('conversation');

			const everything = await call(mock, 'POST', '/v1/customers/search', { queryContext: 'conversation' });
			expect(everything.json.meta.total).toBe(2);
			const bad = await call(mock, 'POST', '/v1/customers/search', { queryContext: 'planet' });
			expect(bad.status).toBe(400);
			expect(bad.json.errors[0].source.pointer).toBe('/queryContext');
		});

		it('serves users, teams, queues, tags and metadata', async () => {
			const users = await call(mock, 'GET', '/v1/users?pageSize=500');
			expect(users.json.meta.pageSize).toBe(500);
			expect(users.json.data[0].attributes).toHaveProperty('displayName');
			expect((await call(mock, 'GET', '/v1/teams')).json.data.length).toBeGreaterThan(0);
			const queues = await call(mock, 'GET', '/v1/routing/queues');
			expect(queues.json.data.find((q: any) => q.attributes.system === true).attributes.name).toBe('DEFAULT_QUEUE'); // eslint-disable-line @typescript-eslint/no-explicit-any
			expect((await call(mock, 'GET', '/v1/tags')).json.data[0].attributes.name).toBe('vip');
			const meta = await call(mock, 'GET', '/v1/metadata/customer');
			expect(meta.json.data).toMatchObject({ type: 'metadata', id: 'customer' });
			expect(meta.json.data.attributes.properties.planStr.enumeration).toHaveLength(2);
			expect((await call(mock, 'GET', '/v1/metadata/conversation')).json.data.id).toBe('conversation');
			expect((await call(mock, 'GET', '/v1/metadata/planet')).status).toBe(404);
		});
	});

	describe('bulk', () => {
		it('runs a bulk create job with _clientRef results', async () => {
			const cust = mock.seed('customer', { name: 'Owner' });
			mock.failRecordsWhere((resource, record) =>
				resource === 'conversation' && record.name === 'poison' ? 'Injected failure' : undefined,
			);
			const items: Record<string, unknown>[] = [];
			for (let i = 0; i < 60; i++) items.push({ _clientRef: `r${i}`, customer: cust, name: `n${i}` });
			items[3] = { _clientRef: 'r3', customer: cust, bogus: 1 };
			items[30] = { _clientRef: 'r30', customer: cust, name: 'poison' };
			const submit = await call(mock, 'POST', '/v1/conversations/bulk', items);
			expect(submit.status).toBe(201);
			const jobId: string = submit.json.data.id;
			expect(submit.json.data).toEqual({
				type: 'bulk',
				id: jobId,
				attributes: { status: 'queued', completed: false, context: 'api.sobjects.conversations.bulk-create', ids: [] },
				links: { self: `/v1/bulk/${jobId}` },
			});
			expect(mock.stats.bulkSubmits).toBe(1);

			const poll1 = await call(mock, 'GET', `/v1/bulk/${jobId}`);
			expect(poll1.json.data.attributes).toMatchObject({ status: 'running', completed: false, batches: { complete: 0, total: 3 } });
			const poll2 = await call(mock, 'GET', `/v1/bulk/${jobId}`);
			expect(poll2.json.data.attributes).toMatchObject({ status: 'complete', completed: true, batches: { complete: 3, total: 3 } });
			expect(mock.stats.bulkPolls).toBe(2);

			const batches = await call(mock, 'GET', `/v1/bulk/${jobId}/batches`);
			const data = batches.json.data as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
			expect(data.map((b) => b.attributes.results.length)).toEqual([25, 25, 10]);
			expect(data[0]).toMatchObject({ type: 'bulk_batch', attributes: { status: 'complete', successCount: 24, failureCount: 1 } });
			const results = data.flatMap((b) => b.attributes.results);
			expect(results.map((r) => r._clientRef)).toEqual(items.map((it) => it._clientRef));
			expect(results[3]).toEqual({ _clientRef: 'r3', status: 'error', error: 'Unknown attribute bogus' });
			expect(results[30]).toEqual({ _clientRef: 'r30', status: 'error', error: 'Injected failure' });
			expect(results[0]).toMatchObject({ _clientRef: 'r0', status: 'created' });
			expect(results[0].objectId).toMatch(HEX24);
			expect(data[0].attributes.objectIds).toHaveLength(24);
			expect(mock.store.conversation.size).toBe(58);
			expect(mock.store.conversation.get(results[0].objectId)?.relationships.customer.data.id).toBe(cust);

			expect((await call(mock, 'GET', '/v1/bulk/000000000000000000000000')).status).toBe(404);
		});

		it('omits results without _clientRef, answers 200 for messages and reports errors', async () => {
			const conv = mock.seed('conversation', { customer: mock.seed('customer', {}) });
			const submit = await call(mock, 'POST', '/v1/messages/bulk', [
				{ channel: 'email', app: 'x', direction: 'in', conversation: conv },
				{ channel: 'nope', app: 'x', direction: 'in' },
			]);
			expect(submit.status).toBe(200);
			expect(submit.json.data.attributes.context).toBe('api.sobjects.messages.bulk-create');
			await call(mock, 'GET', `/v1/bulk/${submit.json.data.id}`);
			await call(mock, 'GET', `/v1/bulk/${submit.json.data.id}`);
			const batches = await call(mock, 'GET', `/v1/bulk/${submit.json.data.id}/batches`);
			const attrs = batches.json.data[0].attributes;
			expect(attrs.results).toBeUndefined();
			expect(attrs).toMatchObject({ successCount: 1, failureCount: 1 });
			expect(attrs.errors).toEqual([{ index: 1, error: expect.stringContaining('channel') }]);
		});

		it('rejects malformed bulk requests with 400', async () => {
			const cust = mock.seed('customer', {});
			const many = Array.from({ length: 101 }, () => ({ name: 'x' }));
			const cases: [string, string, unknown, RegExp][] = [
				['POST', '/v1/customers/bulk', many, /at most 100 items/],
				['POST', '/v1/customers/bulk', [], /at most 100 items/],
				['POST', '/v1/customers/bulk', { name: 'x' }, /array/],
				['POST', '/v1/customers/bulk', [{ _clientRef: 'a' }, { name: 'b' }], /_clientRef/],
				['POST', '/v1/customers/bulk', [{ _clientRef: 'a' }, { _clientRef: 'a' }], /Duplicate _clientRef a/],
				['POST', '/v1/customers/bulk', [{ _clientRef: '' }], /_clientRef/],
				['POST', '/v1/customers/bulk', [{ _clientRef: 'x'.repeat(256) }], /_clientRef/],
				['PUT', `/v1/customers/bulk?ids=${cust}`, [{ _clientRef: 'a', name: 'x' }], /_clientRef/],
				['PUT', `/v1/customers/bulk?ids=${Array(101).fill(cust).join(',')}`, { name: 'x' }, /at most 100 items/],
				['PUT', `/v1/customers/bulk?ids=${cust}`, [{ name: 'x' }, { name: 'y' }], /one object/],
			];
			for (const [method, path, body, detail] of cases) {
				const r = await call(mock, method, path, body);
				expect({ path: path.slice(0, 40), status: r.status }).toEqual({ path: path.slice(0, 40), status: 400 });
				expect(r.json.errors[0].detail).toMatch(detail);
			}
			expect(mock.stats.bulkSubmits).toBe(0);
		});

		it('bulk-updates by array (with not found) and by ids=', async () => {
			const a = mock.seed('customer', { name: 'a', custom: { tierStr: 'x' } });
			const b = mock.seed('customer', { name: 'b' });
			const arr = await call(mock, 'PUT', '/v1/customers/bulk', [
				{ _clientRef: '1', id: a, custom: { vipBool: true } },
				{ _clientRef: '2', id: '0123456789abcdef01234567', name: 'ghost' },
				{ _clientRef: '3', id: b, gender: 'x' },
			]);
			expect(arr.status).toBe(201);
			expect(arr.json.data.attributes.context).toBe('api.sobjects.customers.bulk-update');
			await call(mock, 'GET', `/v1/bulk/${arr.json.data.id}`);
			await call(mock, 'GET', `/v1/bulk/${arr.json.data.id}`);
			const res1 = (await call(mock, 'GET', `/v1/bulk/${arr.json.data.id}/batches`)).json.data[0].attributes.results;
			expect(res1).toEqual([
				{ _clientRef: '1', objectId: a, status: 'updated' },
				{ _clientRef: '2', objectId: '0123456789abcdef01234567', status: 'error', error: 'not found' },
				{ _clientRef: '3', objectId: b, status: 'error', error: expect.stringContaining('gender') },
			]);
			expect(mock.store.customer.get(a)?.attributes.custom).toEqual({ tierStr: 'x', vipBool: true });

			const byIds = await call(mock, 'PUT', `/v1/customers/bulk?ids=${a},${b}`, [{ locale: 'fr' }]);
			expect(byIds.status).toBe(201);
			mock.setOptions({ bulkPollsUntilComplete: 0 });
			try {
				const res2 = (await call(mock, 'GET', `/v1/bulk/${byIds.json.data.id}/batches`)).json.data[0].attributes;
				// job captured bulkPollsUntilComplete=1 at submit: not complete until polled twice
				expect(res2.status).toBe('queued');
			} finally {
				mock.setOptions({ bulkPollsUntilComplete: 1 });
			}
			await call(mock, 'GET', `/v1/bulk/${byIds.json.data.id}`);
			await call(mock, 'GET', `/v1/bulk/${byIds.json.data.id}`);
			const res3 = (await call(mock, 'GET', `/v1/bulk/${byIds.json.data.id}/batches`)).json.data[0].attributes;
			expect(res3.results).toEqual([
				{ objectId: a, status: 'updated' },
				{ objectId: b, status: 'updated' },
			]);
			expect(mock.store.customer.get(b)?.attributes.locale).toBe('fr');
		});

		it('honours bulkPollsUntilComplete and bulkBatchSize', async () => {
			await withMock({ bulkPollsUntilComplete: 3, bulkBatchSize: 10 }, async (m) => {
				const items = Array.from({ length: 30 }, (_, i) => ({ name: `c${i}` }));
				const submit = await call(m, 'POST', '/v1/customers/bulk', items);
				const id: string = submit.json.data.id;
				const statuses: string[] = [];
				const progress: number[] = [];
				for (let i = 0; i < 4; i++) {
					const p = await call(m, 'GET', `/v1/bulk/${id}`);
					statuses.push(p.json.data.attributes.status);
					progress.push(p.json.data.attributes.batches.complete);
				}
				expect(statuses).toEqual(['queued', 'running', 'running', 'complete']);
				expect(progress).toEqual([0, 1, 2, 3]);
				expect(m.stats.bulkPolls).toBe(4);
				const batches = await call(m, 'GET', `/v1/bulk/${id}/batches`);
				expect(batches.json.data.map((b: any) => b.attributes.successCount)).toEqual([10, 10, 10]); // eslint-disable-line @typescript-eslint/no-explicit-any
			});
		});
	});

	describe('rate budget', () => {
		it('spends one unit per request, answers 429 and resets after the window', async () => {
			await withMock({ rateLimit: { limit: 3, windowMs: 300 } }, async (m) => {
				const r1 = await call(m, 'GET', '/v1/customers');
				expect(r1.headers.get('x-ratelimit-limit')).toBe('3');
				expect(r1.headers.get('x-ratelimit-remaining')).toBe('2');
				expect(r1.headers.get('x-ratelimit-reset')).toBe('1');
				const r2 = await call(m, 'GET', '/v1/customers', undefined, { key: 'bad' });
				expect(r2.status).toBe(401);
				expect(r2.headers.get('x-ratelimit-remaining')).toBe('1');
				await call(m, 'GET', '/v1/bulk/000000000000000000000000');
				const r4 = await call(m, 'GET', '/v1/customers');
				expect(r4.status).toBe(429);
				expect(r4.json).toEqual({ errors: [{ code: 'too_many_requests', message: 'Rate limit exceeded' }] });
				expect(r4.headers.get('x-ratelimit-remaining')).toBe('0');
				expect(r4.headers.get('content-type')).toMatch(/^application\/json/);
				expect(m.stats.rateLimited).toBe(1);
				await new Promise((r) => setTimeout(r, 320));
				const r5 = await call(m, 'GET', '/v1/customers');
				expect(r5.status).toBe(200);
				expect(r5.headers.get('x-ratelimit-remaining')).toBe('2');
			});
		});

		it('reports the reset as epoch seconds when asked, and sends no headers when off', async () => {
			await withMock({ rateLimit: { limit: 5, windowMs: 60_000, resetFormat: 'epoch' } }, async (m) => {
				const before = Date.now();
				const r = await call(m, 'GET', '/v1/customers');
				const reset = Number(r.headers.get('x-ratelimit-reset'));
				expect(reset).toBeGreaterThanOrEqual(Math.floor((before + 60_000) / 1000));
				expect(reset).toBeLessThanOrEqual(Math.ceil((Date.now() + 60_000) / 1000));
				m.setOptions({ rateLimit: undefined });
				const off = await call(m, 'GET', '/v1/customers');
				expect(off.headers.get('x-ratelimit-limit')).toBeNull();
			});
		});
	});

	describe('faults', () => {
		it("'status' with default body, skip and times", async () => {
			mock.addFault({ kind: 'status', status: 503, path: '/v1/customers', method: 'get', skip: 1, times: 2, headers: { 'retry-after': '1' } });
			const codes: number[] = [];
			for (let i = 0; i < 4; i++) codes.push((await call(mock, 'GET', '/v1/customers')).status);
			expect(codes).toEqual([200, 503, 503, 200]);
			mock.addFault({ kind: 'status', path: /\/customers$/ });
			const r = await call(mock, 'GET', '/v1/customers', undefined, { key: 'wrong' }); // faults come before auth
			expect(r.status).toBe(500);
			expect(r.json.errors[0]).toMatchObject({ status: 500, code: 'internal_server_error' });
			mock.addFault({ kind: 'status', status: 429, body: { custom: true }, headers: { 'retry-after': '2' } });
			const r2 = await call(mock, 'GET', '/v1/customers');
			expect(r2.json).toEqual({ custom: true });
			expect(r2.headers.get('retry-after')).toBe('2');
			expect(mock.requests).toHaveLength(6);
		});

		it("'reset' drops the connection before processing", async () => {
			mock.addFault({ kind: 'reset', method: 'POST', path: '/v1/customers' });
			await expect(call(mock, 'POST', '/v1/customers', { name: 'x' })).rejects.toThrow();
			expect(mock.store.customer.size).toBe(0);
			const ok = await call(mock, 'POST', '/v1/customers', { name: 'x' });
			expect(ok.status).toBe(201);
			expect(mock.requests.map((r) => r.body)).toEqual([{ name: 'x' }, { name: 'x' }]);
		});

		it("'resetAfterCommit' applies the change and then drops the connection", async () => {
			mock.addFault({ kind: 'resetAfterCommit', path: '/v1/customers/bulk' });
			await expect(call(mock, 'POST', '/v1/customers/bulk', [{ name: 'a' }, { name: 'b' }])).rejects.toThrow();
			expect(mock.store.customer.size).toBe(2);
			expect(mock.stats.bulkSubmits).toBe(1);
		});

		it("'hang' never answers", async () => {
			await withMock({}, async (m) => {
				m.addFault({ kind: 'hang' });
				const ac = new AbortController();
				const t = setTimeout(() => ac.abort(), 150);
				await expect(call(m, 'GET', '/v1/customers', undefined, { signal: ac.signal })).rejects.toThrow();
				clearTimeout(t);
				m.addFault({ kind: 'hang' });
				const pending = call(m, 'GET', '/v1/customers').then(
					() => 'answered',
					() => 'rejected',
				);
				await new Promise((r) => setTimeout(r, 50));
				await m.stop(); // destroys the hanging socket
				expect(await pending).toBe('rejected');
			});
		});

		it("'nonJson', 'emptyBody' and 'redirect'", async () => {
			mock.addFault({ kind: 'nonJson' });
			const html = await call(mock, 'GET', '/v1/customers');
			expect(html.status).toBe(500);
			expect(html.headers.get('content-type')).toMatch(/^text\/html/);
			expect(html.text).toBe('<html>Bad gateway</html>');

			mock.addFault({ kind: 'nonJson', status: 200 });
			expect((await call(mock, 'GET', '/v1/customers')).status).toBe(200);

			mock.addFault({ kind: 'emptyBody' });
			const empty = await call(mock, 'GET', '/v1/customers');
			expect(empty.status).toBe(200);
			expect(empty.text).toBe('');
			expect(empty.headers.get('content-type')).toMatch(/^application\/json/);

			mock.addFault({ kind: 'redirect', redirectTo: 'https://evil.example.com/v1/customers' });
			const redir = await call(mock, 'GET', '/v1/customers', undefined, { redirect: 'manual' });
			expect(redir.status).toBe(302);
			expect(redir.headers.get('location')).toBe('https://evil.example.com/v1/customers');
		});
	});

	it('applies latencyMs before responding', async () => {
		await withMock({ latencyMs: 60 }, async (m) => {
			const t0 = Date.now();
			await call(m, 'GET', '/v1/customers');
			expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
			// a pending latency timer is cleared by stop()
			const pending = call(m, 'GET', '/v1/customers').then(
				() => 'answered',
				() => 'rejected',
			);
			await new Promise((r) => setTimeout(r, 10));
			await m.stop();
			expect(await pending).toBe('rejected');
		});
	});

	it('handles 10,000 bulk records and 1,000 single PUTs', async () => {
		const cust = mock.seed('customer', {});
		const ids: string[] = [];
		for (let j = 0; j < 100; j++) {
			const items = Array.from({ length: 100 }, (_, i) => ({
				_clientRef: `${j}-${i}`,
				customer: cust,
				externalId: `ext-${j}-${i}`,
				custom: { orderNumberStr: String(i) },
			}));
			const s = await call(mock, 'POST', '/v1/conversations/bulk', items);
			await call(mock, 'GET', `/v1/bulk/${s.json.data.id}`);
			await call(mock, 'GET', `/v1/bulk/${s.json.data.id}`);
			const b = await call(mock, 'GET', `/v1/bulk/${s.json.data.id}/batches`);
			for (const batch of b.json.data) for (const r of batch.attributes.results) ids.push(r.objectId);
		}
		expect(ids).toHaveLength(10_000);
		expect(mock.store.conversation.size).toBe(10_000);
		for (let i = 0; i < 1000; i++) {
			const r = await call(mock, 'PUT', `/v1/conversations/${ids[i * 10]}`, { priority: 3 });
			expect(r.status).toBe(200);
		}
		expect((await call(mock, 'GET', '/v1/conversations/externalId=ext-99-99')).status).toBe(200);
		const page = await call(mock, 'GET', `/v1/customers/${cust}/conversations?page=100&pageSize=100`);
		expect(page.json.data).toHaveLength(100);
		expect(mock.store.conversation.get(ids[10])?.attributes).toMatchObject({ priority: 3, rev: 2 });
	}, 120_000);
});
