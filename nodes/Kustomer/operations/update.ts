import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { fieldsCollections } from '../core/fields/properties';
import { FieldError } from '../core/fields/record';
import { idLocator, readId, readRecord, recordPath, UPDATE_FIELDS } from '../core/resource';
import { routedOperation } from '../core/transport/routed';
import { flattenResponse, itemPreSend, optionsCollection } from './common';
import type { OperationBuilder } from './types';

/**
 * Update: `PUT /v1/<resource>/{id}` (or PATCH, where the resource declares it) with the attributes set in
 * Update Fields, one request per input item.
 */
export const updateOperation: OperationBuilder<'update'> = (
	resource,
	{ method = 'PUT', replace = method === 'PUT' },
) => {
	const noun = resource.displayName.toLowerCase();
	const show = { resource: [resource.value], operation: ['update'] };

	const prepareUpdate = itemPreSend((read, requestOptions) => {
		const id = readId(read, resource);
		const body = readRecord(read, resource, 'update');
		if (Object.keys(body).length === 0) {
			throw new FieldError(UPDATE_FIELDS.displayName, 'nothing to update: add at least one field');
		}
		requestOptions.url = recordPath(resource, read, id);
		requestOptions.body = body;
		return requestOptions;
	});

	return {
		option: {
			name: 'Update',
			value: 'update',
			action: `Update a ${noun}`,
			description: `Change attributes of one ${noun} per input item`,
			routing: routedOperation({ method, preSend: [prepareUpdate], postReceive: [flattenResponse] }),
		},
		properties: [
			idLocator(resource, show),
			...(replace ? [replaceProperty(show)] : []),
			...fieldsCollections(resource.fields, 'update', UPDATE_FIELDS).map((collection) => ({
				...collection,
				displayOptions: { show },
			})),
			optionsCollection(show),
		],
	};
};

/** A PUT's `?replace=true`: the whole record becomes the fields given. */
function replaceProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Replace All Attributes',
		name: 'replace',
		type: 'boolean',
		default: false,
		description:
			'Whether to replace the whole record with the fields below, clearing every attribute you leave out. ' +
			'Off: only the fields below change and the rest stay as they are.',
		displayOptions: { show },
		routing: { send: { type: 'query', property: 'replace' } },
	};
}
