import type { INodeProperties } from 'n8n-workflow';

import { FieldError } from '../core/fields/record';
import type { ParameterReader } from '../core/resource';
import { collectionPath, idLocator, readId, recordPath } from '../core/resource';
import { recordOutput, simplifyProperty } from '../core/simplify';
import { routedOperation } from '../core/transport/routed';
import { itemPreSend, itemReadPlan, optionsCollection, readOptions } from './common';
import type { Lookup, OperationBuilder } from './types';

/** Kustomer's `/externalId={externalId}` lookup, which most resources have. */
export const externalIdLookup: Lookup = { key: 'externalId', label: 'External ID', placeholder: 'e.g. crm-001' };

/**
 * Get: `GET /v1/<resource>/{id}`, or a lookup such as `/customers/email={email}`. A 404 says what was
 * not found; with "Return Nothing If Not Found" that item outputs nothing, as a search that found no
 * match does in n8n (with "Always Output Data" in the node settings the workflow still goes on).
 */
export const getOperation: OperationBuilder<'get'> = (resource, { lookups }) => {
	const noun = resource.displayName.toLowerCase();
	const show = { resource: [resource.value], operation: ['get'] };

	/** The record the item asks for: its path, and how a "not found" names it. */
	function target(read: ParameterReader): { path: string; what: string } {
		const by = lookups.length > 0 ? String(read('getBy', 'id')) : 'id';
		const lookup = lookups.find(({ key }) => key === by);
		if (!lookup) {
			const id = readId(read, resource);
			return { path: recordPath(resource, read, id), what: `${noun} with ID ${id}` };
		}
		const value = String(read(lookup.key, '') ?? '').trim();
		if (value === '') throw new FieldError(lookup.label, 'is empty');
		return {
			path: `${collectionPath(resource, read)}/${lookup.key}=${encodeURIComponent(value)}`,
			what: `${noun} with ${lookup.label.replace(/^\w+/, (word) => word.toLowerCase())} "${value}"`,
		};
	}

	const prepareGet = itemPreSend((read, requestOptions) => {
		requestOptions.url = target(read).path;
		return requestOptions;
	});

	const planGet = itemReadPlan((read) => {
		const { returnNothingIfNotFound = false } = readOptions<{ returnNothingIfNotFound: boolean }>(read);
		return {
			toItem: recordOutput(resource, read('simple', true) !== false),
			notFound: { what: target(read).what, outputNothing: returnNothingIfNotFound },
		};
	});

	const byProperties: INodeProperties[] =
		lookups.length === 0
			? [idLocator(resource, show)]
			: [
					{
						displayName: 'Get By',
						name: 'getBy',
						type: 'options',
						noDataExpression: true,
						default: 'id',
						displayOptions: { show },
						options: [
							{ name: 'ID', value: 'id', description: `The ${noun}'s Kustomer ID, URL or a pick from the list` },
							...lookups.map(({ key, label }) => ({ name: label, value: key })),
						].sort((a, b) => a.name.localeCompare(b.name)),
					},
					idLocator(resource, { ...show, getBy: ['id'] }),
					...lookups.map(
						({ key, label, placeholder, format }): INodeProperties => ({
							displayName: label,
							name: key,
							type: 'string',
							required: true,
							default: '',
							placeholder,
							description: `The ${noun}'s ${label.toLowerCase()}${format ? ` ${format}` : ''}`,
							displayOptions: { show: { ...show, getBy: [key] } },
						}),
					),
				];

	return {
		option: {
			name: 'Get',
			value: 'get',
			action: `Get a ${noun}`,
			description: `Retrieve one ${noun} per input item`,
			routing: routedOperation({ method: 'GET', preSend: [prepareGet], postReceive: [], read: planGet }),
		},
		properties: [
			...byProperties,
			simplifyProperty(show),
			optionsCollection(show, [
				{
					displayName: 'Return Nothing If Not Found',
					name: 'returnNothingIfNotFound',
					type: 'boolean',
					default: false,
					description: `Whether an input item whose ${noun} does not exist outputs nothing instead of failing the node`,
				},
			]),
		],
	};
};
