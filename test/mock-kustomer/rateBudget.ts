/**
 * Fixed-window rate budget: the window (windowMs) starts at the first request and a new one starts at the
 * first request after it expired. Every request spends one unit.
 */
import type { MockKustomerOptions } from './types';

export interface SpendResult {
	allowed: boolean;
	/** x-ratelimit-* headers to send (empty when rate limiting is off). */
	headers: Record<string, string>;
}

export class RateBudget {
	private windowStart = -1;
	private used = 0;

	constructor(private readonly getConfig: () => MockKustomerOptions['rateLimit']) {}

	reset(): void {
		this.windowStart = -1;
		this.used = 0;
	}

	spend(now = Date.now()): SpendResult {
		const cfg = this.getConfig();
		if (!cfg) return { allowed: true, headers: {} };
		if (this.windowStart < 0 || now >= this.windowStart + cfg.windowMs) {
			this.windowStart = now;
			this.used = 0;
		}
		const allowed = this.used < cfg.limit;
		if (allowed) this.used += 1;
		const resetAt = this.windowStart + cfg.windowMs;
		const reset =
			cfg.resetFormat === 'epoch' ? Math.ceil(resetAt / 1000) : Math.max(0, Math.ceil((resetAt - now) / 1000));
		return {
			allowed,
			headers: {
				'x-ratelimit-limit': String(cfg.limit),
				'x-ratelimit-remaining': String(Math.max(0, cfg.limit - this.used)),
				'x-ratelimit-reset': String(reset),
			},
		};
	}
}
