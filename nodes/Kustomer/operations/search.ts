import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { fieldProperty } from '../core/fields/properties';
import { fieldValue, FieldError } from '../core/fields/record';
import type { FieldSpec } from '../core/fields/types';
import type { KustomerResource, ParameterReader } from '../core/resource';
import { recordOutput, simplifyProperty } from '../core/simplify';
import { planRead } from '../core/transport/paging';
import { routedOperation } from '../core/transport/routed';
import { itemPreSend, optionsCollection, readOptions } from './common';
import { limitProperties, readPaging } from './getMany';
import type { KustomerOperation } from './types';

/** Kustomer's search serves pages of up to 500 (its CustomerSearch reference). */
const SEARCH_PAGE_SIZE = 500;

/** A filter of the form: a form field and the search criterion it becomes. */
interface SearchFilter {
	spec: FieldSpec;
	criterion: (value: unknown) => IDataObject;
}

/**
 * Filters reuse the field machinery (form property, input check, date to ISO); their FieldSpec's `use` is
 * only there because a FieldSpec needs one.
 */
function filter(attribute: string, label: string, kind: 'string' | 'dateTime', field: string, operator: string, placeholder?: string): SearchFilter {
	return {
		spec: { attribute, label, kind, use: ['update'], placeholder },
		criterion: (value) => ({ [field]: { [operator]: value } }),
	};
}

const FILTERS: SearchFilter[] = [
	filter('nameContains', 'Name Contains', 'string', 'customer_name', 'contains', 'e.g. Rivera'),
	filter('email', 'Email Is', 'string', 'customer_email', 'equals', 'e.g. name@example.com'),
	filter('phone', 'Phone Is', 'string', 'customer_phone', 'equals', 'e.g. +14155550123'),
	filter('externalId', 'External ID Is', 'string', 'customer_external_id', 'equals', 'e.g. crm-001'),
	filter('createdAfter', 'Created After', 'dateTime', 'customer_created_at', 'gte'),
	filter('updatedAfter', 'Updated After', 'dateTime', 'customer_updated_at', 'gte'),
	filter('updatedBefore', 'Updated Before', 'dateTime', 'customer_updated_at', 'lte'),
];

const QUERY_SPEC: FieldSpec = { attribute: 'query', label: 'Query (JSON)', kind: 'json', use: ['update'], jsonShape: 'object' };

/** The search body of the current item: from the form's filters, or the expert's JSON with the customer context. */
function searchBody(read: ParameterReader): IDataObject {
	if (read('define', 'filters') === 'json') {
		const query = fieldValue(QUERY_SPEC, read('query', '{}'), 'update') as IDataObject;
		if (query.queryContext !== undefined && query.queryContext !== 'customer') {
			throw new FieldError(QUERY_SPEC.label, `"queryContext" is "${String(query.queryContext)}"; this operation searches customers, so leave it out or set "customer"`);
		}
		return { ...query, queryContext: 'customer' };
	}
	const values = (read('filters', {}) ?? {}) as IDataObject;
	const and = FILTERS.filter(({ spec }) => values[spec.attribute] !== undefined && values[spec.attribute] !== '').map(({ spec, criterion }) =>
		criterion(fieldValue(spec, values[spec.attribute], 'update')),
	);
	const { sort = 'desc' } = readOptions<{ sort: string }>(read);
	return { queryContext: 'customer', ...(and.length > 0 ? { and } : {}), sort: [{ customer_updated_at: sort }] };
}

/**
 * Customer Search: `POST /v1/customers/search`, page by page up to the limit. Kustomer caps a search at
 * 100 pages and sees only records updated in the last two years.
 */
export function searchOperation(resource: KustomerResource): KustomerOperation | undefined {
	if (resource.value !== 'customer') return undefined;
	const show = { resource: [resource.value], operation: ['search'] };

	const prepareSearch = itemPreSend((read, requestOptions) => {
		requestOptions.url = `/v1/${resource.plural}/search`;
		requestOptions.body = searchBody(read);
		return planRead(requestOptions, {
			paging: readPaging(read, SEARCH_PAGE_SIZE),
			toItem: recordOutput(resource.value, read('simple', true) !== false),
		});
	});

	const filterProperties: INodeProperties[] = FILTERS.map(({ spec }) => fieldProperty(spec, 'update'));

	return {
		option: {
			name: 'Search',
			value: 'search',
			action: 'Search customers',
			description: 'Find customers by name, email, phone, dates or a Kustomer search query',
			routing: routedOperation({ method: 'POST', preSend: [prepareSearch], postReceive: [] }),
		},
		properties: [
			{
				displayName: 'Define Search',
				name: 'define',
				type: 'options',
				noDataExpression: true,
				default: 'filters',
				displayOptions: { show },
				options: [
					{ name: 'Using Filters Below', value: 'filters', description: 'All filters you add must match' },
					{
						name: 'Using JSON Query',
						value: 'json',
						description: 'Kustomer\'s search body: and/or/not criteria, sort, and more',
					},
				],
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: { show: { ...show, define: ['filters'] } },
				options: filterProperties.sort((a, b) => a.displayName.localeCompare(b.displayName)),
			},
			{
				displayName: 'Query (JSON)',
				name: 'query',
				type: 'json',
				default: '{\n  "and": [{ "customer_custom_tierStr": { "equals": "gold" } }],\n  "sort": [{ "customer_updated_at": "desc" }]\n}',
				description: 'Kustomer\'s search body; "queryContext" is set to "customer"',
				displayOptions: { show: { ...show, define: ['json'] } },
			},
			...limitProperties(show),
			simplifyProperty(show),
			optionsCollection(show, [
				{
					displayName: 'Sort',
					name: 'sort',
					type: 'options',
					default: 'desc',
					displayOptions: { show: { '/define': ['filters'] } },
					options: [
						{ name: 'Least Recently Updated First', value: 'asc' },
						{ name: 'Most Recently Updated First', value: 'desc' },
					],
				},
			]),
		],
	};
}
