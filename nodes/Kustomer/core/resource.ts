import type { IDataObject, IDisplayOptions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildRecord, fieldValue, FieldError, isKustomerId } from './fields/record';
import type { FieldSpec, FieldUse } from './fields/types';

export type ResourceName = 'conversation' | 'message' | 'customer';

/** What the operations need to know of a Kustomer resource. */
export interface KustomerResource {
	value: ResourceName;
	displayName: string;
	/** The path segment under /v1. */
	plural: string;
	/** The node parameter holding one record's ID (a resource locator or a plain string). */
	idParameter: string;
	/** Matches a Kustomer app URL of the record; its one group is the ID. */
	appUrlPattern: string;
	fields: FieldSpec[];
	/** Fields a create needs, asked as their own parameters rather than in Additional Fields. */
	createRequired: Array<{ parameter: string; field: FieldSpec; property: Partial<INodeProperties> }>;
}

/** Reads a node parameter of the item being processed, whichever n8n context is at hand. */
export type ParameterReader = (name: string, fallback?: unknown, options?: { extractValue?: boolean }) => unknown;

export const UPDATE_FIELDS = { name: 'updateFields', displayName: 'Update Fields', placeholder: 'Add Field' };
export const ADDITIONAL_FIELDS = { name: 'additionalFields', displayName: 'Additional Fields', placeholder: 'Add Field' };

/**
 * The `methods.listSearch` entry that lists a resource's records for "From List" (methods/listSearch.ts).
 * Messages have none: Kustomer offers no way to find one message by what a person would type.
 */
export const LIST_SEARCH_METHODS: Partial<Record<ResourceName, string>> = {
	conversation: 'searchConversations',
	customer: 'searchCustomers',
};

/**
 * The resource locator for one record's ID: from a searchable list (where the resource has one; then the
 * default, as n8n's guidelines ask), by ID or by its Kustomer app URL; a plain string also works.
 */
export function idLocator(resource: KustomerResource, show: IDisplayOptions['show']): INodeProperties {
	const noun = resource.displayName;
	const searchListMethod = LIST_SEARCH_METHODS[resource.value];
	return {
		displayName: `${noun} ID`,
		name: resource.idParameter,
		type: 'resourceLocator',
		required: true,
		default: { mode: searchListMethod ? 'list' : 'id', value: '' },
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

/** The record an item gives for a create or an update: its collection of attributes plus, on create, the required ones. */
export function readRecord(read: ParameterReader, resource: KustomerResource, use: FieldUse): IDataObject {
	const collection = use === 'create' ? ADDITIONAL_FIELDS : UPDATE_FIELDS;
	const record = buildRecord(resource.fields, (read(collection.name, {}) ?? {}) as IDataObject, use);
	if (use === 'create') {
		for (const { parameter, field } of resource.createRequired) {
			const value = read(parameter, '', { extractValue: true });
			if (value === '' || value === undefined || value === null) throw new FieldError(field.label, 'is required');
			record[field.attribute] = fieldValue(field, value, use) as IDataObject[string];
		}
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
