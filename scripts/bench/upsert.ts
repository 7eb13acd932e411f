/**
 * The Bulk Upsert section of `npm run bench`: 10,000 customers by email, half of them existing, 100 input
 * pairs sharing an email, under an enforced org budget and the API key's search budget; side by side with
 * the per-record way n8n users chain today (Get by email, then Update or Create, one request each).
 *
 * Kustomer's budgets are per minute; the mock runs them per shorter window (BENCH_UPSERT_WINDOW_MS, 6000:
 * a tenth of a minute) with the same ratio: BENCH_UPSERT_ORG_BUDGET (1000, Enterprise) and
 * BENCH_UPSERT_SEARCH_BUDGET (100) per window. BENCH_UPSERT_RECORDS (10000), BENCH_LATENCY_MS (20),
 * BENCH_PROCESSING_MS (1000). Run alone: `node .bench/scripts/bench/upsert.js` after `npm run bench`'s build.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runKustomer } from '../../test/support/n8n';
import { API_KEY, MockProcess } from './mockClient';

const RECORDS = Number(process.env.BENCH_UPSERT_RECORDS ?? 10_000);
const PAIRS = 100;
const WINDOW_MS = Number(process.env.BENCH_UPSERT_WINDOW_MS ?? 6000);
const ORG_BUDGET = Number(process.env.BENCH_UPSERT_ORG_BUDGET ?? 1000);
const SEARCH_BUDGET = Number(process.env.BENCH_UPSERT_SEARCH_BUDGET ?? 100);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const PROCESSING_MS = Number(process.env.BENCH_PROCESSING_MS ?? 1000);
const SEARCH_CRITERIA = 20;
/** The per-record way runs on a sample of the same shape (its requests are 2 per record whatever the size), scaled up. */
const SAMPLE = Number(process.env.BENCH_UPSERT_PER_RECORD_SAMPLE ?? 1000);

interface UpsertStats {
	total: number;
	rateLimited: number;
	searches: number;
	lookups: number;
	submits: number;
	polls: number;
	writes: number;
	createdTwice: number;
	lost: number;
}

interface Figures {
	name: string;
	seconds: number;
	stats: UpsertStats;
	/** What the budgets allow at best for the requests this way needs. */
	ceilingSeconds: number;
	outputItems: number;
	budgeted: boolean;
}

/** The input: distinct emails, each pair's second item right after its first (as a sheet with a repeated row). */
function workload(records = RECORDS, pairs = PAIRS) {
	const distinct = records - pairs;
	const emails = Array.from({ length: distinct }, (_, n) => `customer${n}@example.com`);
	const items: Array<{ email: string; name: string }> = [];
	emails.forEach((email, n) => {
		items.push({ email, name: `Customer ${n}` });
		if (n % Math.floor(distinct / pairs) === 0 && items.length < records) items.push({ email, name: `Customer ${n} (again)` });
	});
	while (items.length < records) items.push({ email: emails[items.length % distinct], name: 'Filler' });
	return { emails, existing: emails.filter((_, n) => n % 2 === 0), items };
}

/** The fastest a run of these requests can go under fixed windows: the last window it needs starts (n-1) windows in. */
function ceilingOf(searches: number, orgRequests: number, tailMs: number): number {
	const windows = Math.max(Math.ceil(searches / SEARCH_BUDGET), Math.ceil(orgRequests / ORG_BUDGET));
	return ((windows - 1) * WINDOW_MS + tailMs) / 1000;
}

async function bulkUpsert(): Promise<Figures> {
	const { emails, existing, items } = workload();
	const mock = await MockProcess.start({
		latencyMs: LATENCY_MS,
		rateLimit: { limit: ORG_BUDGET, windowMs: WINDOW_MS },
		searchRateLimit: { limit: SEARCH_BUDGET, windowMs: WINDOW_MS },
		bulkPollsUntilComplete: Number.MAX_SAFE_INTEGER,
		bulkProcessingMs: PROCESSING_MS,
	});
	await mock.ask({ type: 'seedEmails', emails: existing });
	const started = Date.now();
	const { items: output, error } = await runKustomer({
		parameters: {
			resource: 'customer',
			operation: 'bulkUpsert',
			columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['email'], schema: [] },
		},
		items,
		credentials: { apiKey: API_KEY, region: 'custom', baseUrl: mock.baseUrl },
	});
	const seconds = (Date.now() - started) / 1000;
	const stats = await mock.ask<UpsertStats>({ type: 'upsertStats', emails });
	await mock.stop();
	if (error) throw new Error(`Bulk Upsert failed: ${error.message}`);
	// Fewest requests: a search per 20 distinct emails, then per 100 records one submit and one read of its results.
	const searches = Math.ceil(emails.length / SEARCH_CRITERIA);
	const writes = Math.ceil(existing.length / 100) + Math.ceil((emails.length - existing.length) / 100);
	return {
		name: 'Bulk Upsert',
		seconds,
		stats,
		ceilingSeconds: ceilingOf(searches, searches + 2 * writes, PROCESSING_MS + 4 * LATENCY_MS),
		outputItems: output.length,
		budgeted: true,
	};
}

/** Get by email (404: none), then Update the found and Create the others: one node run each, as a workflow chains them. */
async function perRecord(): Promise<Figures> {
	const { emails, existing, items } = workload(SAMPLE, Math.round((PAIRS * SAMPLE) / RECORDS));
	// As in the single-Update figures of the section above: no budget in the run, its time under the budget is computed.
	const mock = await MockProcess.start({ latencyMs: LATENCY_MS });
	await mock.ask({ type: 'seedEmails', emails: existing });
	const credentials = { apiKey: API_KEY, region: 'custom', baseUrl: mock.baseUrl };
	const started = Date.now();
	const got = await runKustomer({
		parameters: { resource: 'customer', operation: 'get', getBy: 'email', email: '={{ $json.email }}' },
		items,
		credentials,
		continueOnFail: true,
	});
	const index = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
	const found = got.items.filter((item) => !item.json.error);
	const absent = got.items.filter((item) => item.json.error).map((item) => items[index(item)]);
	const updated = await runKustomer({
		parameters: { resource: 'customer', operation: 'update', customerId: '={{ $json.id }}', updateFields: { name: '={{ $json.name }}' } },
		items: found.map((item) => ({ id: item.json.id, name: items[index(item)].name })),
		credentials,
	});
	const created = await runKustomer({
		parameters: {
			resource: 'customer',
			operation: 'create',
			additionalFields: { name: '={{ $json.name }}', emails: { values: [{ email: '={{ $json.email }}' }] } },
		},
		items: absent,
		credentials,
	});
	const seconds = (Date.now() - started) / 1000;
	const stats = await mock.ask<UpsertStats>({ type: 'upsertStats', emails });
	await mock.stop();
	const failed = [got, updated, created].find((run) => run.error);
	if (failed) throw new Error(`Per-record run failed: ${failed.error!.message}`);
	const scale = RECORDS / SAMPLE;
	const scaled = Object.fromEntries(Object.entries(stats).map(([kind, count]) => [kind, Math.round(count * scale)])) as unknown as UpsertStats;
	return {
		name: `Get + Update/Create per record (${SAMPLE} run, x${scale})`,
		seconds: seconds * scale,
		stats: scaled,
		ceilingSeconds: ceilingOf(0, scaled.total, LATENCY_MS),
		outputItems: Math.round((updated.items.length + created.items.length) * scale),
		budgeted: false,
	};
}

function report(all: Figures[]) {
	const single = all[1];
	const rows: Array<[string, ...string[]]> = [
		['', ...all.map((f) => f.name)],
		['requests sent (all)', ...all.map((f) => String(f.stats.total))],
		['  searches (20 emails each)', ...all.map((f) => String(f.stats.searches))],
		['  lookups by email (GET)', ...all.map((f) => String(f.stats.lookups))],
		['  bulk submits', ...all.map((f) => String(f.stats.submits))],
		['  job reads (/v1/bulk)', ...all.map((f) => String(f.stats.polls))],
		['  single writes (PUT/POST)', ...all.map((f) => String(f.stats.writes))],
		['  answered 429 and resent', ...all.map((f) => String(f.stats.rateLimited))],
		['requests per record', ...all.map((f) => (f.stats.total / RECORDS).toFixed(4))],
		['requests vs per record', ...all.map((f) => `${(single.stats.total / f.stats.total).toFixed(1)}x fewer`)],
		['wall time (s)', ...all.map((f) => `${f.seconds.toFixed(1)}${f.budgeted ? '' : ' (no budget)'}`)],
		['fastest the budgets allow (s)', ...all.map((f) => f.ceilingSeconds.toFixed(1))],
		['share of that ceiling', ...all.map((f) => (f.budgeted ? `${((f.ceilingSeconds / f.seconds) * 100).toFixed(0)}%` : '-'))],
		['output items', ...all.map((f) => String(f.outputItems))],
		['records created twice', ...all.map((f) => String(f.stats.createdTwice))],
		['records lost', ...all.map((f) => String(f.stats.lost))],
	];
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
	console.log(
		`\nUpsert: ${RECORDS} input items (${PAIRS} pairs share an email), half the emails existing; budgets per ${WINDOW_MS / 1000} s window: ` +
			`org ${ORG_BUDGET}, searches ${SEARCH_BUDGET} (Kustomer's per-minute budgets, ${60_000 / WINDOW_MS}x faster); latency ${LATENCY_MS} ms; ` +
			`bulk job processing ${PROCESSING_MS} ms. Ceiling: the fewest requests the way needs (Bulk Upsert: one search per 20 distinct emails, ` +
			`one submit and one results read per 100 records) sent at the budgets' full rate, the last window's work included.`,
	);
}

export async function runUpsertBench() {
	const bulk = await bulkUpsert();
	console.log(`Bulk Upsert: ${bulk.seconds.toFixed(1)} s`);
	const single = await perRecord();
	console.log(`Per record: ${single.seconds.toFixed(1)} s\n`);
	report([bulk, single]);
}

if (require.main === module) {
	runUpsertBench().then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
