import type { IDataObject } from 'n8n-workflow';

import type { FieldSpec, FieldUse } from './types';

/** An input value that Kustomer would refuse; `field` is the label a person sees in the form. */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		readonly reason: string,
	) {
		super(`${field}: ${reason}`);
	}
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const TAG = /^[0-9a-zA-Z\u00c0-\u00ff_/<>\-.][0-9a-zA-Z\u00c0-\u00ff _/<>\-.]{0,63}$/;
const CUSTOM_NAME = /^[a-z][A-Za-z0-9]*(Str|Txt|Num|At|Bool|Url|Id)$/;

/** Whether a value is a Kustomer ID. */
export function isKustomerId(value: unknown): value is string {
	return typeof value === 'string' && OBJECT_ID.test(value);
}

function listOf(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') return value.split(',').map((part) => part.trim()).filter(Boolean);
	return value === undefined || value === null || value === '' ? [] : [value];
}

/** A date from the form (text, Date, or Luxon DateTime from an expression) as ISO 8601. */
export function toIsoDate(value: unknown, label: string): string {
	const candidate =
		value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function'
			? (value as { toISO: () => string }).toISO()
			: value;
	const date = candidate instanceof Date ? candidate : new Date(String(candidate));
	if (candidate === '' || Number.isNaN(date.getTime())) {
		throw new FieldError(label, `"${String(value)}" is not a date; use ISO 8601 such as 2025-05-21T09:00:00Z`);
	}
	return date.toISOString();
}

function toNumber(value: unknown, label: string): number {
	const number =
		typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isFinite(number)) throw new FieldError(label, `"${String(value)}" is not a number`);
	return number;
}

function toBoolean(value: unknown, label: string): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new FieldError(label, `"${String(value)}" is not true or false`);
}

function checkRange(number: number, spec: FieldSpec, label: string) {
	if ((spec.min !== undefined && number < spec.min) || (spec.max !== undefined && number > spec.max)) {
		throw new FieldError(label, `${number} is outside ${spec.min} to ${spec.max}`);
	}
}

function customValue(name: string, value: unknown, label: string): unknown {
	if (value === '' || value === null || value === undefined) return null;
	const suffix = CUSTOM_NAME.exec(name)![1];
	switch (suffix) {
		case 'Num':
			return toNumber(value, label);
		case 'Bool':
			return toBoolean(value, label);
		case 'At':
			return toIsoDate(value, label);
		case 'Id':
			if (!isKustomerId(value)) throw new FieldError(label, `"${String(value)}" is not a Kustomer ID`);
			return value;
		case 'Str':
			if (String(value).length > 1024) throw new FieldError(label, 'is longer than 1024 characters');
			return String(value);
		default:
			return String(value);
	}
}

/** Custom attributes from name/value pairs or a plain object, each value typed by its name's suffix. */
export function customAttributes(value: unknown, label: string): IDataObject {
	const pairs: Array<{ name?: unknown; value?: unknown }> =
		value && typeof value === 'object' && Array.isArray((value as IDataObject).attribute)
			? ((value as IDataObject).attribute as IDataObject[])
			: Object.entries((value ?? {}) as IDataObject).map(([name, v]) => ({ name, value: v }));
	const custom: IDataObject = {};
	for (const pair of pairs) {
		const name = String(pair.name ?? '').trim();
		const itemLabel = `${label} "${name}"`;
		if (!CUSTOM_NAME.test(name)) {
			throw new FieldError(
				itemLabel,
				'a custom attribute name is camelCase and ends in its type: ' +
				'Str, Txt, Num, At, Bool, Url or Id (e.g. orderNumberStr)',
			);
		}
		custom[name] = customValue(name, pair.value, itemLabel) as IDataObject[string];
	}
	if (Object.keys(custom).length > 100) throw new FieldError(label, 'at most 100 custom attributes at once');
	return custom;
}

function parseJson(value: unknown, spec: FieldSpec, label: string): unknown {
	const NOT_JSON = Symbol('not JSON');
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			parsed = NOT_JSON;
		}
	}
	if (parsed === NOT_JSON) throw new FieldError(label, 'is not valid JSON');
	const isArray = Array.isArray(parsed);
	if (spec.jsonShape === 'array' ? !isArray : isArray || typeof parsed !== 'object' || parsed === null) {
		throw new FieldError(label, `must be a JSON ${spec.jsonShape ?? 'object'}`);
	}
	return parsed;
}

/** One attribute's value as Kustomer expects it, or a FieldError naming what is wrong. */
export function fieldValue(spec: FieldSpec, value: unknown, use: FieldUse, label = spec.label): unknown {
	switch (spec.kind) {
		case 'string':
		case 'text': {
			if (value === null || value === '') return null;
			const text = String(value);
			if (spec.maxLength !== undefined && text.length > spec.maxLength) {
				throw new FieldError(label, `is longer than ${spec.maxLength} characters`);
			}
			if (spec.minLength !== undefined && text.length < spec.minLength) {
				throw new FieldError(label, `is shorter than ${spec.minLength} characters`);
			}
			return text;
		}
		case 'id':
			if (!isKustomerId(value)) {
				throw new FieldError(label, `"${String(value)}" is not a Kustomer ID (24 hexadecimal characters)`);
			}
			return value;
		case 'url':
			if (value === null || value === '') return null;
			if (!/^https?:\/\/\S+$/i.test(String(value))) throw new FieldError(label, `"${String(value)}" is not a URL`);
			return String(value);
		case 'integer':
		case 'number': {
			const number = toNumber(value, label);
			if (spec.kind === 'integer' && !Number.isInteger(number)) {
				throw new FieldError(label, `${number} is not a whole number`);
			}
			checkRange(number, spec, label);
			return number;
		}
		case 'boolean':
			return toBoolean(value, label);
		case 'dateTime':
			return value === null || value === '' ? null : toIsoDate(value, label);
		case 'options': {
			const allowed = (spec.options ?? [])
				.map((option) => option.value)
				.filter((option) => use !== 'create' || !spec.createValues || spec.createValues.includes(option));
			const match = allowed.find((option) => String(option) === String(value));
			if (match === undefined) {
				throw new FieldError(label, `"${String(value)}" is not one of ${allowed.join(', ')}`);
			}
			return match;
		}
		case 'idList':
		case 'tagList': {
			const items = [...new Set(listOf(value).map((item) => String(item).trim()))];
			const bad = items.find((item) => (spec.kind === 'idList' ? !OBJECT_ID.test(item) : !TAG.test(item)));
			if (bad !== undefined) {
				throw new FieldError(
					label,
					spec.kind === 'idList'
						? `"${bad}" is not a Kustomer ID (24 hexadecimal characters)`
						: `"${bad}" is not a valid tag (1 to 64 letters, digits, spaces or _/<>.-)`,
				);
			}
			if (spec.maxItems !== undefined && items.length > spec.maxItems) {
				throw new FieldError(label, `has ${items.length} entries; Kustomer accepts at most ${spec.maxItems}`);
			}
			return items;
		}
		case 'json':
			return parseJson(value, spec, label);
		case 'object': {
			const values = (value as IDataObject | undefined)?.values ?? value;
			return nestedRecord(spec.fields ?? [], values as IDataObject, use, label);
		}
		case 'objectList': {
			const entries = listOf((value as IDataObject | undefined)?.values ?? value) as IDataObject[];
			if (spec.maxItems !== undefined && entries.length > spec.maxItems) {
				throw new FieldError(label, `has ${entries.length} entries; Kustomer accepts at most ${spec.maxItems}`);
			}
			return entries
				.map((entry, index) => nestedRecord(spec.fields ?? [], entry, use, `${label} ${index + 1}`))
				.filter((entry) => !isEmpty(entry));
		}
		case 'custom':
			return customAttributes(value, label);
	}
}

function nestedRecord(fields: FieldSpec[], values: IDataObject | undefined, use: FieldUse, label: string): IDataObject {
	const record: IDataObject = {};
	for (const spec of fields) {
		const value = values?.[spec.attribute];
		const empty = value === undefined || value === '' || value === null;
		if (empty && spec.required) throw new FieldError(`${label} → ${spec.label}`, 'is required');
		if (!empty) record[spec.attribute] = fieldValue(spec, value, use, `${label} → ${spec.label}`) as IDataObject[string];
	}
	return record;
}

/** A value that says nothing: no text, an empty list, an object without attributes. */
function isEmpty(value: unknown): boolean {
	if (value === null || value === undefined || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	return typeof value === 'object' && !(value instanceof Date) && Object.keys(value).length === 0;
}

/**
 * The attributes a person set (the collection's value), checked and converted for Kustomer. Unknown names
 * are refused rather than sent, since Kustomer answers them with a 400. On create an empty value (a field
 * added and left blank, an empty list) is left out: there is nothing to clear on a new record. On update
 * an emptied text is sent as null and an empty list as [], which clears the attribute.
 */
export function buildRecord(fields: FieldSpec[], values: IDataObject, use: FieldUse): IDataObject {
	const record: IDataObject = {};
	const shortcuts: Array<{ list: string; key: string; value: unknown }> = [];
	for (const [name, value] of Object.entries(values ?? {})) {
		const spec = fields.find((candidate) => candidate.attribute === name && candidate.use.includes(use));
		if (!spec) throw new FieldError(name, `is not an attribute Kustomer accepts here`);
		const converted = fieldValue(spec, value, use);
		if (use === 'create' && isEmpty(converted)) continue;
		if (spec.into) shortcuts.push({ ...spec.into, value: converted });
		else record[name] = converted as IDataObject[string];
	}
	// The one-value field comes first in its list, whatever order the fields were given in.
	for (const { list, key, value } of shortcuts) {
		record[list] = [{ [key]: value } as IDataObject, ...((record[list] as IDataObject[] | undefined) ?? [])];
	}
	return record;
}

/** A create that would make a blank record: refused, naming the collection to fill in. */
export function refuseBlankCreate(record: IDataObject, collectionLabel: string): void {
	if (Object.keys(record).length === 0) {
		throw new FieldError(collectionLabel, 'nothing to create: set at least one field, such as a name or an email');
	}
}
