/**
 * The mock Kustomer API in its own process, so the benchmark measures the node's CPU time alone.
 * Started by bench.ts with its options as JSON in argv; answers 'stats' messages over IPC.
 */
import { startMockKustomer } from '../../test/mock-kustomer';
import type { MockKustomerOptions } from '../../test/mock-kustomer';

async function main() {
	const options = JSON.parse(process.argv[2] ?? '{}') as MockKustomerOptions;
	const mock = await startMockKustomer(options);
	process.on('message', (message: { type: string; resource?: 'customer' | 'conversation' | 'message'; count?: number }) => {
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
		} else if (message.type === 'stop') {
			void mock.stop().then(() => process.exit(0));
		}
	});
	process.send!({ type: 'ready', baseUrl: mock.baseUrl });
}

void main();
