import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { FieldError, toIsoDate } from '../core/fields/record';
import type { ParameterReader } from '../core/resource';
import { collectionPath, idLocator, pathBelow, pluralNoun } from '../core/resource';
import { recordOutput, simplifyProperty } from '../core/simplify';
import type { Paging } from '../core/transport/paging';
import { MAX_PAGE_SIZE } from '../core/transport/paging';
import { routedOperation } from '../core/transport/routed';
import { itemPreSend, itemReadPlan, optionsCollection, readOptions } from './common';
import type { ListFilter, OperationBuilder } from './types';

/** Return All and Limit, for every operation that lists records. */
export function limitProperties(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** How far to page, from Return All and Limit. */
export function readPaging(read: ParameterReader, maxPageSize: number): Paging {
	if (read('returnAll', false) === true) return { maxPageSize };
	const limit = Number(read('limit', 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new FieldError('Limit', `${String(read('limit', 50))} is not a whole number of at least 1`);
	}
	return { limit, maxPageSize };
}

/** Kustomer's `sort=desc` on a list, as "Newest First" (on by default). */
export function newestFirstFilter(scopes: string[]): ListFilter {
	return {
		scopes,
		property: {
			displayName: 'Newest First',
			name: 'newestFirst',
			type: 'boolean',
			default: true,
			description: 'Whether to list the most recent records first. Off: in Kustomer\'s default order.',
		},
		query: (value) => (value ? { sort: 'desc' } : {}),
	};
}

/** Kustomer's `fromDate` on a list. */
export function fromDateFilter(description: string, scopes: string[]): ListFilter {
	return {
		scopes,
		property: { displayName: 'From Date', name: 'fromDate', type: 'dateTime', default: '', description },
		query: (value) => (value ? { fromDate: toIsoDate(value, 'From Date') } : {}),
	};
}

/** Get Many: one list per input item, `links.next` followed until its end or the limit (paging.ts). */
export const getManyOperation: OperationBuilder<'getAll'> = (resource, { scopes, filters }) => {
	const nouns = pluralNoun(resource);
	const show = { resource: [resource.value], operation: ['getAll'] };

	const prepareList = itemPreSend((read, requestOptions) => {
		const scope = scopes.find(({ value }) => value === (scopes.length > 1 ? read('scope', 'all') : 'all')) ?? scopes[0];
		requestOptions.url = scope.parent ? pathBelow(scope.parent, resource, read) : collectionPath(resource, read);
		const options = readOptions<IDataObject>(read);
		requestOptions.qs = Object.assign(
			{},
			...filters
				.filter((filter) => filter.scopes.includes(scope.value) && options[filter.property.name] !== undefined)
				.map((filter) => filter.query(options[filter.property.name])),
		) as IDataObject;
		return requestOptions;
	});

	const planList = itemReadPlan((read) => ({
		paging: readPaging(read, MAX_PAGE_SIZE),
		toItem: recordOutput(resource, read('simple', true) !== false),
	}));

	const scopeProperties: INodeProperties[] =
		scopes.length < 2
			? []
			: [
					{
						displayName: 'Scope',
						name: 'scope',
						type: 'options',
						noDataExpression: true,
						default: 'all',
						displayOptions: { show },
						options: scopes.map(({ name, value }) => ({ name, value })),
					},
					...scopes.flatMap(({ value, parent }) => (parent ? [idLocator(parent, { ...show, scope: [value] })] : [])),
				];

	return {
		option: {
			name: 'Get Many',
			value: 'getAll',
			action: `Get many ${nouns}`,
			description: `List ${nouns}, page by page, up to a limit or all of them`,
			routing: routedOperation({ method: 'GET', preSend: [prepareList], postReceive: [], read: planList }),
		},
		properties: [
			...scopeProperties,
			...limitProperties(show),
			simplifyProperty(show),
			optionsCollection(
				show,
				filters.map(({ property, scopes: shownFor }) =>
					scopes.length > 1 ? { ...property, displayOptions: { show: { '/scope': shownFor } } } : property,
				),
			),
		],
	};
};
