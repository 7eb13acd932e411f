import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { idLocator, readId, recordPath } from '../core/resource';
import { routedOperation } from '../core/transport/routed';
import { itemPreSend, itemReader, optionsCollection } from './common';
import type { OperationBuilder } from './types';

/** Delete: `DELETE /v1/<resource>/{id}`. */
export const deleteOperation: OperationBuilder<'delete'> = (resource) => {
	const noun = resource.displayName.toLowerCase();
	const show = { resource: [resource.value], operation: ['delete'] };

	const prepareDelete = itemPreSend((read, requestOptions) => {
		requestOptions.url = recordPath(resource, read);
		return requestOptions;
	});

	/** Kustomer answers 204 without a body; the item says what was deleted, as n8n's delete operations do. */
	async function deletedOutput(this: IExecuteSingleFunctions) {
		return [{ json: { deleted: true, id: readId(itemReader(this), resource) } }];
	}

	return {
		option: {
			name: 'Delete',
			value: 'delete',
			action: `Delete a ${noun}`,
			description: `Delete one ${noun} per input item`,
			routing: routedOperation({ method: 'DELETE', preSend: [prepareDelete], postReceive: [deletedOutput] }),
		},
		properties: [idLocator(resource, show), optionsCollection(show)],
	};
};
