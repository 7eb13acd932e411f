import { customField, date, id, importedAtField, tagsField, text } from '../../core/fields/common';
import type { FieldSpec, FieldUse } from '../../core/fields/types';

const BOTH: readonly FieldUse[] = ['create', 'update'];

/**
 * Every KObject attribute Kustomer's CreateKObject and UpdateKObject accept
 * (`title` is asked separately on create).
 */
export const customObjectFields: FieldSpec[] = [
	text('title', 'Title', 256, ['update'], { minLength: 1 }),
	{ attribute: 'description', label: 'Description', kind: 'text', use: BOTH, maxLength: 10240 },
	text('externalId', 'External ID', 256, BOTH, {
		minLength: 1,
		description: 'The object\'s ID in the system it comes from',
	}),
	id('customer', 'Customer ID', ['create'], 'The customer the object belongs to'),
	id('company', 'Company ID', ['create'], 'The company the object belongs to'),
	{
		attribute: 'data',
		label: 'Data (JSON)',
		kind: 'json',
		use: BOTH,
		jsonShape: 'object',
		description: 'Free-form data kept with the object, e.g. {"sku": "A-100", "quantity": 2}',
	},
	{
		attribute: 'images',
		label: 'Images (JSON)',
		kind: 'json',
		use: BOTH,
		jsonShape: 'array',
		description: 'Image URLs, at most 20, e.g. ["https://example.com/a.png"]',
	},
	text('icon', 'Icon', 64, BOTH, { placeholder: 'e.g. cart' }),
	tagsField(),
	date('createdAt', 'Created At'),
	importedAtField(BOTH),
	{
		attribute: 'rev',
		label: 'Revision',
		kind: 'integer',
		use: ['update'],
		min: 0,
		description: 'The revision you read; Kustomer refuses the change if the object changed since',
	},
	// The Klass's own attributes (GET /v1/metadata/kobject.<klass>), offered once the Klass is chosen.
	customField(BOTH, {
		dependsOn: ['klassName'],
		description: 'The attributes of the chosen Klass (Settings → Platform → Klasses)',
	}),
];
