/** The benchmark's model of the fastest possible run, and its table printer. */

/** Kustomer's bulk limit, hence the fewest requests per job: one submit and one read of its results. */
const RECORDS_PER_JOB = 100;

/** The budget and latency of a scenario: a fixed window of `limit` requests per `windowMs`, as the mock keeps it. */
export interface Conditions {
	latencyMs: number;
	limit: number;
	windowMs: number;
	processingMs: number;
}

/**
 * The fastest a bulk run of `records` can finish (in seconds) under `conditions`: it needs at least one
 * submit and one read per job of 100 records; the window opens with the first request, so the last of
 * them can go no earlier than (windows needed - 1) x window; and the last job's read follows its submit's
 * answer and its processing, 2 x latency + processing at the least, however many requests fly at once.
 */
export function floorSeconds(records: number, conditions: Conditions): number {
	const requests = 2 * Math.ceil(records / RECORDS_PER_JOB);
	const windows = Math.ceil(requests / conditions.limit);
	return ((windows - 1) * conditions.windowMs + 2 * conditions.latencyMs + conditions.processingMs) / 1000;
}

export function printTable(rows: Array<[string, ...string[]]>) {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
}
