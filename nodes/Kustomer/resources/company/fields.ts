import { customField, date, importedAtField, tagsField, text } from '../../core/fields/common';
import type { FieldSpec, FieldUse } from '../../core/fields/types';
import { CONTACT_LISTS } from '../customer/fields';

const BOTH: readonly FieldUse[] = ['create', 'update'];

/**
 * Every company attribute Kustomer's CreateCompany and UpdateCompanyAttributes accept
 * (`name` is asked separately on create).
 */
export const companyFields: FieldSpec[] = [
	text('name', 'Name', 256, ['update'], { minLength: 3 }),
	text('externalId', 'External ID', 256),
	{ attribute: 'avatarUrl', label: 'Avatar URL', kind: 'url', use: BOTH },
	CONTACT_LISTS.emails,
	CONTACT_LISTS.phones,
	CONTACT_LISTS.whatsapps,
	CONTACT_LISTS.socials,
	CONTACT_LISTS.urls,
	{
		attribute: 'domains',
		label: 'Domains',
		kind: 'objectList',
		use: BOTH,
		maxItems: 10,
		fields: [text('domain', 'Domain', undefined, BOTH, { required: true, placeholder: 'e.g. example.com' })],
	},
	CONTACT_LISTS.locations,
	{ attribute: 'employeeCount', label: 'Employee Count', kind: 'integer', use: BOTH, min: 0 },
	tagsField(),
	date('createdAt', 'Created At', ['create']),
	importedAtField(),
	{
		attribute: 'rev',
		label: 'Revision',
		kind: 'integer',
		use: BOTH,
		min: 0,
		description: 'The revision you read; Kustomer refuses the change if the company changed since',
	},
	text('defaultLang', 'Default Language', 100, BOTH, { placeholder: 'e.g. en_us' }),
	{
		attribute: 'deleted',
		label: 'Deleted',
		kind: 'boolean',
		use: ['update'],
		description:
			'Whether the company is marked deleted. Kustomer has no company delete: ' +
			'a marked company stays, hidden from lists, and can be unmarked.',
	},
	customField(),
];
