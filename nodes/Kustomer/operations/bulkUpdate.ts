import type { IExecuteFunctions } from 'n8n-workflow';

import { batchSizeOf, collectInputs, executeBulk } from '../bulk/operation';
import { clientRefOf, planRecords, planSameChanges } from '../bulk/plan';
import { fieldsCollections } from '../core/fields/properties';
import { FieldError } from '../core/fields/record';
import type { KustomerResource, ParameterReader } from '../core/resource';
import { idLocator, pluralNoun, readId, readRecord, UPDATE_FIELDS } from '../core/resource';
import { bulkOptions, bulkPath, byBulkPath, idsProperty, readIds } from './common';
import type { OperationBuilder } from './types';

function readChanges(read: ParameterReader, resource: KustomerResource) {
	const changes = readRecord(read, resource, 'update');
	if (Object.keys(changes).length === 0) {
		throw new FieldError(UPDATE_FIELDS.displayName, 'nothing to update: add at least one field');
	}
	return changes;
}

/**
 * Bulk Update: per item (each item names its record and its changes) or the same changes for a list of
 * IDs; all items of the run travel together in `PUT /v1/<resource>/bulk` requests of up to 100. The same
 * changes go as `?ids=` with one change set, or, where Kustomer has no such mode, as one record per ID.
 */
export const bulkUpdateOperation: OperationBuilder<'bulkUpdate'> = (resource, { sameChanges }) => {
	const noun = resource.displayName.toLowerCase();
	const nouns = pluralNoun(resource);
	const show = { resource: [resource.value], operation: ['bulkUpdate'] };

	async function execute(this: IExecuteFunctions) {
		const batchSize = batchSizeOf(this);
		const mode = this.getNodeParameter('updateMode', 0, 'perItem') as string;
		if (mode === 'sameForAll') {
			const { inputs, rejected } = collectInputs(this, (read) => {
				return { path: bulkPath(resource, read), ids: readIds(read), changes: readChanges(read, resource) };
			});
			const requests = byBulkPath(inputs).flatMap(([path, group]) =>
				sameChanges === 'idsQuery'
					? planSameChanges(group.map(({ itemIndex, value }) => ({ itemIndex, ...value })), batchSize, path)
					: planRecords(
							group.flatMap(({ itemIndex, value }) =>
								value.ids.map((id, position) => ({
									itemIndex,
									record: { id, ...value.changes },
									clientRef: `${clientRefOf(itemIndex)}-${position}`,
								})),
							),
							batchSize,
							{ method: 'PUT', path, success: 'updated' },
						),
			);
			return await executeBulk(this, requests, rejected);
		}
		const { inputs, rejected } = collectInputs(this, (read) => ({
			path: bulkPath(resource, read),
			record: { id: readId(read, resource), ...readChanges(read, resource) },
		}));
		const requests = byBulkPath(inputs).flatMap(([path, group]) =>
			planRecords(
				group.map(({ itemIndex, value }) => ({ itemIndex, record: value.record })),
				batchSize,
				{ method: 'PUT', path, success: 'updated' },
			),
		);
		return await executeBulk(this, requests, rejected);
	}

	return {
		option: {
			name: 'Bulk Update',
			value: 'bulkUpdate',
			action: `Update ${nouns} in bulk`,
			description: `Update many ${nouns}, 100 per request, and report each record's outcome`,
		},
		properties: [
			{
				displayName: 'Update Mode',
				name: 'updateMode',
				type: 'options',
				noDataExpression: true,
				default: 'perItem',
				displayOptions: { show },
				options: [
					{
						name: 'Each Item Has Its Own Changes',
						value: 'perItem',
						description: `Each input item names one ${noun} and the changes for it`,
					},
					{
						name: 'Same Changes for a List of IDs',
						value: 'sameForAll',
						description: `Apply one set of changes to every ${noun} ID given`,
					},
				],
			},
			idLocator(resource, { ...show, updateMode: ['perItem'] }, { fromEachItem: true }),
			idsProperty(noun, { ...show, updateMode: ['sameForAll'] }, 'Items with the same changes are sent together'),
			...fieldsCollections(resource.fields, 'update', UPDATE_FIELDS).map((collection) => ({
				...collection,
				displayOptions: { show },
			})),
			bulkOptions(show),
		],
		execute,
	};
};
