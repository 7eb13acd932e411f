/**
 * `npm run bench`: 10,000 records of Bulk Update and Bulk Create, and 10,000 single Updates through the
 * router, run through n8n-core against the mock Kustomer API (in a child process, on 127.0.0.1) with a
 * latency and an enforced rate budget. Prints figures; asserts nothing (speed is not a test).
 *
 * Settings (environment): BENCH_RECORDS (10000), BENCH_LATENCY_MS (20), BENCH_BUDGET (50 requests per
 * window), BENCH_WINDOW_MS (5000), BENCH_PROCESSING_MS (1000: how long Kustomer takes per bulk job).
 */
import { runKustomer } from '../../test/support/n8n';
import { API_KEY, MockProcess } from './mockClient';
import { runUpsertBench } from './upsert';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const BUDGET = Number(process.env.BENCH_BUDGET ?? 50);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5000);
const PROCESSING_MS = Number(process.env.BENCH_PROCESSING_MS ?? 1000);

interface MockStats {
	total: number;
	rateLimited: number;
	submits: number;
	polls: number;
	stored: number;
	distinctExternalIds: number;
}

interface Figures {
	name: string;
	seconds: number;
	stats: MockStats;
	cpuMsPerRecord: number;
	peakRssMb: number;
	outputItems: number;
	lost: number;
	duplicated: number;
}

/** Runs the node once on a fresh mock and measures it: wall time, this process's CPU, peak memory, what reached the mock. */
async function measure(
	name: string,
	mockOptions: object,
	input: (ids: string[]) => { parameters: Record<string, unknown>; items: Array<Record<string, unknown>> },
	seedRecords: number,
): Promise<Figures> {
	const mock = await MockProcess.start(mockOptions);
	const { ids } = await mock.ask<{ ids: string[] }>({ type: 'seed', count: seedRecords });
	const { parameters, items } = input(ids);
	global.gc?.();
	let peakRss = process.memoryUsage().rss;
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
	const cpuBefore = process.cpuUsage();
	const started = Date.now();
	const { items: output, error } = await runKustomer({
		parameters,
		items,
		credentials: { apiKey: API_KEY, region: 'custom', baseUrl: mock.baseUrl },
	});
	const seconds = (Date.now() - started) / 1000;
	const cpu = process.cpuUsage(cpuBefore);
	clearInterval(sampler);
	const stats = await mock.ask<MockStats>({ type: 'stats', resource: 'customer' });
	await mock.stop();
	if (error) throw new Error(`${name} failed: ${error.message}`);
	const succeeded = new Set(
		output.filter((item) => !item.json.error && item.json.status !== 'error').map((item) => (item.pairedItem as { item: number }).item),
	);
	const figures: Figures = {
		name,
		seconds,
		stats,
		cpuMsPerRecord: (cpu.user + cpu.system) / 1000 / RECORDS,
		peakRssMb: peakRss / 2 ** 20,
		outputItems: output.length,
		lost: RECORDS - succeeded.size,
		// Creates: records stored twice; updates: input items answered twice.
		duplicated: seedRecords === 0 ? stats.stored - stats.distinctExternalIds : Math.max(0, output.length - RECORDS),
	};
	console.log(`${name}: ${seconds.toFixed(1)} s`);
	return figures;
}

function report(all: Figures[]) {
	const budgetPerSecond = BUDGET / (WINDOW_MS / 1000);
	const single = all.find((figures) => figures.name.startsWith('Update'))!;
	const rows: Array<[string, ...string[]]> = [
		['', ...all.map((figures) => figures.name)],
		['requests sent (all)', ...all.map((f) => String(f.stats.total))],
		['  submits / updates', ...all.map((f) => String(f.name.startsWith('Update') ? f.stats.total - f.stats.rateLimited : f.stats.submits))],
		['  job polls (reads of /v1/bulk)', ...all.map((f) => String(f.stats.polls))],
		['  answered 429 and resent', ...all.map((f) => String(f.stats.rateLimited))],
		['requests per record', ...all.map((f) => (f.stats.total / RECORDS).toFixed(4))],
		['requests vs single Updates', ...all.map((f) => `${(single.stats.total / f.stats.total).toFixed(1)}x fewer`)],
		['wall time (s)', ...all.map((f) => f.seconds.toFixed(1))],
		[
			'  time the budget alone would need (s)',
			...all.map((f) => (f.stats.total / budgetPerSecond).toFixed(1)),
		],
		['records per second', ...all.map((f) => (RECORDS / f.seconds).toFixed(0))],
		[
			'  share of the budget ceiling (2 requests per 100 records)',
			...all.map((f) => (f.name.startsWith('Update') ? 'no budget in this run' : `${((RECORDS / f.seconds / ((budgetPerSecond * 100) / 2)) * 100).toFixed(0)}%`)),
		],
		[
			'  budget spent per second vs budget',
			...all.map((f) => (f.name.startsWith('Update') ? '-' : `${((f.stats.total / f.seconds / budgetPerSecond) * 100).toFixed(0)}%`)),
		],
		['node CPU per record (ms)', ...all.map((f) => f.cpuMsPerRecord.toFixed(3))],
		['peak RSS of the node process (MB)', ...all.map((f) => f.peakRssMb.toFixed(0))],
		['output items', ...all.map((f) => String(f.outputItems))],
		['records lost', ...all.map((f) => String(f.lost))],
		['records duplicated', ...all.map((f) => String(f.duplicated))],
	];
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
	console.log(
		`\nrecords ${RECORDS}; mock latency ${LATENCY_MS} ms; budget ${BUDGET} requests per ${WINDOW_MS / 1000} s window (bulk runs only); bulk job processing ${PROCESSING_MS} ms.`,
	);
	console.log(
		'Budget ceiling: with Wait for Completion the fewest requests a bulk run can make is one submit and one read of results per 100 records, so the budget allows at most budget/s x 50 records per second.',
	);
}

async function main() {
	const budgeted = {
		latencyMs: LATENCY_MS,
		rateLimit: { limit: BUDGET, windowMs: WINDOW_MS },
		// Jobs complete by time, as Kustomer's do, not by how often they are looked at.
		bulkPollsUntilComplete: Number.MAX_SAFE_INTEGER,
		bulkProcessingMs: PROCESSING_MS,
	};
	const numbered = (ids: string[]) => ids.map((id, n) => ({ id, n }));
	const bulkUpdate = await measure(
		'Bulk Update',
		budgeted,
		(ids) => ({
			parameters: { resource: 'customer', operation: 'bulkUpdate', customerId: '={{ $json.id }}', updateFields: { name: '={{ "Updated " + $json.n }}' } },
			items: numbered(ids),
		}),
		RECORDS,
	);
	const bulkCreate = await measure(
		'Bulk Create',
		budgeted,
		() => ({
			parameters: { resource: 'customer', operation: 'bulkCreate', additionalFields: { name: '={{ "Customer " + $json.n }}', externalId: '={{ "crm-" + $json.n }}' } },
			items: Array.from({ length: RECORDS }, (_, n) => ({ n })),
		}),
		0,
	);
	// The router sends all items at once; under the same budget 10,000 requests would take RECORDS / budget-per-second.
	const singleUpdates = await measure(
		'Update (one request per record)',
		{ latencyMs: LATENCY_MS },
		(ids) => ({
			parameters: { resource: 'customer', operation: 'update', customerId: '={{ $json.id }}', updateFields: { name: '={{ "Updated " + $json.n }}' } },
			items: numbered(ids),
		}),
		RECORDS,
	);
	console.log('');
	report([bulkUpdate, bulkCreate, singleUpdates]);
	console.log('');
	await runUpsertBench();
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
