import { sleep } from 'n8n-workflow';

/** Requests in flight before any answer told of the budget: one, so workers starting together do not spend it blind. */
const FIRST_CONCURRENCY = 1;
/** Requests in flight while answers carry no budget headers. */
const UNKNOWN_BUDGET_CONCURRENCY = 8;
/** Past the reset, so the first request of a new window is not counted in the old one. */
const RESET_MARGIN_MS = 50;
/** While others share the budget, this process starts a window up to this much late, at random, not all together. */
const RESET_JITTER_MS = 250;
/** The least share this process allows itself while others spend, so that a late starter still gets its turn. */
const MIN_SHARE = 0.1;
/**
 * While others spend, of its share of what remains this process sends only this part before answers tell
 * more. The shares that processes estimate each on their own need not add up to one; halving them keeps
 * the processes together under what remains, and costs a few round trips per window, not budget.
 */
const SHARED_SPEND = 0.5;

/** Answers reordered on the way may count a few of this process's later requests: not others' spending. */
const REORDER_TOLERANCE = 2;

/** Which of this process's requests an answer is for: the window (as this process counts them) and its place in it. */
export interface BudgetTicket {
	readonly epoch: number;
	readonly seq: number;
}

function numberHeader(headers: Record<string, unknown>, name: string): number | undefined {
	const raw = headers[name];
	const value = Number(Array.isArray(raw) ? raw[0] : raw);
	return raw === undefined || raw === null || raw === '' || !Number.isFinite(value) ? undefined : value;
}

/**
 * Kustomer's per-org request budget as the responses report it (`x-ratelimit-limit`, `-remaining`,
 * `-reset`). Requests wait for the window to reset instead of running into 429s.
 *
 * Other n8n processes (queue-mode workers) and other integrations spend the same budget, and only the
 * headers see them: when the org has spent more of the window than this process sent, this process takes
 * only half its share of what remains (its share: its part of the window's spending so far) before the
 * next answer, keeps that share into the next window, and starts that window after a random delay. A
 * window is entered gradually. A 429 can still come and is handled by the retry policy; its headers hold
 * every request of this process until the reset.
 */
export class RateBudget {
	private remaining?: number;
	private limit?: number;
	private resetAt?: number;
	private inFlight = 0;
	private answered = false;
	/** Requests this process let through since the window began, as far as it knows when that was. */
	private sentInWindow = 0;
	/**
	 * Answers with budget headers in the window. A window is entered gradually (one request, then two more
	 * per answer: tripling each round trip) so that processes entering it together see each other's spending
	 * before any of them has spent much.
	 */
	private answeredInWindow = 0;
	/** This process's part of the org's spending in the window (1: nobody else was seen spending). */
	private share = 1;
	/** How much later than the reset this process starts the window while others share it (drawn per window). */
	private jitterMs = 0;
	/** Counts the windows this process has started on its own, so a ticket of an earlier one is told apart. */
	private epoch = 0;
	/** Requests waiting for room, first come first served; `head` is the next one. */
	private queue: Array<(ticket: BudgetTicket) => void> = [];
	private head = 0;
	private resetTimer = false;

	/** Total time spent waiting for a window to reset, for statistics. */
	waitedMs = 0;

	/** Resolves when a request may be sent; call `settle` with the ticket once its answer (or failure) is in. */
	async acquire(): Promise<BudgetTicket> {
		return await new Promise<BudgetTicket>((resolve) => {
			this.queue.push(resolve);
			this.grant();
		});
	}

	/**
	 * Records what an answer said of the budget (no headers: nothing learned) and lets waiting requests go.
	 * With the request's ticket, the headers also tell how much others spent before it arrived.
	 */
	settle(headers: Record<string, unknown> | undefined, ticket?: BudgetTicket, now = Date.now()): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.answered = true;
		const remaining = headers && numberHeader(headers, 'x-ratelimit-remaining');
		if (headers && remaining !== undefined) {
			const reset = numberHeader(headers, 'x-ratelimit-reset');
			this.limit = numberHeader(headers, 'x-ratelimit-limit') ?? this.limit;
			// Values above 10^9 are an epoch in seconds, smaller ones seconds left (the unit is not documented).
			const resetAt =
				reset === undefined ? undefined : (reset > 1e9 ? reset * 1000 : now + reset * 1000) + RESET_MARGIN_MS;
			const sameWindow = this.resetAt !== undefined && resetAt !== undefined && Math.abs(resetAt - this.resetAt) < 1500;
			// Answers arrive out of order; within one window the lowest count is the truest, and the earliest
			// reset too (whole seconds are rounded up).
			this.remaining = sameWindow ? Math.min(this.remaining ?? remaining, remaining) : remaining;
			this.resetAt = sameWindow ? Math.min(this.resetAt!, resetAt!) : resetAt;
			if (!sameWindow) {
				this.sentInWindow = Math.max(this.sentInWindow, 1);
				this.answeredInWindow = 0;
				this.jitterMs = Math.random() * RESET_JITTER_MS;
			}
			this.answeredInWindow++;
			this.learnShare(ticket);
		}
		this.grant();
	}

	/**
	 * Whether others spend too: the window's spending, as this answer counts it, against this process's
	 * requests sent up to this one (without a ticket: all it sent in the window, which can only miss others).
	 */
	private learnShare(ticket?: BudgetTicket): void {
		if (this.limit === undefined || this.remaining === undefined) return;
		const spent = this.limit - this.remaining;
		const ours = ticket?.epoch === this.epoch ? ticket.seq : this.sentInWindow;
		this.share = spent - ours > REORDER_TOLERANCE ? Math.max(MIN_SHARE, ours / spent) : 1;
	}

	/** When the next window opens for this process. */
	private opensAt(): number | undefined {
		return this.resetAt === undefined ? undefined : this.resetAt + (this.share < 1 ? this.jitterMs : 0);
	}

	private room(now: number): number {
		const opensAt = this.opensAt();
		if (opensAt !== undefined && now >= opensAt) {
			this.remaining = this.limit;
			this.resetAt = undefined;
			this.sentInWindow = 0;
			this.answeredInWindow = 0;
			this.epoch++;
		}
		if (!this.answered) return FIRST_CONCURRENCY - this.inFlight;
		// Spent with no reset time and nothing in flight to tell more: probe rather than stall.
		if (this.remaining !== undefined && this.remaining <= 0 && this.resetAt === undefined && this.inFlight === 0) {
			this.remaining = undefined;
			return 1;
		}
		if (this.remaining === undefined) return UNKNOWN_BUDGET_CONCURRENCY - this.inFlight;
		const share = Math.floor(this.remaining * (this.share < 1 ? this.share * SHARED_SPEND : 1));
		const room = Math.min(share - this.inFlight, 1 + 2 * this.answeredInWindow - this.sentInWindow);
		// No share left, nothing in flight and no reset to wait for: one request, to learn more.
		return room <= 0 && this.inFlight === 0 && this.resetAt === undefined ? 1 : room;
	}

	/** Lets as many waiting requests go as the budget has room for; past that, wakes up at the reset. */
	private grant(): void {
		const now = Date.now();
		while (this.head < this.queue.length && this.room(now) > 0) {
			this.inFlight++;
			this.sentInWindow++;
			this.queue[this.head++]({ epoch: this.epoch, seq: this.sentInWindow });
		}
		if (this.head === this.queue.length) {
			this.queue = [];
			this.head = 0;
		} else if (this.resetAt !== undefined && !this.resetTimer) {
			const wait = this.opensAt()! - now;
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
