import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { fieldProperty } from '../core/fields/properties';
import { fieldValue, FieldError } from '../core/fields/record';
import type { FieldSpec } from '../core/fields/types';
import type { ParameterReader } from '../core/resource';
import { pluralNoun } from '../core/resource';
import { recordOutput, simplifyProperty } from '../core/simplify';
import type { Paging } from '../core/transport/paging';
import { routedOperation } from '../core/transport/routed';
import { itemPreSend, itemReadPlan, optionsCollection, readOptions } from './common';
import { limitProperties, readPaging } from './getMany';
import type { OperationBuilder, SearchFilter } from './types';

/** Kustomer's search serves pages of up to 500 (its CustomerSearch reference). */
const SEARCH_PAGE_SIZE = 500;

/**
 * A filter of the Search form: `attribute` is the form field, `field` and `operator` Kustomer's criterion.
 * Filters reuse the field machinery (form property, input check, date to ISO); their FieldSpec's `use` is
 * only there because a FieldSpec needs one.
 */
export function searchFilter(
	attribute: string,
	label: string,
	kind: 'string' | 'dateTime' | 'options' | 'id',
	field: string,
	operator: string,
	placeholder?: string,
	more: Pick<FieldSpec, 'options' | 'description'> = {},
): SearchFilter {
	return {
		spec: { attribute, label, kind, use: ['update'], placeholder, ...more },
		criterion: (value) => ({ [field]: { [operator]: value } }),
	};
}

/** Kustomer has one search endpoint; `queryContext` says what it searches. */
const SEARCH_PATH = '/v1/customers/search';

/**
 * How a search sorted by update time reads on past Kustomer's 100-page cap: the same search again, from
 * the last record's update time on (its CustomerSearch reference). Records at that very time are read
 * twice and output once (paging.ts).
 */
function pastCapOf(queryContext: string, body: IDataObject): Paging['pastCap'] {
	const field = `${queryContext}_updated_at`;
	const sort = Array.isArray(body.sort) && body.sort.length === 1 ? (body.sort[0] as IDataObject)[field] : undefined;
	if (sort !== 'asc' && sort !== 'desc') return undefined;
	return (first, last) => {
		const updatedAt = ((last.attributes ?? last) as IDataObject).updatedAt;
		const previous = first.body as IDataObject;
		const and = Array.isArray(previous.and) ? previous.and : previous.and ? [previous.and] : [];
		const from = { [field]: { [sort === 'asc' ? 'gte' : 'lte']: updatedAt } };
		return { ...first, body: { ...previous, and: [...and, from] } };
	};
}

const QUERY_SPEC: FieldSpec = {
	attribute: 'query',
	label: 'Query (JSON)',
	kind: 'json',
	use: ['update'],
	jsonShape: 'object',
};

/**
 * Search: `POST /v1/<resource>/search`, page by page up to the limit. Kustomer caps a search at 100 pages
 * and sees only records updated in the last two years.
 */
export const searchOperation: OperationBuilder<'search'> = (resource, declaration) => {
	const { queryContext, filters, exampleQuery, description } = declaration;
	const nouns = pluralNoun(resource);
	const show = { resource: [resource.value], operation: ['search'] };

	/** The search body of the current item: from the form's filters, or the expert's JSON with the resource's context. */
	function searchBody(read: ParameterReader): IDataObject {
		if (read('define', 'filters') === 'json') {
			const query = fieldValue(QUERY_SPEC, read('query', '{}'), 'update') as IDataObject;
			if (query.queryContext !== undefined && query.queryContext !== queryContext) {
				throw new FieldError(
					QUERY_SPEC.label,
					`"queryContext" is "${String(query.queryContext)}"; this operation searches ${nouns}, ` +
						`so leave it out or set "${queryContext}"`,
				);
			}
			return { ...query, queryContext };
		}
		const values = (read('filters', {}) ?? {}) as IDataObject;
		const and = filters
			.filter(({ spec }) => values[spec.attribute] !== undefined && values[spec.attribute] !== '')
			.map(({ spec, criterion }) => criterion(fieldValue(spec, values[spec.attribute], 'update')));
		const { sort = 'desc' } = readOptions<{ sort: string }>(read);
		return { queryContext, ...(and.length > 0 ? { and } : {}), sort: [{ [`${queryContext}_updated_at`]: sort }] };
	}

	const prepareSearch = itemPreSend((read, requestOptions) => {
		requestOptions.url = SEARCH_PATH;
		requestOptions.body = searchBody(read);
		return requestOptions;
	});

	const planSearch = itemReadPlan((read) => ({
		paging: { ...readPaging(read, SEARCH_PAGE_SIZE), pastCap: pastCapOf(queryContext, searchBody(read)) },
		toItem: recordOutput(resource, read('simple', true) !== false),
	}));

	const filterProperties: INodeProperties[] = filters.map(({ spec }) => fieldProperty(spec, 'update'));

	return {
		option: {
			name: 'Search',
			value: 'search',
			action: `Search ${nouns}`,
			description,
			routing: routedOperation({ method: 'POST', preSend: [prepareSearch], postReceive: [], read: planSearch }),
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
				default: exampleQuery,
				description: `Kustomer's search body; "queryContext" is set to "${queryContext}"`,
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
};
