/**
 * Fault injection: rules are matched in the order added, before rate limiting and auth.
 */
import type { FaultRule } from './types';
import { errorBody, type MockResponse } from './jsonapi';

interface ActiveRule {
	rule: FaultRule;
	/** Matching requests seen so far (including skipped ones). */
	seen: number;
	/** Faults injected so far. */
	fired: number;
}

export class FaultInjector {
	private rules: ActiveRule[] = [];

	add(rule: FaultRule): void {
		this.rules.push({ rule, seen: 0, fired: 0 });
	}

	clear(): void {
		this.rules = [];
	}

	/** The rule that fires for this request, if any (advances the rules' counters). */
	match(method: string, path: string): FaultRule | undefined {
		for (const active of this.rules) {
			const { rule } = active;
			const times = rule.times ?? 1;
			if (active.fired >= times) continue;
			if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
			if (rule.path !== undefined) {
				if (typeof rule.path === 'string') {
					if (rule.path !== path) continue;
				} else {
					rule.path.lastIndex = 0;
					if (!rule.path.test(path)) continue;
				}
			}
			active.seen += 1;
			if (active.seen <= (rule.skip ?? 0)) continue;
			active.fired += 1;
			return rule;
		}
		return undefined;
	}
}

/** The response for the kinds that answer (status, nonJson, emptyBody, redirect). */
export function faultResponse(rule: FaultRule): MockResponse {
	const headers = { ...(rule.headers ?? {}) };
	switch (rule.kind) {
		case 'nonJson':
			return {
				status: rule.status ?? 500,
				raw: '<html>Bad gateway</html>',
				contentType: 'text/html',
				headers,
			};
		case 'emptyBody':
			return { status: rule.status ?? 200, raw: '', headers };
		case 'redirect':
			return {
				status: 302,
				raw: '',
				headers: { location: rule.redirectTo ?? 'http://127.0.0.1:1/', ...headers },
			};
		default: {
			const status = rule.status ?? 500;
			return { status, body: rule.body !== undefined ? rule.body : errorBody(status), headers };
		}
	}
}
