import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { conversation } from '../resources/conversation';
import { customer } from '../resources/customer';
import { toIsoDate, FieldError } from '../core/fields/record';
import type { KustomerResource, ParameterReader, ResourceName } from '../core/resource';
import { idLocator, readId } from '../core/resource';
import { recordOutput, simplifyProperty } from '../core/simplify';
import type { Paging } from '../core/transport/paging';
import { MAX_PAGE_SIZE, planRead } from '../core/transport/paging';
import { routedOperation } from '../core/transport/routed';
import { itemPreSend, optionsCollection, readOptions } from './common';
import type { KustomerOperation } from './types';

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
	if (!Number.isInteger(limit) || limit < 1) throw new FieldError('Limit', `${String(read('limit', 50))} is not a whole number of at least 1`);
	return { limit, maxPageSize };
}

/** Whose records a list holds: all of the org's, or those of one parent record (`/v1/<parent>/{id}/<resource>`). */
interface ListScope {
	value: string;
	name: string;
	parent?: KustomerResource;
}

const SCOPES: Record<ResourceName, ListScope[]> = {
	conversation: [
		{ value: 'all', name: 'All Conversations' },
		{ value: 'customer', name: 'Conversations of a Customer', parent: customer },
	],
	message: [
		{ value: 'all', name: 'All Messages' },
		{ value: 'conversation', name: 'Messages in a Conversation', parent: conversation },
		{ value: 'customer', name: 'Messages of a Customer', parent: customer },
	],
	customer: [{ value: 'all', name: 'All Customers' }],
};

/** A query parameter one of Kustomer's lists offers, as an option (GetConversations `sort`, GetConversationsByCustomer `fromDate`, …). */
interface ListFilter {
	resources: ResourceName[];
	scopes: string[];
	property: INodeProperties;
	query: (value: unknown) => IDataObject;
}

const LIST_FILTERS: ListFilter[] = [
	{
		resources: ['conversation', 'message'],
		scopes: ['all'],
		property: {
			displayName: 'Newest First',
			name: 'newestFirst',
			type: 'boolean',
			default: true,
			description: 'Whether to list the most recent records first. Off: in Kustomer\'s default order.',
		},
		query: (value) => (value ? { sort: 'desc' } : {}),
	},
	{
		resources: ['conversation'],
		scopes: ['customer'],
		property: {
			displayName: 'From Date',
			name: 'fromDate',
			type: 'dateTime',
			default: '',
			description: 'Only conversations from this date on',
		},
		query: (value) => (value ? { fromDate: toIsoDate(value, 'From Date') } : {}),
	},
	{
		resources: ['message'],
		scopes: ['all', 'conversation', 'customer'],
		property: {
			displayName: 'Include Attachments',
			name: 'includeAttachments',
			type: 'boolean',
			default: false,
			description: 'Whether to include each message\'s attachments',
		},
		query: (value) => (value ? { include: 'attachments' } : {}),
	},
];

/** Get Many: one list per input item, `links.next` followed until its end or the limit (paging.ts). */
export function getManyOperation(resource: KustomerResource): KustomerOperation {
	const noun = resource.displayName.toLowerCase();
	const show = { resource: [resource.value], operation: ['getAll'] };
	const scopes = SCOPES[resource.value];
	const filters = LIST_FILTERS.filter((filter) => filter.resources.includes(resource.value));

	const prepareList = itemPreSend((read, requestOptions) => {
		const scope = scopes.find(({ value }) => value === (scopes.length > 1 ? read('scope', 'all') : 'all')) ?? scopes[0];
		requestOptions.url = scope.parent
			? `/v1/${scope.parent.plural}/${encodeURIComponent(readId(read, scope.parent))}/${resource.plural}`
			: `/v1/${resource.plural}`;
		const options = readOptions<IDataObject>(read);
		requestOptions.qs = Object.assign(
			{},
			...filters
				.filter((filter) => filter.scopes.includes(scope.value) && options[filter.property.name] !== undefined)
				.map((filter) => filter.query(options[filter.property.name])),
		) as IDataObject;
		return planRead(requestOptions, {
			paging: readPaging(read, MAX_PAGE_SIZE),
			toItem: recordOutput(resource.value, read('simple', true) !== false),
		});
	});

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
			action: `Get many ${noun}s`,
			description: `List ${noun}s, page by page, up to a limit or all of them`,
			routing: routedOperation({ method: 'GET', preSend: [prepareList], postReceive: [] }),
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
}
