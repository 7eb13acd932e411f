import type { IExecuteFunctions } from 'n8n-workflow';

import { batchSizeOf, collectInputs, executeBulk } from '../bulk/operation';
import { planSameChanges } from '../bulk/plan';
import { pluralNoun } from '../core/resource';
import { bulkOptions, bulkPath, byBulkPath, idsProperty, readIds } from './common';
import type { OperationBuilder } from './types';

/**
 * Bulk Delete: the IDs of every input item, in `DELETE /v1/<resource>/bulk?ids=` requests of up to 100;
 * with Wait for Completion one output item per ID, paired with the item that named it, `deleted` or `error`.
 */
export const bulkDeleteOperation: OperationBuilder<'bulkDelete'> = (resource) => {
	const noun = resource.displayName.toLowerCase();
	const nouns = pluralNoun(resource);
	const show = { resource: [resource.value], operation: ['bulkDelete'] };

	async function execute(this: IExecuteFunctions) {
		const batchSize = batchSizeOf(this);
		const { inputs, rejected } = collectInputs(this, (read) => ({ path: bulkPath(resource, read), ids: readIds(read) }));
		const requests = byBulkPath(inputs).flatMap(([path, group]) =>
			planSameChanges(
				group.map(({ itemIndex, value }) => ({ itemIndex, ids: value.ids })),
				batchSize,
				path,
				{ method: 'DELETE', success: 'deleted' },
			),
		);
		return await executeBulk(this, requests, rejected);
	}

	return {
		option: {
			name: 'Bulk Delete',
			value: 'bulkDelete',
			action: `Delete ${nouns} in bulk`,
			description: `Delete many ${nouns} by ID, 100 per request, and report each record's outcome`,
		},
		properties: [
			idsProperty(noun, show, 'The IDs of all input items are deleted together'),
			bulkOptions(show),
		],
		execute,
	};
};
