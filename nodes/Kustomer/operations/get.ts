import type { INodeProperties } from 'n8n-workflow';

import { FieldError } from '../core/fields/record';
import type { KustomerResource, ResourceName } from '../core/resource';
import { idLocator, readId } from '../core/resource';
import { recordOutput, simplifyProperty } from '../core/simplify';
import { planRead } from '../core/transport/paging';
import { routedOperation } from '../core/transport/routed';
import { itemPreSend, optionsCollection, readOptions } from './common';
import type { KustomerOperation } from './types';

interface Lookup {
	/** Kustomer's path key (`/customers/email=…`), also the value and the parameter name. */
	key: string;
	label: string;
	placeholder: string;
}

const externalId: Lookup = { key: 'externalId', label: 'External ID', placeholder: 'e.g. crm-001' };

/** What besides the ID Kustomer can find one record by (GetCustomerByEmail, GetConversationByExternalId, …). */
const LOOKUPS: Record<ResourceName, Lookup[]> = {
	conversation: [externalId],
	customer: [
		{ key: 'email', label: 'Email', placeholder: 'e.g. name@example.com' },
		externalId,
		{ key: 'phone', label: 'Phone', placeholder: 'e.g. +14155550123' },
	],
	// The spec spells the message path `externalid=` and the docs disagree (the path's casing is unconfirmed): by ID only.
	message: [],
};

/**
 * Get: `GET /v1/<resource>/{id}`, or a lookup such as `/customers/email={email}`. A 404 says what was
 * not found; with "Return Nothing If Not Found" that item outputs nothing, as a search that found no
 * match does in n8n (with "Always Output Data" in the node settings the workflow still goes on).
 */
export function getOperation(resource: KustomerResource): KustomerOperation {
	const noun = resource.displayName.toLowerCase();
	const show = { resource: [resource.value], operation: ['get'] };
	const lookups = LOOKUPS[resource.value];

	const prepareGet = itemPreSend((read, requestOptions) => {
		const by = lookups.length > 0 ? String(read('getBy', 'id')) : 'id';
		const lookup = lookups.find(({ key }) => key === by);
		let what: string;
		if (lookup) {
			const value = String(read(lookup.key, '') ?? '').trim();
			if (value === '') throw new FieldError(lookup.label, 'is empty');
			requestOptions.url = `/v1/${resource.plural}/${lookup.key}=${encodeURIComponent(value)}`;
			what = `${noun} with ${lookup.label.replace(/^\w+/, (word) => word.toLowerCase())} "${value}"`;
		} else {
			const id = readId(read, resource);
			requestOptions.url = `/v1/${resource.plural}/${encodeURIComponent(id)}`;
			what = `${noun} with ID ${id}`;
		}
		const { returnNothingIfNotFound = false } = readOptions<{ returnNothingIfNotFound: boolean }>(read);
		return planRead(requestOptions, {
			toItem: recordOutput(resource.value, read('simple', true) !== false),
			notFound: { what, outputNothing: returnNothingIfNotFound },
		});
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
						({ key, label, placeholder }): INodeProperties => ({
							displayName: label,
							name: key,
							type: 'string',
							required: true,
							default: '',
							placeholder,
							description: `The ${noun}'s ${label.toLowerCase()}${key === 'phone' ? ' in E.164 format' : ''}`,
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
			routing: routedOperation({ method: 'GET', preSend: [prepareGet], postReceive: [] }),
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
}
