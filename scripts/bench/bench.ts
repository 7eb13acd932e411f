/**
 * `npm run bench`: bulk runs through n8n-core against the mock Kustomer API (in a child process, on
 * 127.0.0.1) with a latency and an enforced rate budget. Prints figures; asserts nothing (speed is not a test).
 *
 * 1. Where users are: Bulk Update of 10,000 records at 150 ms latency and of 100,000 records at 20 ms, both
 *    with an Enterprise budget of 1,000 requests a minute, each record mapped from its item
 *    (`{{ $json.id }}`, `{{ $json.name }}`), against the fastest the budget and latency allow.
 * 2. 10,000 records of Bulk Update and Bulk Create with a computed expression, and 10,000 single Updates
 *    through the router, at BENCH_LATENCY_MS (20) and BENCH_BUDGET (50) requests per BENCH_WINDOW_MS (5000).
 * 3. Bulk Upsert of 10,000 customers by email beside the per-record way (scripts/bench/upsert.ts).
 * 4. Queue mode in the real n8n (scripts/bench/queue.ts): 1, 2 and 4 workers sharing one budget.
 *
 * Settings (environment): BENCH_ONLY (any of "scale,classic,upsert,queue"; default all), BENCH_RECORDS (10000, for 2),
 * BENCH_PROCESSING_MS (1000: how long Kustomer takes per bulk job).
 */
import { runKustomer } from '../../test/support/n8n';
import { floorSeconds, printTable, type Conditions } from './figures';
import { API_KEY, MockProcess } from './mockClient';
import { runQueueBench } from './queue';
import { runUpsertBench } from './upsert';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const BUDGET = Number(process.env.BENCH_BUDGET ?? 50);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5000);
const PROCESSING_MS = Number(process.env.BENCH_PROCESSING_MS ?? 1000);
const ONLY = (process.env.BENCH_ONLY ?? 'scale,classic,upsert,queue').split(',');

interface MockStats {
	total: number;
	rateLimited: number;
	submits: number;
	polls: number;
	stored: number;
	distinctExternalIds: number;
	updatedOnce: number;
	notUpdated: number;
	updatedAgain: number;
}

interface Figures {
	name: string;
	records: number;
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
	records = RECORDS,
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
		records,
		seconds,
		stats,
		cpuMsPerRecord: (cpu.user + cpu.system) / 1000 / records,
		peakRssMb: peakRss / 2 ** 20,
		outputItems: output.length,
		// Updates: records the mock did not update, or the node did not report updated; creates: not reported.
		lost: seedRecords === 0 ? records - succeeded.size : Math.max(records - succeeded.size, stats.notUpdated),
		// Creates: records stored twice; updates: records the mock updated more than once.
		duplicated: seedRecords === 0 ? stats.stored - stats.distinctExternalIds : stats.updatedAgain,
	};
	console.log(`${name}: ${seconds.toFixed(1)} s`);
	return figures;
}

/** Bulk Update where users are: each record's ID and new name mapped from its item, as n8n's field mapping writes them. */
async function scaleRuns() {
	const enterprise = { limit: 1000, windowMs: 60_000, processingMs: PROCESSING_MS };
	const runs: Array<[string, number, Conditions]> = [
		['10,000 at 150 ms', 10_000, { ...enterprise, latencyMs: 150 }],
		['100,000 at 20 ms', 100_000, { ...enterprise, latencyMs: 20 }],
	];
	const all: Array<{ figures: Figures; floor: number; conditions: Conditions }> = [];
	for (const [name, records, conditions] of runs) {
		const figures = await measure(
			`Bulk Update ${name}`,
			{
				latencyMs: conditions.latencyMs,
				rateLimit: { limit: conditions.limit, windowMs: conditions.windowMs },
				bulkPollsUntilComplete: Number.MAX_SAFE_INTEGER,
				bulkProcessingMs: conditions.processingMs,
			},
			(ids) => ({
				parameters: { resource: 'customer', operation: 'bulkUpdate', customerId: '={{ $json.id }}', updateFields: { name: '={{ $json.name }}' } },
				items: ids.map((id, n) => ({ id, name: `Renamed ${n}` })),
			}),
			records,
			records,
		);
		all.push({ figures, floor: floorSeconds(records, conditions), conditions });
	}
	console.log('');
	printTable([
		['Bulk Update, budget 1,000 requests a minute', ...all.map(({ figures }) => figures.name.replace('Bulk Update ', ''))],
		['wall time (s)', ...all.map(({ figures }) => figures.seconds.toFixed(1))],
		['fastest the budget and latency allow (s)', ...all.map(({ floor }) => floor.toFixed(1))],
		['  wall time / fastest', ...all.map(({ figures, floor }) => `${(figures.seconds / floor).toFixed(2)}x`)],
		['requests sent (all)', ...all.map(({ figures }) => String(figures.stats.total))],
		['  submits / job reads', ...all.map(({ figures }) => `${figures.stats.submits} / ${figures.stats.polls}`)],
		['  answered 429', ...all.map(({ figures }) => String(figures.stats.rateLimited))],
		['node CPU per record (ms)', ...all.map(({ figures }) => figures.cpuMsPerRecord.toFixed(3))],
		['peak RSS of the node process (MB)', ...all.map(({ figures }) => figures.peakRssMb.toFixed(0))],
		['records lost', ...all.map(({ figures }) => String(figures.lost))],
		['records duplicated', ...all.map(({ figures }) => String(figures.duplicated))],
	]);
	console.log(
		`\nBulk job processing ${PROCESSING_MS} ms. Fastest = (windows needed - 1) x 60 s + 2 x latency + processing, for the ` +
			'fewest requests a run can make (one submit and one read per 100 records; the mock\'s window opens at the first request).',
	);
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
	printTable(rows);
	console.log(
		`\nrecords ${RECORDS}; mock latency ${LATENCY_MS} ms; budget ${BUDGET} requests per ${WINDOW_MS / 1000} s window (bulk runs only); bulk job processing ${PROCESSING_MS} ms.`,
	);
	console.log(
		'Budget ceiling: with Wait for Completion the fewest requests a bulk run can make is one submit and one read of results per 100 records, so the budget allows at most budget/s x 50 records per second.',
	);
}

/** A small run first, so that n8n's modules loaded on first use do not count as the measured runs' CPU. */
async function warmUp() {
	const mock = await MockProcess.start({});
	const { ids } = await mock.ask<{ ids: string[] }>({ type: 'seed', count: 300 });
	await runKustomer({
		parameters: { resource: 'customer', operation: 'bulkUpdate', customerId: '={{ $json.id }}', updateFields: { name: '={{ "x" + $json.id }}' } },
		items: ids.map((id) => ({ id })),
		credentials: { apiKey: API_KEY, region: 'custom', baseUrl: mock.baseUrl },
	});
	await mock.stop();
}

async function classicRuns() {
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
}

async function main() {
	await warmUp();
	if (ONLY.includes('scale')) await scaleRuns();
	if (ONLY.includes('classic')) {
		console.log('');
		await classicRuns();
	}
	if (ONLY.includes('upsert')) {
		console.log('');
		await runUpsertBench();
	}
	if (ONLY.includes('queue')) {
		console.log('');
		await runQueueBench();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
