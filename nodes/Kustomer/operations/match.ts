import type { IDataObject } from 'n8n-workflow';

import { flattenDocument } from '../core/output';
import { customAttributes, fieldValue, FieldError } from '../core/fields/record';
import type { FieldSpec, FieldUse } from '../core/fields/types';
import type { KustomerResource } from '../core/resource';
import { pluralNoun } from '../core/resource';
import type { KustomerClient } from '../core/transport/client';
import { KustomerHttpError } from '../core/transport/errors';
import { outcomeOf } from '../core/transport/retry';
import { chunk } from '../bulk/plan';

/** Kustomer's search takes at most 20 criteria a query. */
export const MAX_SEARCH_CRITERIA = 20;
/** Search results per page; 20 values rarely find more than a few records each. */
const SEARCH_PAGE_SIZE = 500;
/** Searches in flight at once; the API key's search budget (100 a minute), not this, bounds the pace. */
const SEARCH_CONCURRENCY = 8;
/** Path lookups in flight at once (custom objects by external ID); the org budget bounds the pace. */
const LOOKUP_CONCURRENCY = 8;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
/** How Kustomer words a refusal of a value another record has (duplicate external ID). */
const EXISTS = /already exists|duplicate/i;
/** The attribute kinds a mapper column can hold as one value. */
const PLAIN_KINDS = [
	...['string', 'text', 'integer', 'number', 'boolean', 'dateTime', 'options'],
	...['id', 'url', 'tagList', 'idList', 'json'],
] as FieldSpec['kind'][];
const CUSTOM_NAME = /^[a-z][A-Za-z0-9]*(Str|Txt|Num|At|Bool|Url|Id)$/;

/** A column an upsert can match on: one value in the form, how a record carries it and how it is found. */
export interface MatchKey {
	column: 'email' | 'phone' | 'externalId';
	label: string;
	/** The values a found record has for the key, normalized. */
	valuesOf: (record: IDataObject) => string[];
	/** The search criterion for one value (`{"customer_email":{"equals":…}}`); absent: looked up by path. */
	criterion?: (value: string) => IDataObject;
}

/** How a resource's upsert finds records and writes changes (the resource's `upsert` declaration). */
export interface UpsertDeclaration {
	/** The first is the default Column to Match On. */
	matchOn: MatchKey[];
	/** Kustomer's `queryContext` for the search lookups. */
	queryContext?: string;
	/** The single update: PATCH changes only what it is given. */
	updateMethod: 'PUT' | 'PATCH';
	/** Links a full update drops when left out: carried from the found record on bulk updates. */
	keepLinks?: string[];
}

const normalize = (column: MatchKey['column'], value: string) => (column === 'email' ? value.toLowerCase() : value);

function listValues(record: IDataObject, list: string, key: string): string[] {
	const entries = Array.isArray(record[list]) ? (record[list] as IDataObject[]) : [];
	return entries.map((entry) => entry?.[key]).filter((value): value is string => typeof value === 'string');
}

export const emailMatch: MatchKey = {
	column: 'email',
	label: 'Email',
	valuesOf: (record) => listValues(record, 'emails', 'email').map((email) => email.toLowerCase()),
	criterion: (value) => ({ customer_email: { equals: value } }),
};

export const phoneMatch: MatchKey = {
	column: 'phone',
	label: 'Phone',
	valuesOf: (record) => listValues(record, 'phones', 'phone'),
	criterion: (value) => ({ customer_phone: { equals: value } }),
};

/** By external ID: a search criterion of the context (`customer_externalId`), or without one a path lookup. */
export function externalIdMatch(queryContext?: string): MatchKey {
	return {
		column: 'externalId',
		label: 'External ID',
		valuesOf: (record) => (typeof record.externalId === 'string' ? [record.externalId] : []),
		criterion: queryContext ? (value) => ({ [`${queryContext}_externalId`]: { equals: value } }) : undefined,
	};
}

/** The match value of an item, checked: what Kustomer could store under the key. */
export function matchValue(key: MatchKey, raw: unknown): string {
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	if (value === '') throw new FieldError(key.label, 'is empty: the column to match on needs a value in every item');
	if (key.column === 'email' && !EMAIL.test(value)) {
		throw new FieldError(key.label, `"${value}" is not an email address`);
	}
	if (key.column === 'phone' && !E164.test(value)) {
		throw new FieldError(key.label, `"${value}" is not a phone number in E.164 format, such as +14155550123`);
	}
	return value;
}

/** The single-value columns that become one of Kustomer's identity lists: `email` → `emails: [{email}]`. */
const LIST_COLUMNS: Record<string, { list: string; key: 'email' | 'phone' }> = {
	email: { list: 'emails', key: 'email' },
	phone: { list: 'phones', key: 'phone' },
};

/** A resource's mapper columns besides custom attributes: its plain attributes; email/phone where it has such lists. */
export function mapperFields(resource: KustomerResource): FieldSpec[] {
	const plain = new Set<FieldSpec['kind']>(PLAIN_KINDS);
	const required = resource.createRequired.map(({ field }) => field);
	const fields = [...resource.fields, ...required].filter((field) => plain.has(field.kind));
	const lists = Object.entries(LIST_COLUMNS)
		.filter(([, { list }]) => resource.fields.some((field) => field.attribute === list))
		.map(([column]): FieldSpec => {
			const label = column === 'email' ? 'Email' : 'Phone';
			return { attribute: column, label, kind: 'string', use: ['create', 'update'] };
		});
	const seen = new Set<string>();
	return [...lists, ...fields].filter((field) => !seen.has(field.attribute) && seen.add(field.attribute));
}

/** What an item gives for an upsert: the record to create and the changes to an existing one. */
export interface UpsertValues {
	create: IDataObject;
	update: IDataObject;
}

/**
 * The record an item's columns give, for a create and for an update: empty columns are left out (an
 * upsert changes only what it is given), `email`/`phone` become one-entry lists, custom attribute names go
 * into `custom`. The match column (none for a create) is left out of the update (the record has it already;
 * resending it would replace its list). `strict`: a column that is no attribute is refused (mapped by hand)
 * rather than ignored.
 */
export function upsertValues(
	resource: KustomerResource,
	columns: IDataObject,
	match: MatchKey | undefined,
	strict: boolean,
): UpsertValues {
	const fields = mapperFields(resource);
	const values: UpsertValues = { create: {}, update: {} };
	const set = (use: FieldUse, name: string, value: unknown) => (values[use][name] = value as IDataObject[string]);
	const custom: IDataObject = {};
	for (const [name, raw] of Object.entries(columns ?? {})) {
		if (raw === undefined || raw === null || raw === '') continue;
		const spec = fields.find((field) => field.attribute === name);
		if (name in LIST_COLUMNS) {
			const { list, key } = LIST_COLUMNS[name];
			const keyOf: MatchKey = name === 'email' ? emailMatch : phoneMatch;
			if (spec) {
				const entry = [{ [key]: matchValue(keyOf, raw) }];
				set('create', list, entry);
				if (name !== match?.column) set('update', list, entry);
			}
			continue;
		}
		if (spec) {
			const converted = fieldValue(spec, raw, 'create');
			for (const use of ['create', 'update'] as const) {
				const required = use === 'create' && resource.createRequired.some(({ field }) => field.attribute === name);
				if ((spec.use.includes(use) || required) && !(use === 'update' && name === match?.column)) {
					set(use, name, converted);
				}
			}
		} else if (CUSTOM_NAME.test(name)) {
			custom[name] = raw as IDataObject[string];
		} else if (strict) {
			throw new FieldError(name, `is not a ${resource.displayName.toLowerCase()} attribute`);
		}
	}
	if (Object.keys(custom).length) {
		const typed = customAttributes(custom, 'Custom Attributes');
		values.create.custom = typed;
		values.update.custom = typed;
	}
	return values;
}

/** The attributes a create needs that the item does not give (a company's name, a custom object's title). */
export function missingForCreate(resource: KustomerResource, record: IDataObject): string[] {
	return resource.createRequired
		.filter(({ field }) => record[field.attribute] === undefined)
		.map(({ field }) => field.label);
}

/** The records found per match value (normalized). */
export type Found = Map<string, IDataObject[]>;

async function inParallel<T>(tasks: T[], concurrency: number, run: (task: T) => Promise<void>) {
	const queue = [...tasks];
	const worker = async () => {
		for (let task = queue.shift(); task !== undefined; task = queue.shift()) await run(task);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

/** One `or` search of up to 20 values, every page of it. */
async function searchValues(
	client: KustomerClient,
	queryContext: string,
	key: MatchKey,
	values: string[],
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const body = await client.request({
			method: 'POST',
			path: '/v1/customers/search',
			qs: { page, pageSize: SEARCH_PAGE_SIZE },
			body: { queryContext, or: values.map((value) => key.criterion!(value)) },
			// A search only reads.
			idempotent: true,
		});
		const found = flattenDocument(body);
		records.push(...found);
		const meta = (body as IDataObject).meta as IDataObject | undefined;
		const more = typeof meta?.totalPages === 'number' ? page < meta.totalPages : found.length === SEARCH_PAGE_SIZE;
		if (!more || found.length === 0) return records;
	}
}

/** One record by its match value in the path (`GET /v1/klasses/order/externalId=A-1`); a 404 is "none". */
async function lookupValue(
	client: KustomerClient,
	collection: string,
	key: MatchKey,
	value: string,
): Promise<IDataObject[]> {
	const path = `${collection}/${key.column}=${encodeURIComponent(value)}`;
	const outcome = await outcomeOf(async () => await client.request({ method: 'GET', path, idempotent: true }));
	if (outcome.ok) return flattenDocument(outcome.value);
	if (outcome.error instanceof KustomerHttpError && outcome.error.status === 404) return [];
	throw outcome.error;
}

/**
 * Finds the records of many match values: `or` searches of 20 values where the key has a search
 * criterion (20 values for one unit of the search budget and one of the org budget), else one path lookup
 * per value. `onFailure` gets the values of a lookup that failed, the others go on; `onLookedUp` gets each
 * lookup's values as soon as their records are known (so their writes need not wait for the other lookups).
 */
export async function findRecords(
	client: KustomerClient,
	declaration: UpsertDeclaration,
	collection: string,
	key: MatchKey,
	values: string[],
	onFailure: (values: string[], error: unknown) => void,
	onLookedUp: (values: string[], found: Found) => void = () => {},
): Promise<Found> {
	const found: Found = new Map(values.map((value) => [normalize(key.column, value), []]));
	const file = (records: IDataObject[]) => {
		for (const record of records) {
			for (const value of key.valuesOf(record)) found.get(value)?.push(record);
		}
	};
	const attempt = async (part: string[], lookup: () => Promise<IDataObject[]>) => {
		try {
			file(await lookup());
		} catch (error) {
			onFailure(part, error);
			return;
		}
		onLookedUp(part, found);
	};
	if (key.criterion && declaration.queryContext) {
		const context = declaration.queryContext;
		await inParallel(chunk(values, MAX_SEARCH_CRITERIA), SEARCH_CONCURRENCY, async (part) =>
			attempt(part, async () => await searchValues(client, context, key, part)),
		);
	} else {
		await inParallel(values, LOOKUP_CONCURRENCY, async (value) =>
			attempt([value], async () => await lookupValue(client, collection, key, value)),
		);
	}
	return found;
}

/** The found records of one value. */
export function foundFor(found: Found, key: MatchKey, value: string): IDataObject[] {
	const records = found.get(normalize(key.column, value)) ?? [];
	return [...new Map(records.map((record) => [String(record.id), record])).values()];
}

/** The key under which two items' values mean the same record. */
export const sameRecordKey = (key: MatchKey, value: string) => normalize(key.column, value);

/** Whether Kustomer refused a create because a record with the value exists (made since the lookup). */
export function refusedAsExisting(error: unknown): boolean {
	if (error instanceof KustomerHttpError) return error.status === 409 || EXISTS.test(JSON.stringify(error.body ?? ''));
	return EXISTS.test(typeof error === 'string' ? error : String((error as Error | undefined)?.message ?? ''));
}

/** "2 customers have email jo@example.com: 65…, 66…": never a guess which one to update. */
export function severalFound(resource: KustomerResource, key: MatchKey, value: string, records: IDataObject[]): string {
	const ids = records.map((record) => String(record.id)).join(', ');
	const found = `${records.length} ${pluralNoun(resource)} have ${key.label.toLowerCase()} "${value}" (${ids})`;
	return `${found}; nothing was written for this item: match on a unique column, or merge them in Kustomer first`;
}
