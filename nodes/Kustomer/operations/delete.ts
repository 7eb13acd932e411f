import type { IExecuteSingleFunctions } from 'n8n-workflow';

import type { KustomerResource } from '../core/resource';
import { idLocator, readId } from '../core/resource';
import { routedOperation } from '../core/transport/routed';
import { itemPreSend, itemReader, optionsCollection } from './common';
import type { KustomerOperation } from './types';

/** Delete: `DELETE /v1/<resource>/{id}`. Kustomer has no message delete (only redaction), so messages get none. */
export function deleteOperation(resource: KustomerResource): KustomerOperation | undefined {
	if (resource.value === 'message') return undefined;
	const noun = resource.displayName.toLowerCase();
	const show = { resource: [resource.value], operation: ['delete'] };

	const prepareDelete = itemPreSend((read, requestOptions) => {
		requestOptions.url = `/v1/${resource.plural}/${encodeURIComponent(readId(read, resource))}`;
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
}
