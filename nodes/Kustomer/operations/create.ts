import { conversation } from '../resources/conversation';
import { fieldsCollection } from '../core/fields/properties';
import type { KustomerResource, ResourceName } from '../core/resource';
import { ADDITIONAL_FIELDS, idLocator, readId, readRecord } from '../core/resource';
import { routedOperation } from '../core/transport/routed';
import { createRequiredProperties } from './bulkCreate';
import { flattenResponse, itemPreSend, optionsCollection } from './common';
import type { KustomerOperation } from './types';

/**
 * Resources created inside a parent record (`POST /v1/<parent>/{id}/<resource>`), which then is asked for
 * first and is not offered again among the Additional Fields: a message belongs to a conversation.
 */
const CREATED_IN: Partial<Record<ResourceName, KustomerResource>> = { message: conversation };

/**
 * Create: one record per input item from the same fields as Bulk Create. Never resent after a lost
 * connection or a 5xx, since that could create it twice (the routed hook's retry policy).
 */
export function createOperation(resource: KustomerResource): KustomerOperation {
	const noun = resource.displayName.toLowerCase();
	const show = { resource: [resource.value], operation: ['create'] };
	const parent = CREATED_IN[resource.value];

	const prepareCreate = itemPreSend((read, requestOptions) => {
		requestOptions.url = parent
			? `/v1/${parent.plural}/${encodeURIComponent(readId(read, parent))}/${resource.plural}`
			: `/v1/${resource.plural}`;
		requestOptions.body = readRecord(read, resource, 'create');
		return requestOptions;
	});

	const fields = parent ? resource.fields.filter((field) => field.attribute !== parent.value) : resource.fields;
	return {
		option: {
			name: 'Create',
			value: 'create',
			action: `Create a ${noun}`,
			description: `Create one ${noun} per input item`,
			routing: routedOperation({ method: 'POST', preSend: [prepareCreate], postReceive: [flattenResponse] }),
		},
		properties: [
			...(parent ? [idLocator(parent, show)] : []),
			...createRequiredProperties(resource, { show }),
			{ ...fieldsCollection(fields, 'create', ADDITIONAL_FIELDS), displayOptions: { show } },
			optionsCollection(show),
		],
	};
}
