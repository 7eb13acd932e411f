import { fieldsCollections } from '../core/fields/properties';
import { ADDITIONAL_FIELDS, collectionPath, idLocator, pathBelow } from '../core/resource';
import { routedOperation } from '../core/transport/routed';
import { createRequiredProperties } from './bulkCreate';
import { createdRecord, withColumnsChoice } from './columns';
import { flattenResponse, itemPreSend, optionsCollection } from './common';
import type { OperationBuilder } from './types';

/**
 * Create: one record per input item from the same fields as Bulk Create. Never resent after a lost
 * connection or a 5xx, since that could create it twice (the routed hook's retry policy).
 */
export const createOperation: OperationBuilder<'create'> = (resource, { createdIn: parent, hint, notice, columns }) => {
	const noun = resource.displayName.toLowerCase();
	const show = { resource: [resource.value], operation: ['create'] };

	const prepareCreate = itemPreSend((read, requestOptions, context) => {
		// Created inside its parent (a message in a conversation), which is then not offered again among the fields.
		requestOptions.url = parent ? pathBelow(parent, resource, read) : collectionPath(resource, read);
		requestOptions.body = createdRecord(resource, read, context.getInputData().json);
		return requestOptions;
	});

	const fields = parent ? resource.fields.filter((field) => field.attribute !== parent.value) : resource.fields;
	return {
		option: {
			name: 'Create',
			value: 'create',
			action: notice?.action ?? `Create a ${noun}`,
			description: notice?.description ?? `Create one ${noun} per input item`,
			routing: routedOperation({ method: 'POST', preSend: [prepareCreate], postReceive: [flattenResponse] }),
		},
		properties: [
			...(notice
				? [
					{
						displayName: notice.text,
						name: 'createNotice',
						type: 'notice' as const,
						default: '',
						displayOptions: { show },
					},
				]
				: []),
			...(parent ? [idLocator(parent, show)] : []),
			...withColumnsChoice(resource, show, columns, [
				// A required parent (a note's conversation) is the one asked for above.
				...createRequiredProperties(resource, { show }).filter((property) => property.name !== parent?.idParameter),
				...fieldsCollections(fields, 'create', ADDITIONAL_FIELDS).map((collection, index) => ({
					...collection,
					displayOptions: { show },
					...(hint && index === 0 ? { hint } : {}),
				})),
			]),
			optionsCollection(show),
		],
	};
};
