/**
 * POST /v1/customers/search: criteria `{"<context>_<field>":{"<op>":value}}` in and/or/not lists, optional sort.
 */
import type { ResourceName, StoredRecord } from './types';
import { badRequest } from './jsonapi';
import { isPlainObject } from './validation';

export const SEARCH_CONTEXTS: readonly ResourceName[] = ['customer', 'conversation', 'message', 'company'];

type Getter = (rec: StoredRecord) => unknown;
type Test = (rec: StoredRecord) => boolean;

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function listValues(rec: StoredRecord, field: string, key: string): string[] {
	const list = rec.attributes[field];
	if (!Array.isArray(list)) return [];
	return list.filter(isPlainObject).map((o) => o[key]).filter((v): v is string => typeof v === 'string');
}

/** Resolves `<context>_<field>` to a value getter: custom_<key>, id, relationships, emails/phones, attributes. */
function getterFor(context: ResourceName, key: string, pointer: string): Getter {
	const prefix = `${context}_`;
	if (!key.startsWith(prefix) || key.length === prefix.length) {
		throw badRequest(`Unknown search field ${key} for queryContext ${context}`, pointer);
	}
	const field = key.slice(prefix.length);
	if (field.startsWith('custom_')) {
		const ck = field.slice('custom_'.length);
		return (r) => (isPlainObject(r.attributes.custom) ? r.attributes.custom[ck] : undefined);
	}
	if (field === 'id') return (r) => r.id;
	if (context === 'customer' && (field === 'email' || field === 'emails')) return (r) => listValues(r, 'emails', 'email');
	if (context === 'customer' && (field === 'phone' || field === 'phones')) return (r) => listValues(r, 'phones', 'phone');
	const alt = camel(field);
	const relName = field.endsWith('_id') ? field.slice(0, -3) : field;
	return (r) => {
		if (field in r.attributes) return r.attributes[field];
		if (alt in r.attributes) return r.attributes[alt];
		const rel = r.relationships[relName];
		return rel ? rel.data.id : undefined;
	};
}

function compare(a: unknown, b: unknown): number | undefined {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'string' && typeof b === 'string') {
		const da = Date.parse(a);
		const db = Date.parse(b);
		if (!Number.isNaN(da) && !Number.isNaN(db) && /^\d{4}-/.test(a) && /^\d{4}-/.test(b)) return da - db;
		return a < b ? -1 : a > b ? 1 : 0;
	}
	if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
	return undefined;
}

function anyOf(value: unknown, test: (v: unknown) => boolean): boolean {
	return Array.isArray(value) ? value.some(test) : test(value);
}

function criterion(context: ResourceName, raw: unknown, pointer: string): Test {
	if (!isPlainObject(raw)) throw badRequest('Each search criterion must be an object', pointer);
	const tests: Test[] = [];
	for (const [key, condition] of Object.entries(raw)) {
		const get = getterFor(context, key, pointer);
		if (!isPlainObject(condition)) throw badRequest(`Criterion ${key} must be an object of operators`, pointer);
		for (const [op, expected] of Object.entries(condition)) {
			const cmp = (pred: (n: number) => boolean) => (r: StoredRecord) =>
				anyOf(get(r), (v) => {
					const c = compare(v, expected);
					return c !== undefined && pred(c);
				});
			switch (op) {
				case 'equals':
				case 'eq':
					tests.push((r) => anyOf(get(r), (v) => v === expected));
					break;
				case 'not_equals':
				case 'ne':
					tests.push((r) => !anyOf(get(r), (v) => v === expected));
					break;
				case 'contains': {
					const needle = String(expected).toLowerCase();
					tests.push((r) => anyOf(get(r), (v) => typeof v === 'string' && v.toLowerCase().includes(needle)));
					break;
				}
				case 'exists':
					tests.push((r) => {
						const v = get(r);
						const present = v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
						return present === Boolean(expected);
					});
					break;
				case 'gte':
					tests.push(cmp((c) => c >= 0));
					break;
				case 'gt':
					tests.push(cmp((c) => c > 0));
					break;
				case 'lte':
					tests.push(cmp((c) => c <= 0));
					break;
				case 'lt':
					tests.push(cmp((c) => c < 0));
					break;
				default:
					throw badRequest(`Unsupported search operator ${op}`, pointer);
			}
		}
	}
	return (r) => tests.every((t) => t(r));
}

function criteriaList(context: ResourceName, body: Record<string, unknown>, name: string): Test[] | undefined {
	const raw = body[name];
	if (raw === undefined || raw === null) return undefined;
	if (!Array.isArray(raw)) throw badRequest(`${name} must be an array of criteria`, `/${name}`);
	if (raw.length > 20) throw badRequest(`${name} accepts at most 20 criteria`, `/${name}`);
	return raw.map((c, i) => criterion(context, c, `/${name}/${i}`));
}

/** Validates the search body and returns the context plus the matching records, sorted. */
export function runSearch(
	body: unknown,
	all: (context: ResourceName) => StoredRecord[],
): { context: ResourceName; records: StoredRecord[] } {
	if (!isPlainObject(body)) throw badRequest('Request body must be a JSON object', '/');
	const context = body.queryContext;
	if (typeof context !== 'string' || !(SEARCH_CONTEXTS as readonly string[]).includes(context)) {
		throw badRequest(`queryContext must be one of ${SEARCH_CONTEXTS.join(', ')}`, '/queryContext');
	}
	const ctx = context as ResourceName;
	const and = criteriaList(ctx, body, 'and');
	const or = criteriaList(ctx, body, 'or');
	const not = criteriaList(ctx, body, 'not');
	let sorters: { get: Getter; dir: number }[] = [];
	if (body.sort !== undefined && body.sort !== null) {
		if (!Array.isArray(body.sort) || body.sort.length > 5) throw badRequest('sort must be an array of at most 5 entries', '/sort');
		sorters = body.sort.flatMap((s, i) => {
			if (!isPlainObject(s)) throw badRequest('Each sort entry must be an object', `/sort/${i}`);
			return Object.entries(s).map(([key, dir]) => ({
				get: getterFor(ctx, key, `/sort/${i}`),
				dir: String(dir).toLowerCase() === 'desc' ? -1 : 1,
			}));
		});
	}
	let records = all(ctx).filter(
		(r) =>
			(!and || and.every((t) => t(r))) &&
			(!or || or.length === 0 || or.some((t) => t(r))) &&
			(!not || !not.some((t) => t(r))),
	);
	if (sorters.length > 0) {
		records = records
			.map((r, i) => ({ r, i }))
			.sort((x, y) => {
				for (const s of sorters) {
					const c = compare(s.get(x.r), s.get(y.r));
					if (c) return c * s.dir;
				}
				return x.i - y.i;
			})
			.map((e) => e.r);
	}
	return { context: ctx, records };
}
