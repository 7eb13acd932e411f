/**
 * Queue mode in the real n8n 2.41.1 (test/e2e/support/queue.ts: PostgreSQL, Redis, main and workers of one
 * user folder): 4 executions of Webhook → Split Out → Bulk Update started at once, 2,000 conversations
 * each, against one mock budget of 60 requests per 10 s, with 1, then 2, then 4 workers. Needs the n8n
 * installation of `npm run test:e2e` (scripts/e2e/install-n8n.sh) and root for PostgreSQL's set-up.
 */
import { startMockKustomer } from '../../test/mock-kustomer';
import { packPackage } from '../../test/e2e/support/n8n';
import { QueueN8n } from '../../test/e2e/support/queue';
import { API_KEY } from '../../test/e2e/support/workflows';
import { floorSeconds, printTable } from './figures';

const EXECUTIONS = 4;
const RECORDS = 2000;
const CONDITIONS = { limit: 60, windowMs: 10_000, latencyMs: 20, processingMs: 1000 };

interface QueueFigures {
	workers: number;
	seconds: number;
	requests: number;
	rateLimited: number;
	succeeded: number;
	spreadSeconds: number;
	lost: number;
	duplicated: number;
}

export async function runQueueBench() {
	const mock = await startMockKustomer({
		apiKey: API_KEY,
		latencyMs: CONDITIONS.latencyMs,
		bulkProcessingMs: CONDITIONS.processingMs,
		bulkPollsUntilComplete: Number.MAX_SAFE_INTEGER,
	});
	const queue = await QueueN8n.start({ tarball: await packPackage(), mockBaseUrl: mock.baseUrl, workers: 0 });
	const all: QueueFigures[] = [];
	let lastExecution = 0;
	try {
		for (const workers of [1, 2, 4]) {
			await queue.addWorkers(workers - queue.workerCount);
			mock.reset();
			mock.setOptions({ rateLimit: undefined });
			const sets = Array.from({ length: EXECUTIONS }, (_, set) =>
				Array.from({ length: RECORDS }, (_, n) => ({ id: mock.seed('conversation', { name: `C ${set}-${n}` }), name: `Updated ${set}-${n}` })),
			);
			mock.setOptions({ rateLimit: { limit: CONDITIONS.limit, windowMs: CONDITIONS.windowMs } });
			const started = Date.now();
			await Promise.all(sets.map(async (records) => await queue.trigger(records)));
			const executions = await queue.executions(EXECUTIONS, lastExecution);
			const seconds = (Date.now() - started) / 1000;
			lastExecution = Math.max(...executions.map((execution) => Number(execution.id)));
			const stopped = executions.map((execution) => Date.parse(execution.stoppedAt ?? '')).filter(Number.isFinite);
			const revs = sets.flat().map(({ id }) => Number(mock.store.conversation.get(id)!.attributes.rev));
			all.push({
				workers,
				seconds,
				requests: mock.requests.length,
				rateLimited: mock.stats.rateLimited,
				succeeded: executions.filter((execution) => execution.status === 'success').length,
				spreadSeconds: (Math.max(...stopped) - Math.min(...stopped)) / 1000,
				lost: revs.filter((rev) => rev < 2).length,
				duplicated: revs.filter((rev) => rev > 2).length,
			});
			console.log(`queue mode, ${workers} worker(s): ${seconds.toFixed(1)} s`);
		}
	} finally {
		await queue.stop();
		await mock.stop();
	}
	const floor = floorSeconds(EXECUTIONS * RECORDS, CONDITIONS);
	console.log('');
	printTable([
		[`Queue mode: ${EXECUTIONS} executions x ${RECORDS} records`, ...all.map((f) => `${f.workers} worker${f.workers > 1 ? 's' : ''}`)],
		['wall time, webhooks to last execution done (s)', ...all.map((f) => f.seconds.toFixed(1))],
		['fastest the budget and latency allow (s)', ...all.map(() => floor.toFixed(1))],
		['  fastest / wall time', ...all.map((f) => `${((floor / f.seconds) * 100).toFixed(0)}%`)],
		['executions succeeded', ...all.map((f) => `${f.succeeded} of ${EXECUTIONS}`)],
		['first to last execution done (s)', ...all.map((f) => f.spreadSeconds.toFixed(1))],
		['requests sent (all)', ...all.map((f) => String(f.requests))],
		['  answered 429', ...all.map((f) => `${f.rateLimited} (${((f.rateLimited / f.requests) * 100).toFixed(1)}%)`)],
		['records lost', ...all.map((f) => String(f.lost))],
		['records updated more than once', ...all.map((f) => String(f.duplicated))],
	]);
	console.log(
		`\nBudget ${CONDITIONS.limit} requests per ${CONDITIONS.windowMs / 1000} s, latency ${CONDITIONS.latencyMs} ms, job processing ` +
			`${CONDITIONS.processingMs} ms; each worker runs with --concurrency=10, so the 4 executions spread over the workers. ` +
			'Wall time includes n8n handing the executions to the workers.',
	);
}
