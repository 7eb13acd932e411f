import type { IDataObject, IDisplayOptions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ADVANCED_FIELDS } from './fields/properties';
import { buildRecord, fieldValue, FieldError, isKustomerId, refuseBlankCreate } from './fields/record';
import type { FieldSpec, FieldUse } from './fields/types';
import type { SimpleField } from './simplify';
import type { ResourceOperations } from '../operations/types';

/** What the operations need to know of a Kustomer resource: the one declaration in its folder's index.ts. */
export interface KustomerResource {
	value: string;
	displayName: string;
	/** The path segment under /v1. */
	plural: string;
	/**
	 * The collection's path under /v1 for the current item where it depends on a parameter (a custom object's
	 * Klass: `klasses/{klassName}`); without it, `plural`.
	 */
	pathOf?: (read: ParameterReader) => string;
	/** Parameters every operation of the resource asks first (a custom object's Klass). */
	commonProperties?: INodeProperties[];
	/** The node parameter holding one record's ID (a resource locator or a plain string). */
	idParameter: string;
	/** Matches a Kustomer app URL of the record; its one group is the ID. */
	appUrlPattern: string;
	/** The `methods.listSearch` entry that lists the resource's records for "From List" (methods/listSearch.ts). */
	listSearchMethod?: string;
	fields: FieldSpec[];
	/** Fields a create needs, asked as their own parameters rather than in Additional Fields. */
	createRequired: Array<{ parameter: string; field: FieldSpec; property: Partial<INodeProperties> }>;
	/** Kustomer's metadata name of the resource's custom attributes for the current item; default `value`. */
	metadataName?: (read: ParameterReader) => string;
	/** What Simplify keeps of a record. */
	simpleFields: SimpleField[];
	operations: ResourceOperations;
}

/** The resource's name for many records in running text: "conversations", "companies". */
export function pluralNoun(resource: KustomerResource): string {
	const noun = resource.displayName.toLowerCase();
	return noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}

/** Reads a node parameter of the item being processed, whichever n8n context is at hand. */
export type ParameterReader = (name: string, fallback?: unknown, options?: { extractValue?: boolean }) => unknown;

export const UPDATE_FIELDS = { name: 'updateFields', displayName: 'Update Fields', placeholder: 'Add Field' };
export const ADDITIONAL_FIELDS = {
	name: 'additionalFields',
	displayName: 'Additional Fields',
	placeholder: 'Add Field',
};

/**
 * Where an ID of an operation that gathers many items starts: each item's own `id`. A record picked from
 * a list would be the same record for every item (20 items, one conversation updated 20 times).
 */
export const ID_FROM_EACH_ITEM = { mode: 'id', value: '={{ $json.id }}' };

/**
 * The resource locator for one record's ID: from a searchable list (where the resource has one; then the
 * default, as n8n's guidelines ask, except where `fromEachItem`: see ID_FROM_EACH_ITEM), by ID or by its
 * Kustomer app URL; a plain string also works.
 */
export function idLocator(
	resource: KustomerResource,
	show: IDisplayOptions['show'],
	{ fromEachItem = false } = {},
): INodeProperties {
	const noun = resource.displayName;
	const searchListMethod = resource.listSearchMethod;
	const start = fromEachItem ? ID_FROM_EACH_ITEM : { mode: searchListMethod ? 'list' : 'id', value: '' };
	return {
		displayName: `${noun} ID`,
		name: resource.idParameter,
		type: 'resourceLocator',
		required: true,
		default: start,
		description: `The ${noun.toLowerCase()} to work on`,
		displayOptions: { show },
		modes: [
			...(searchListMethod
				? [
						{
							displayName: 'From List',
							name: 'list',
							type: 'list' as const,
							placeholder: `Select a ${noun.toLowerCase()}...`,
							typeOptions: { searchListMethod, searchable: true },
						},
					]
				: []),
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6650c2f1a3b4c5d6e7f80911',
				validation: [
					{
						type: 'regex',
						// Empty is left to the "required" check, so an empty ID shows one issue, not two.
						properties: { regex: '^\\s*([0-9a-fA-F]{24})?\\s*$', errorMessage: 'A Kustomer ID is 24 hexadecimal characters' },
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `e.g. https://acme.kustomerapp.com/app/${resource.plural}/6650c2f1a3b4c5d6e7f80911`,
				extractValue: { type: 'regex', regex: resource.appUrlPattern },
				validation: [
					{
						type: 'regex',
						properties: { regex: resource.appUrlPattern, errorMessage: `Not a Kustomer ${noun.toLowerCase()} URL` },
					},
				],
			},
		],
	};
}

/** The path of the resource's records for the current item: `/v1/customers`, `/v1/klasses/order`. */
export function collectionPath(resource: KustomerResource, read: ParameterReader): string {
	return `/v1/${resource.pathOf ? resource.pathOf(read) : resource.plural}`;
}

/** The path of one record of the current item. */
export function recordPath(resource: KustomerResource, read: ParameterReader, id = readId(read, resource)): string {
	return `${collectionPath(resource, read)}/${encodeURIComponent(id)}`;
}

/** The resource's records below a parent record of the current item: `/v1/customers/{id}/klasses/order`. */
export function pathBelow(parent: KustomerResource, resource: KustomerResource, read: ParameterReader): string {
	return `${recordPath(parent, read)}${collectionPath(resource, read).slice('/v1'.length)}`;
}

/** The record ID of the current item, checked. */
export function readId(read: ParameterReader, resource: KustomerResource): string {
	const raw = read(resource.idParameter, '', { extractValue: true });
	const value = (typeof raw === 'object' && raw !== null ? (raw as IDataObject).value : raw) ?? '';
	const id = String(value).trim();
	if (!isKustomerId(id)) {
		throw new FieldError(
			`${resource.displayName} ID`,
			id === '' ? 'is empty' : `"${id}" is not a Kustomer ID (24 hexadecimal characters)`,
		);
	}
	return id;
}

/**
 * The record an item gives for a create or an update: its collection of attributes plus, on create, the
 * required ones.
 */
export function readRecord(read: ParameterReader, resource: KustomerResource, use: FieldUse): IDataObject {
	const collection = use === 'create' ? ADDITIONAL_FIELDS : UPDATE_FIELDS;
	const collected = (name: string) => (read(name, {}) ?? {}) as IDataObject;
	const values = { ...collected(ADVANCED_FIELDS.name), ...collected(collection.name) };
	const record = buildRecord(resource.fields, values, use);
	if (use === 'create') {
		for (const { parameter, field } of resource.createRequired) {
			const value = read(parameter, '', { extractValue: true });
			if (value === '' || value === undefined || value === null) throw new FieldError(field.label, 'is required');
			record[field.attribute] = fieldValue(field, value, use) as IDataObject[string];
		}
		refuseBlankCreate(record, collection.displayName);
	}
	return record;
}

/** An input problem as an n8n error naming the item and the field; nothing was sent for it. */
export function inputError(node: INode, error: unknown, itemIndex: number): Error {
	if (!(error instanceof FieldError)) return error as Error;
	return new NodeOperationError(node, `Invalid ${error.field}: ${error.reason}`, {
		itemIndex,
		description: `Input item ${itemIndex}: correct "${error.field}". Nothing was sent to Kustomer for this item.`,
	});
}
