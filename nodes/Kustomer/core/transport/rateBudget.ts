import { sleep } from 'n8n-workflow';

/** Requests in flight while the budget is unknown (before the first answer, or when answers carry no headers). */
const UNKNOWN_BUDGET_CONCURRENCY = 8;
/** Past the reset, so the first request of a new window is not counted in the old one. */
const RESET_MARGIN_MS = 50;

function numberHeader(headers: Record<string, unknown>, name: string): number | undefined {
	const raw = headers[name];
	const value = Number(Array.isArray(raw) ? raw[0] : raw);
	return raw === undefined || raw === null || raw === '' || !Number.isFinite(value) ? undefined : value;
}

/**
 * Kustomer's per-org request budget as the responses report it (`x-ratelimit-limit`, `-remaining`,
 * `-reset`). Requests wait for the window to reset instead of running into 429s; other workflows share
 * the budget, so a 429 can still come and is handled by the retry policy.
 */
export class RateBudget {
	private remaining?: number;
	private limit?: number;
	private resetAt?: number;
	private inFlight = 0;
	/** Requests waiting for room, first come first served; `head` is the next one. */
	private queue: Array<() => void> = [];
	private head = 0;
	private resetTimer = false;

	/** Total time spent waiting for a window to reset, for statistics. */
	waitedMs = 0;

	/** Resolves when a request may be sent; call `settle` once its answer (or failure) is in. */
	async acquire(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.queue.push(resolve);
			this.grant();
		});
	}

	/** Records what an answer said of the budget (no headers: nothing learned) and lets waiting requests go. */
	settle(headers: Record<string, unknown> | undefined, now = Date.now()): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		const remaining = headers && numberHeader(headers, 'x-ratelimit-remaining');
		if (headers && remaining !== undefined) {
			const reset = numberHeader(headers, 'x-ratelimit-reset');
			this.limit = numberHeader(headers, 'x-ratelimit-limit') ?? this.limit;
			// Values above 10^9 are an epoch in seconds, smaller ones seconds left (the unit is not documented).
			const resetAt = reset === undefined ? undefined : (reset > 1e9 ? reset * 1000 : now + reset * 1000) + RESET_MARGIN_MS;
			const sameWindow = this.resetAt !== undefined && resetAt !== undefined && Math.abs(resetAt - this.resetAt) < 1500;
			// Answers arrive out of order; within one window the lowest count is the truest.
			this.remaining = sameWindow ? Math.min(this.remaining ?? remaining, remaining) : remaining;
			if (!sameWindow) this.resetAt = resetAt;
		}
		this.grant();
	}

	private room(now: number): number {
		if (this.resetAt !== undefined && now >= this.resetAt) {
			this.remaining = this.limit;
			this.resetAt = undefined;
		}
		// Spent with no reset time and nothing in flight to tell more: probe rather than stall.
		if (this.remaining !== undefined && this.remaining <= 0 && this.resetAt === undefined && this.inFlight === 0) {
			this.remaining = undefined;
		}
		return (this.remaining ?? UNKNOWN_BUDGET_CONCURRENCY) - this.inFlight;
	}

	/** Lets as many waiting requests go as the budget has room for; past that, wakes up at the reset. */
	private grant(): void {
		const now = Date.now();
		while (this.head < this.queue.length && this.room(now) > 0) {
			this.inFlight++;
			this.queue[this.head++]();
		}
		if (this.head === this.queue.length) {
			this.queue = [];
			this.head = 0;
		} else if (this.resetAt !== undefined && !this.resetTimer) {
			const wait = this.resetAt - now;
			this.resetTimer = true;
			void sleep(wait).then(() => {
				this.resetTimer = false;
				this.waitedMs += wait;
				this.grant();
			});
		}
	}
}

const budgets = new Map<string, RateBudget>();

/**
 * The budget of one Kustomer org as this n8n process sees it, shared by every run and operation that uses
 * the same host and key: the org's budget is one, whichever workflow spends it.
 */
export function sharedBudget(origin: string, apiKey: string): RateBudget {
	// The key's tail tells orgs on one regional host apart without keeping the key itself.
	const id = `${origin}#${apiKey.slice(-8)}`;
	let budget = budgets.get(id);
	if (!budget) budgets.set(id, (budget = new RateBudget()));
	return budget;
}
