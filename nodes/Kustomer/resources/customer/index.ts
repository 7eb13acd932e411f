import type { KustomerResource } from '../../core/resource';
import { firstEntry } from '../../core/simplify';
import { externalIdLookup } from '../../operations/get';
import type { UpsertDeclaration } from '../../operations/match';
import { emailMatch, externalIdMatch, phoneMatch } from '../../operations/match';
import { searchFilter } from '../../operations/search';
import { customerFields } from './fields';

/** Customers are found by `or` searches; PATCH changes only the fields given (a PUT would drop the company link). */
const upsert: UpsertDeclaration = {
	matchOn: [emailMatch, externalIdMatch('customer'), phoneMatch],
	queryContext: 'customer',
	updateMethod: 'PATCH',
	keepLinks: ['company'],
};

export const customer: KustomerResource = {
	value: 'customer',
	displayName: 'Customer',
	plural: 'customers',
	idParameter: 'customerId',
	appUrlPattern: 'https?://[^/]+/app/customers/([0-9a-fA-F]{24})',
	listSearchMethod: 'searchCustomers',
	fields: customerFields,
	createRequired: [],
	simpleFields: [
		'name',
		{ name: 'email', from: firstEntry('emails', 'email') },
		{ name: 'phone', from: firstEntry('phones', 'phone') },
		'externalId',
		'company',
		'tags',
		'lastActivityAt',
		'createdAt',
		'updatedAt',
	],
	operations: {
		create: { columns: true },
		get: {
			lookups: [
				{ key: 'email', label: 'Email', placeholder: 'e.g. name@example.com' },
				externalIdLookup,
				{ key: 'phone', label: 'Phone', placeholder: 'e.g. +14155550123', format: 'in E.164 format' },
			],
		},
		getAll: { scopes: [{ value: 'all', name: 'All Customers' }], filters: [] },
		update: {},
		delete: {},
		search: {
			queryContext: 'customer',
			description: 'Find customers by name, email, phone, dates or a Kustomer search query',
			exampleQuery:
				'{\n  "and": [{ "customer_custom_tierStr": { "equals": "gold" } }],\n' +
				'  "sort": [{ "customer_updated_at": "desc" }]\n}',
			filters: [
				searchFilter('nameContains', 'Name Contains', 'string', 'customer_name', 'contains', 'e.g. Rivera'),
				searchFilter('email', 'Email Is', 'string', 'customer_email', 'equals', 'e.g. name@example.com'),
				searchFilter('phone', 'Phone Is', 'string', 'customer_phone', 'equals', 'e.g. +14155550123'),
				searchFilter('externalId', 'External ID Is', 'string', 'customer_externalId', 'equals', 'e.g. crm-001'),
				searchFilter('createdAfter', 'Created After', 'dateTime', 'customer_created_at', 'gte'),
				searchFilter('updatedAfter', 'Updated After', 'dateTime', 'customer_updated_at', 'gte'),
				searchFilter('updatedBefore', 'Updated Before', 'dateTime', 'customer_updated_at', 'lte'),
			],
		},
		bulkCreate: { columns: true },
		bulkUpdate: { sameChanges: 'idsQuery' },
		bulkDelete: {},
		upsert,
		bulkUpsert: upsert,
	},
};
