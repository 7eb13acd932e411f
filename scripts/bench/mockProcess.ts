/**
 * The mock Kustomer API in its own process, so the benchmark measures the node's CPU time alone.
 * Started by bench.ts with its options as JSON in argv; answers 'stats' messages over IPC.
 */
import { startMockKustomer } from '../../test/mock-kustomer';
import type { MockKustomer, MockKustomerOptions, RecordedRequest } from '../../test/mock-kustomer';

/** What an upsert run did: requests by kind, and how many customers each wanted email ended up with. */
function upsertStats(mock: MockKustomer, emails: string[]) {
	const count = (test: (request: RecordedRequest) => boolean) => mock.requests.filter(test).length;
	const perEmail = new Map(emails.map((email) => [email, 0]));
	for (const record of mock.store.customer.values()) {
		for (const entry of (record.attributes.emails as Array<{ email: string }> | undefined) ?? []) {
			if (perEmail.has(entry.email)) perEmail.set(entry.email, perEmail.get(entry.email)! + 1);
		}
	}
	const counts = [...perEmail.values()];
	return {
		total: mock.requests.length,
		rateLimited: mock.stats.rateLimited,
		searches: count((request) => request.path === '/v1/customers/search'),
		lookups: count((request) => request.method === 'GET' && request.path.startsWith('/v1/customers/email=')),
		submits: count((request) => request.path.endsWith('/bulk') && request.method !== 'GET'),
		polls: count((request) => request.path.startsWith('/v1/bulk/')),
		writes: count((request) => request.method !== 'GET' && /^\/v1\/customers(\/[0-9a-f]{24})?$/.test(request.path)),
		createdTwice: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
		lost: counts.filter((n) => n === 0).length,
	};
}

async function main() {
	const options = JSON.parse(process.argv[2] ?? '{}') as MockKustomerOptions;
	const mock = await startMockKustomer(options);
	process.on('message', (message: { type: string; resource?: 'customer' | 'conversation' | 'message'; count?: number; emails?: string[] }) => {
		if (message.type === 'stats') {
			const bulkPaths = mock.requests.filter((request) => request.path.startsWith('/v1/bulk/'));
			const submits = mock.requests.filter((request) => request.path.endsWith('/bulk') && request.method !== 'GET');
			const store = mock.store[message.resource ?? 'customer'];
			const records = [...store.values()];
			const externalIds = new Set(records.map((record) => record.attributes.externalId));
			// Seeded records start at rev 1 and each update adds one: rev 2 is "updated exactly once".
			const revs = records.map((record) => Number(record.attributes.rev));
			process.send!({
				type: 'stats',
				total: mock.requests.length,
				rateLimited: mock.stats.rateLimited,
				submits: submits.length,
				polls: bulkPaths.length,
				stored: store.size,
				distinctExternalIds: externalIds.size,
				updatedOnce: revs.filter((rev) => rev === 2).length,
				notUpdated: revs.filter((rev) => rev === 1).length,
				updatedAgain: revs.filter((rev) => rev > 2).length,
			});
		} else if (message.type === 'seed') {
			// Records for the update runs, put straight into the store; then the request log starts empty.
			const ids = Array.from({ length: message.count ?? 0 }, (_, n) => mock.seed('customer', { name: `Customer ${n}` }));
			mock.requests.length = 0;
			process.send!({ type: 'seeded', ids });
		} else if (message.type === 'seedEmails') {
			// Existing customers for the upsert runs, one per email.
			for (const email of message.emails ?? []) mock.seed('customer', { name: 'Existing', emails: [{ email }] });
			mock.requests.length = 0;
			process.send!({ type: 'seeded' });
		} else if (message.type === 'upsertStats') {
			process.send!({ type: 'upsertStats', ...upsertStats(mock, message.emails ?? []) });
		} else if (message.type === 'stop') {
			void mock.stop().then(() => process.exit(0));
		}
	});
	process.send!({ type: 'ready', baseUrl: mock.baseUrl });
}

void main();
