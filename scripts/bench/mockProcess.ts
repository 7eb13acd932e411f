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
			const externalIds = new Set([...store.values()].map((record) => record.attributes.externalId));
			process.send!({
				type: 'stats',
				total: mock.requests.length,
				rateLimited: mock.stats.rateLimited,
				submits: submits.length,
				polls: bulkPaths.length,
				stored: store.size,
				distinctExternalIds: externalIds.size,
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
