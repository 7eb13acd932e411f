import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { kustomerOrigin, PLAIN_HTTP_REFUSED } from '../../nodes/Kustomer/core/transport/baseUrl';
import type { KustomerCredentials } from '../../nodes/Kustomer/core/transport/baseUrl';
import { KustomerHttpError, KustomerTransportError, parseKustomerError, requiredRole } from '../../nodes/Kustomer/core/transport/errors';
import { RateBudget } from '../../nodes/Kustomer/core/transport/rateBudget';
import { connectionFailure, rateLimitDelayMs, withRetries } from '../../nodes/Kustomer/core/transport/retry';
import { credentialTestRequest, loadPackage } from '../support/n8n';

describe('base URL', () => {
	const cases: Array<[Partial<KustomerCredentials>, string]> = [
		[{ region: 'org', orgName: ' Acme ' }, 'https://acme.api.kustomerapp.com'],
		[{ region: 'us' }, 'https://api.kustomerapp.com'],
		[{ region: 'eu' }, 'https://api.prod2.kustomerapp.com'],
		[{ region: 'in' }, 'https://api.prod4.kustomerapp.com'],
		[{ region: 'custom', baseUrl: 'https://gw.example.com///' }, 'https://gw.example.com'],
		[{ region: 'custom', baseUrl: 'http://localhost:4010' }, 'http://localhost:4010'],
		[{ region: 'custom', baseUrl: 'http://[::1]:4010' }, 'http://[::1]:4010'],
		// The node adds /v1 itself; a URL pasted with it does not become /v1/v1/….
		[{ region: 'custom', baseUrl: 'https://gw.example.com/v1' }, 'https://gw.example.com'],
		[{ region: 'custom', baseUrl: 'https://gw.example.com/kustomer/V1/' }, 'https://gw.example.com/kustomer'],
	];

	it.each(cases)('%j → %s, the same host the credential expression gives', async (credentials, origin) => {
		const full = { apiKey: 'k', ...credentials } as KustomerCredentials;
		expect(kustomerOrigin(full)).toBe(origin);
		expect((await credentialTestRequest({ ...full })).url).toBe(`${origin}/v1/auth/tokens/current`);
	});

	it.each(['http://gw.example.com', 'http://127.0.0.1.evil.example', 'http://localhost.evil.example:80'])(
		'refuses plain http to %s, which is not this machine',
		async (baseUrl) => {
			expect(() => kustomerOrigin({ apiKey: 'k', region: 'custom', baseUrl })).toThrow(PLAIN_HTTP_REFUSED);
			// The credential's expression sends the key nowhere: a reserved host that cannot resolve.
			expect((await credentialTestRequest({ apiKey: 'k', region: 'custom', baseUrl })).url).toBe(
				'https://plain-http-refused-use-https.invalid/v1/auth/tokens/current',
			);
		},
	);

	it('the credential form warns, in the node\'s own words, exactly when the URL is plain http to another host', async () => {
		const { credential } = await loadPackage();
		const notice = credential.properties.find((property) => property.type === 'notice')!;
		expect(notice.displayName).toBe(PLAIN_HTTP_REFUSED);
		expect(notice.displayName).toMatch(/^Use https: .*the API key would travel unencrypted/);
		const shown = (baseUrl: string) =>
			NodeHelpers.displayParameter({ region: 'custom', baseUrl } as INodeParameters, notice, null, null);
		expect(['http://gw.example.com', ' HTTP://gw.example.com/v1', 'http://127.0.0.1.evil.example'].map(shown)).toEqual([true, true, true]);
		expect(['https://gw.example.com', 'http://localhost:4010', 'http://127.0.0.1:4010', 'http://[::1]:4010', ''].map(shown)).toEqual([
			false, false, false, false, false,
		]);
	});

	it('asks for the org name when it is missing', () => {
		expect(() => kustomerOrigin({ apiKey: 'k', region: 'org', orgName: '' })).toThrow(/needs the org name/);
	});
});

describe('Kustomer error bodies', () => {
	it('reads the {code, message} shape', () => {
		expect(parseKustomerError({ errors: [{ code: 'bad_request', message: 'Invalid request body or parameters.', meta: {} }] })).toEqual({
			code: 'bad_request',
			reason: 'Invalid request body or parameters.',
			field: undefined,
		});
	});

	it('reads the JSON:API shape with a pointer or parameters', () => {
		expect(parseKustomerError({ errors: [{ status: 404, code: 'not_found', title: 'Not Found', detail: 'gone', source: { pointer: '/name' } }] })).toEqual({
			code: 'not_found',
			reason: 'gone',
			field: 'name',
		});
		expect(parseKustomerError({ errors: [{ title: 'Bad', source: { parameters: ['page', 'pageSize'] } }] }).field).toBe('page, pageSize');
	});

	it('keeps a short text body and ignores nothing useful', () => {
		expect(parseKustomerError('<html>Bad gateway</html>')).toEqual({ reason: '<html>Bad gateway</html>' });
		expect(parseKustomerError(undefined)).toEqual({});
	});

	it.each([
		['PUT', '/v1/conversations/abc', 'org.permission.conversation.update (legacy org.user.conversation.write)'],
		['POST', '/v1/customers/bulk', 'org.permission.customer.create (legacy org.user.customer.write)'],
		['GET', '/v1/bulk/abc/batches', 'org.permission.bulk.read (legacy org.user.bulk.read)'],
		['POST', '/v1/conversations/abc/tags', 'org.permission.conversation.update (legacy org.user.conversation.write)'],
		['DELETE', '/v1/customers/abc', 'org.permission.customer.delete (legacy org.user.customer.delete)'],
		['POST', '/v1/conversations/abc/notes', 'org.permission.note.create (legacy org.user.note.write)'],
		['GET', '/v1/customers/abc/conversations', 'org.permission.conversation.read (legacy org.user.conversation.read)'],
		['GET', '/v1/users?pageSize=500', 'org.permission.user.read (legacy org.user.read)'],
		['GET', '/v1/routing/queues', 'org.permission.queue.read or org.permission.routing.read (legacy org.user.routing.read)'],
	])('%s %s needs %s', (method, path, role) => {
		expect(requiredRole(method, path)).toBe(role);
	});
});

describe('retry policy', () => {
	const now = 1_700_000_000_000;
	it.each([
		[{ 'x-ratelimit-reset': '2' }, 2050],
		[{ 'x-ratelimit-reset': String(now / 1000 + 3) }, 3050],
		[{ 'retry-after': '4' }, 4000],
	])('waits after a 429 with %j for %i ms', (headers, ms) => {
		expect(rateLimitDelayMs(headers, 0, now)).toBe(ms);
	});

	it('backs off when the reset header is missing or absurd', () => {
		for (const headers of [{}, { 'x-ratelimit-reset': 'soon' }, { 'x-ratelimit-reset': '99999' }]) {
			const wait = rateLimitDelayMs(headers, 1, now);
			expect(wait).toBeGreaterThanOrEqual(1000);
			expect(wait).toBeLessThanOrEqual(2000);
		}
	});

	it('finds a connection failure wherever the HTTP stack put its code', () => {
		expect(connectionFailure({ message: 'x', cause: { code: 'ECONNRESET' } })).toBe('connection reset');
		expect(connectionFailure(new Error('socket hang up'))).toBe('connection closed');
		expect(connectionFailure({ code: 'ECONNABORTED', message: 'timeout of 300ms exceeded' })).toBe('timed out');
		expect(connectionFailure(new Error('Bad request'))).toBeUndefined();
	});

	const policy = { maxRetries: 2, maxRateLimitWaitMs: 10_000 };

	it('resends a 5xx of an idempotent request, up to the limit', async () => {
		let calls = 0;
		const attempt = async () => {
			calls++;
			throw new KustomerHttpError(503, {}, {});
		};
		await expect(withRetries(attempt, { ...policy, idempotent: true })).rejects.toBeInstanceOf(KustomerHttpError);
		expect(calls).toBe(3);
	});

	it('never resends a create after a dropped connection, and says it may have happened', async () => {
		let calls = 0;
		const attempt = async () => {
			calls++;
			throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
		};
		await expect(withRetries(attempt, { ...policy, idempotent: false })).rejects.toThrow(KustomerTransportError);
		await expect(withRetries(attempt, { ...policy, idempotent: false })).rejects.toThrow(/may or may not have been created/);
		expect(calls).toBe(2);
	});

	it('resends after a 429 whatever the method, and gives up past the maximum wait', async () => {
		let calls = 0;
		const attempt = async () => {
			if (++calls === 1) throw new KustomerHttpError(429, { 'x-ratelimit-reset': '0.01' }, {});
			return 'ok';
		};
		await expect(withRetries(attempt, { ...policy, idempotent: false })).resolves.toBe('ok');
		const always429 = async () => {
			throw new KustomerHttpError(429, { 'x-ratelimit-reset': '5' }, {});
		};
		await expect(withRetries(always429, { ...policy, idempotent: true, maxRateLimitWaitMs: 1000 })).rejects.toMatchObject({ status: 429 });
	});
});

describe('rate budget', () => {
	it('lets requests through while the window has room and holds them when it is spent', async () => {
		const budget = new RateBudget();
		await budget.acquire();
		budget.settle({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '0.3' });
		await budget.acquire();
		budget.settle({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0.3' });
		const started = Date.now();
		await budget.acquire();
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
		expect(budget.waitedMs).toBeGreaterThan(0);
	});

	it('counts requests in flight against what remains', async () => {
		const budget = new RateBudget();
		await budget.acquire();
		// Alone on the budget: the one request spent is ours.
		budget.settle({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': '0.2' });
		await budget.acquire();
		await budget.acquire();
		const started = Date.now();
		await budget.acquire();
		expect(Date.now() - started).toBeGreaterThanOrEqual(150);
	});

	it('sends the first request alone, before any answer has told of the budget', async () => {
		const budget = new RateBudget();
		await budget.acquire();
		let second = false;
		const waiting = budget.acquire().then(() => (second = true));
		await new Promise((resolve) => setImmediate(resolve));
		expect(second).toBe(false);
		budget.settle({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '9', 'x-ratelimit-reset': '5' });
		await waiting;
		expect(second).toBe(true);
	});

	it('takes only its share of what remains when the headers show others spending too', async () => {
		const budget = new RateBudget();
		const headers = (remaining: number) => ({ 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': '0.3' });
		// Our first request arrived when the org had spent 10 of 40: ours is a tenth, and half a tenth of 30 is 1.
		budget.settle(headers(30), await budget.acquire());
		const second = await budget.acquire();
		const started = Date.now();
		let third = false;
		const waiting = budget.acquire().then(() => (third = true));
		// Others spent on: 2 of 21 spent are ours, and half of that share of the 19 left is not one request.
		budget.settle(headers(19), second);
		await new Promise((resolve) => setImmediate(resolve));
		expect(third).toBe(false);
		await waiting;
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
	});
});
