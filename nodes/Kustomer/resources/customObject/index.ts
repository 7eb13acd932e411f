import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { FieldError } from '../../core/fields/record';
import type { KustomerResource, ParameterReader } from '../../core/resource';
import { externalIdLookup } from '../../operations/get';
import { fromDateFilter } from '../../operations/getMany';
import { customer } from '../customer';
import type { UpsertDeclaration } from '../../operations/match';
import { externalIdMatch } from '../../operations/match';
import { customObjectFields } from './fields';

/**
 * Custom objects are found by Kustomer's documented lookup, `GET /v1/klasses/{name}/externalId={id}` (one
 * request per value: a KObject's external ID as a search criterion is not in the spec).
 */
const upsert: UpsertDeclaration = { matchOn: [externalIdMatch()], updateMethod: 'PUT' };

/** Kustomer's rule for a Klass name (CreateKlass). */
const KLASS_NAME = /^[0-9a-zA-Z_-]+$/;

/** The Klass (custom object type) every custom object operation works in: from the org's list, or by name. */
const klassName: INodeProperties = {
	displayName: 'Klass',
	name: 'klassName',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The custom object type (Kustomer calls it a Klass), e.g. order or subscription',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a Klass...',
			typeOptions: { searchListMethod: 'searchKlasses', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. order',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^\\s*([0-9a-zA-Z_-]+)?\\s*$',
						errorMessage: 'A Klass name has letters, digits, - and _ only',
					},
				},
			],
		},
	],
};

/** The Klass name of the current item, checked: a resource locator's value or a plain string. */
function readKlassName(read: ParameterReader): string {
	const raw = read(klassName.name, '', { extractValue: true });
	const name = String((typeof raw === 'object' && raw !== null ? (raw as IDataObject).value : raw) ?? '').trim();
	if (!KLASS_NAME.test(name)) {
		throw new FieldError(
			'Klass',
			name === '' ? 'is empty: choose a Klass' : `"${name}" is not a Klass name (letters, digits, - and _)`,
		);
	}
	return name;
}

export const customObject: KustomerResource = {
	value: 'customObject',
	displayName: 'Custom Object',
	plural: 'klasses',
	pathOf: (read) => `klasses/${readKlassName(read)}`,
	commonProperties: [klassName],
	idParameter: 'customObjectId',
	// Kustomer shows a custom object inside its customer's timeline, under its Klass's name.
	appUrlPattern: 'https?://[^/]+/app/.*(?:klasses|kobjects)/[^/]+/([0-9a-fA-F]{24})',
	metadataName: (read) => `kobject.${readKlassName(read)}`,
	fields: customObjectFields,
	createRequired: [
		{
			parameter: 'title',
			field: { attribute: 'title', label: 'Title', kind: 'string', use: ['create'], maxLength: 256 },
			property: {
				placeholder: 'e.g. Order #1001',
				description: 'The object\'s title, as Kustomer shows it on the timeline',
			},
		},
	],
	simpleFields: ['title', 'externalId', 'description', 'customer', 'company', 'tags', 'createdAt', 'updatedAt'],
	operations: {
		create: {
			columns: true,
			hint:
				'Kustomer creates at most 120 objects a minute per customer unless Imported At is set; ' +
				'use Bulk Create to import many',
		},
		get: { lookups: [externalIdLookup] },
		getAll: {
			scopes: [
				{ value: 'all', name: 'All Objects of the Klass' },
				{ value: 'customer', name: 'Objects of a Customer', parent: customer },
			],
			filters: [fromDateFilter('Only objects created from this date on', ['all'])],
		},
		update: { replace: false },
		delete: {},
		bulkCreate: { columns: true },
		bulkUpdate: { sameChanges: 'idsQuery' },
		bulkDelete: {},
		upsert,
		bulkUpsert: upsert,
	},
};
