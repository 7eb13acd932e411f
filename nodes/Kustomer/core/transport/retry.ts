import { sleep } from 'n8n-workflow';

import { KustomerHttpError, KustomerTransportError } from './errors';

export interface RetryPolicy {
	/** Whether sending the same request twice is harmless (reads, updates, deletes). A create is not. */
	idempotent: boolean;
	/** Retries of a 5xx or a lost connection, for idempotent requests only. */
	maxRetries: number;
	/** The longest a 429 may hold a request back in total before the run gives up. */
	maxRateLimitWaitMs: number;
	/** Told of each wait, for the caller's statistics. */
	onRetry?: (reason: 'rateLimited' | 'serverError' | 'connection', waitMs: number) => void;
}

/**
 * A 429's wait is lengthened by up to this much at random, doubling with each 429 in a row (at most 5 s),
 * so that workers refused together do not all come back together.
 */
const RATE_LIMIT_SPREAD_MS = 250;
const RETRIABLE_STATUS = new Set([500, 502, 503, 504]);
const CONNECTION_CODES =
	/ECONNRESET|ECONNREFUSED|ETIMEDOUT|ECONNABORTED|EPIPE|ESOCKETTIMEDOUT|EAI_AGAIN|socket hang up|timeout/i;
const CONNECTION_WORDS: Record<string, string> = {
	ECONNRESET: 'connection reset',
	ECONNREFUSED: 'connection refused',
	EPIPE: 'connection closed',
	EAI_AGAIN: 'host name not resolved',
	'SOCKET HANG UP': 'connection closed',
};

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return value === undefined || value === null ? undefined : String(Array.isArray(value) ? value[0] : value);
}

/**
 * How long to hold back after a 429. `x-ratelimit-reset` is documented without a unit: values above 10^9 are
 * read as an epoch in seconds, smaller ones as seconds left. Without it, `retry-after`, else exponential backoff.
 */
export function rateLimitDelayMs(headers: Record<string, unknown>, attempt: number, now = Date.now()): number {
	const reset = Number(header(headers, 'x-ratelimit-reset'));
	if (Number.isFinite(reset) && reset > 0) {
		const ms = reset > 1e9 ? reset * 1000 - now : reset * 1000;
		if (ms > 0 && ms <= 120_000) return Math.ceil(ms) + 50;
	}
	const retryAfter = Number(header(headers, 'retry-after'));
	if (Number.isFinite(retryAfter) && retryAfter > 0 && retryAfter <= 120) return retryAfter * 1000;
	return backoffMs(attempt, 1000, 60_000);
}

/** Exponential backoff with full jitter on the upper half, so parallel workers do not retry in step. */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * A connection failure in words, wherever the HTTP stack put its code, or undefined for anything else.
 * Words rather than codes: n8n replaces any error message that mentions a code such as ECONNRESET.
 */
export function connectionFailure(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	for (
		let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
		e && !seen.has(e);
		e = e.cause as typeof e
	) {
		seen.add(e);
		const match = CONNECTION_CODES.exec(`${String(e.code ?? '')} ${String(e.message ?? '')}`);
		if (match) return CONNECTION_WORDS[match[0].toUpperCase()] ?? 'timed out';
	}
	return undefined;
}

/** What one attempt gave: its value, or what it threw, for callers that decide on failures in one place. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function outcomeOf<T>(attempt: () => Promise<T>): Promise<Outcome<T>> {
	return await attempt().then(
		(value): Outcome<T> => ({ ok: true, value }),
		(error: unknown): Outcome<T> => ({ ok: false, error }),
	);
}

/**
 * Sends one request under the policy: a 429 is always resent after the reset (Kustomer did not process it),
 * a 5xx or a lost connection only when resending cannot create a duplicate.
 */
export async function withRetries<T>(
	attempt: () => Promise<T>,
	policy: RetryPolicy,
): Promise<T> {
	let rateLimitWaited = 0;
	let rateLimitAttempts = 0;
	let failures = 0;
	for (;;) {
		const outcome = await outcomeOf(attempt);
		if (outcome.ok) return outcome.value;
		const { error } = outcome;
		if (error instanceof KustomerHttpError && error.status === 429) {
			const spread = Math.random() * Math.min(5000, RATE_LIMIT_SPREAD_MS * 2 ** rateLimitAttempts);
			const wait = rateLimitDelayMs(error.headers, rateLimitAttempts++) + Math.round(spread);
			if (rateLimitWaited + wait > policy.maxRateLimitWaitMs) throw error;
			rateLimitWaited += wait;
			policy.onRetry?.('rateLimited', wait);
			await sleep(wait);
			continue;
		}
		const serverError = error instanceof KustomerHttpError && RETRIABLE_STATUS.has(error.status);
		const lostConnection = !(error instanceof KustomerHttpError) && connectionFailure(error);
		if (!serverError && !lostConnection) throw error;
		if (policy.idempotent && failures < policy.maxRetries) {
			const wait = backoffMs(failures++, 250, 8000);
			policy.onRetry?.(serverError ? 'serverError' : 'connection', wait);
			await sleep(wait);
			continue;
		}
		if (serverError) throw error;
		throw new KustomerTransportError(
			policy.idempotent
				? `The connection to Kustomer failed (${lostConnection}) ${failures + 1} times`
				: `The connection to Kustomer failed (${lostConnection}) before an answer came, ` +
					'so the record may or may not have been created; it was not sent again to avoid a duplicate',
			lostConnection || undefined,
		);
	}
}
