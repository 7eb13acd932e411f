import type { FieldType, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FieldSpec } from '../core/fields/types';
import type { KustomerResource } from '../core/resource';
import { mapperFields } from '../operations/match';
import { RESOURCES } from '../resources';
import type { AttributeMetadata } from './loadOptions';
import { customAttributeMetadata } from './loadOptions';

const TYPE_OF_KIND: Partial<Record<FieldSpec['kind'], FieldType>> = {
	integer: 'number',
	number: 'number',
	boolean: 'boolean',
	dateTime: 'dateTime',
	options: 'options',
	url: 'url',
};

/** A custom attribute's type, from its name's suffix (Kustomer types custom attributes by it). */
const TYPE_OF_SUFFIX: Record<string, FieldType> = { Num: 'number', Bool: 'boolean', At: 'dateTime', Url: 'url' };

function standardColumn(field: FieldSpec, matchOn: string[], required: string[]): ResourceMapperField {
	const json: FieldType = field.jsonShape === 'array' ? 'array' : 'object';
	const type = field.kind === 'json' ? json : (TYPE_OF_KIND[field.kind] ?? 'string');
	return {
		id: field.attribute,
		displayName: field.label,
		required: required.includes(field.attribute),
		defaultMatch: field.attribute === matchOn[0],
		canBeUsedToMatch: matchOn.includes(field.attribute),
		display: true,
		type,
		options: field.options?.map((option) => ({ name: option.name, value: option.value })),
	};
}

function customColumn(key: string, meta: AttributeMetadata): ResourceMapperField {
	const values = (meta.enumeration ?? []).map((entry) =>
		typeof entry === 'object' && entry !== null ? String(entry.value ?? entry.displayName) : String(entry),
	);
	const suffix = /(Str|Txt|Num|At|Bool|Url|Id)$/.exec(key)?.[1] ?? '';
	return {
		id: key,
		displayName: meta.displayName ? `${meta.displayName} (${key})` : key,
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: values.length ? 'options' : (TYPE_OF_SUFFIX[suffix] ?? 'string'),
		options: values.length ? values.map((value) => ({ name: value, value })) : undefined,
	};
}

/** An org without custom attributes for the resource has no metadata for it (404): the standard columns remain. */
function noMetadata(error: unknown): Record<string, AttributeMetadata> {
	if (error instanceof NodeApiError && error.httpCode === '404') return {};
	throw error;
}

/**
 * The columns of an upsert's resource mapper: the resource's attributes by their Kustomer names (`email`
 * and `phone` as single values), then the org's custom attributes (a custom object's Klass fields), each
 * by its key. Only the declared match keys can be matched on. For a create (`creating`), the attributes it
 * needs (a conversation's customer, a company's name) are required columns. Shared by every operation that
 * maps columns.
 */
export async function columnsOf(
	context: ILoadOptionsFunctions,
	resource: KustomerResource,
	creating = false,
): Promise<ResourceMapperFields> {
	const matchOn = (resource.operations.upsert?.matchOn ?? []).map((key) => key.column);
	const required = creating ? resource.createRequired.map(({ field }) => field.attribute) : [];
	const standard = mapperFields(resource).map((field) => standardColumn(field, matchOn, required));
	const custom = Object.entries(await customAttributeMetadata(context).catch(noMetadata))
		.map(([key, meta]) => customColumn(key, meta))
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return { fields: [...standard, ...custom] };
}

export const resourceMapping = {
	async getColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		const value = String(this.getCurrentNodeParameter('resource') ?? '');
		const resource = RESOURCES.find((candidate) => candidate.value === value);
		const creating = ['create', 'bulkCreate'].includes(String(this.getCurrentNodeParameter('operation') ?? ''));
		return resource ? await columnsOf(this, resource, creating) : { fields: [] };
	},
};
