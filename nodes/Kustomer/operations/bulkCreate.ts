import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { batchSizeOf, collectInputs, executeBulk } from '../bulk/operation';
import { planRecords } from '../bulk/plan';
import { fieldProperty, fieldsCollections } from '../core/fields/properties';
import type { KustomerResource } from '../core/resource';
import { ADDITIONAL_FIELDS, ID_FROM_EACH_ITEM, pluralNoun } from '../core/resource';
import { createdRecord, withColumnsChoice } from './columns';
import { bulkOptions, bulkPath, byBulkPath } from './common';
import type { OperationBuilder } from './types';

/**
 * The parameters a create asks for besides Additional Fields (e.g. a conversation's customer). In a bulk
 * create a record they pick starts from each item's `id` (ID_FROM_EACH_ITEM).
 */
export function createRequiredProperties(
	resource: KustomerResource,
	show: INodeProperties['displayOptions'],
	{ fromEachItem = false } = {},
) {
	return resource.createRequired.map(({ parameter, field, property }) => ({
		...fieldProperty(field, 'create'),
		name: parameter,
		required: true,
		...property,
		...(fromEachItem && property.type === 'resourceLocator' ? { default: ID_FROM_EACH_ITEM } : {}),
		displayOptions: show,
	})) as INodeProperties[];
}

/** Bulk Create: every input item gives one record; all travel in `POST /v1/<resource>/bulk` requests of up to 100. */
export const bulkCreateOperation: OperationBuilder<'bulkCreate'> = (resource, { columns }) => {
	const noun = resource.displayName.toLowerCase();
	const nouns = pluralNoun(resource);
	const show = { resource: [resource.value], operation: ['bulkCreate'] };

	async function execute(this: IExecuteFunctions) {
		const batchSize = batchSizeOf(this);
		const items = this.getInputData();
		const { inputs, rejected } = collectInputs(this, (read, itemIndex) => ({
			path: bulkPath(resource, read),
			record: createdRecord(resource, read, items[itemIndex].json),
		}));
		const requests = byBulkPath(inputs).flatMap(([path, group]) =>
			planRecords(
				group.map(({ itemIndex, value }) => ({ itemIndex, record: value.record })),
				batchSize,
				{ method: 'POST', path, success: 'created' },
			),
		);
		return await executeBulk(this, requests, rejected);
	}

	return {
		option: {
			name: 'Bulk Create',
			value: 'bulkCreate',
			action: `Create ${nouns} in bulk`,
			description: `Create one ${noun} per input item, 100 per request, and report each record's outcome`,
		},
		properties: [
			...withColumnsChoice(resource, show, columns, [
				...createRequiredProperties(resource, { show }, { fromEachItem: true }),
				...fieldsCollections(resource.fields, 'create', ADDITIONAL_FIELDS).map((collection) => ({
					...collection,
					displayOptions: { show },
				})),
			]),
			bulkOptions(show),
		],
		execute,
	};
};
