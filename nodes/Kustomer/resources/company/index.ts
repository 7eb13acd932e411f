import type { KustomerResource } from '../../core/resource';
import type { UpsertDeclaration } from '../../operations/match';
import { externalIdMatch } from '../../operations/match';
import { companyFields } from './fields';

/**
 * Companies are found by `or` searches on `company_externalId` (assumed: Kustomer's spec lists no company
 * criteria, and has no lookup of a company by external ID); PUT without replace changes only what it is given.
 */
const upsert: UpsertDeclaration = {
	matchOn: [externalIdMatch('company')],
	queryContext: 'company',
	updateMethod: 'PUT',
};

/** Kustomer has no company delete: Update and Bulk Update mark one deleted (the Deleted field). */
export const company: KustomerResource = {
	value: 'company',
	displayName: 'Company',
	plural: 'companies',
	idParameter: 'companyId',
	appUrlPattern: 'https?://[^/]+/app/companies/([0-9a-fA-F]{24})',
	listSearchMethod: 'searchCompanies',
	fields: companyFields,
	createRequired: [
		{
			parameter: 'name',
			field: { attribute: 'name', label: 'Name', kind: 'string', use: ['create'], maxLength: 256, minLength: 3 },
			property: { placeholder: 'e.g. Acme Inc.', description: 'The company\'s name, 3 to 256 characters' },
		},
	],
	simpleFields: ['name', 'externalId', 'employeeCount', 'tags', 'deleted', 'createdAt', 'updatedAt'],
	operations: {
		create: { columns: true },
		get: { lookups: [] },
		getAll: {
			scopes: [{ value: 'all', name: 'All Companies' }],
			filters: [
				{
					scopes: ['all'],
					property: {
						displayName: 'Name',
						name: 'filter',
						type: 'string',
						default: '',
						placeholder: 'e.g. Acme',
						description: 'Only companies with this name',
					},
					query: (value) => (value ? { filter: String(value) } : {}),
				},
				{
					scopes: ['all'],
					property: {
						displayName: 'External ID',
						name: 'externalId',
						type: 'string',
						default: '',
						placeholder: 'e.g. crm-001',
						description: 'Only the company with this external ID',
					},
					query: (value) => (value ? { externalId: String(value) } : {}),
				},
			],
		},
		update: { replace: false },
		bulkCreate: { columns: true },
		// PUT /v1/companies/bulk has no ?ids= mode: the same changes go as one record per ID.
		bulkUpdate: { sameChanges: 'records' },
		upsert,
		bulkUpsert: upsert,
	},
};
