import type { IHttpRequestMethods } from 'n8n-workflow';

import { tagsField } from '../core/fields/common';
import { fieldValue, FieldError } from '../core/fields/record';
import type { KustomerResource } from '../core/resource';
import { idLocator, readId, recordPath } from '../core/resource';
import { routedOperation } from '../core/transport/routed';
import { flattenResponse, itemPreSend, optionsCollection } from './common';
import type { KustomerOperation } from './types';

const TAG_NAMES = tagsField(['update']);

/**
 * Add Tags / Remove Tags: `POST` / `DELETE /v1/conversations/{id}/tags` with a list of tag names; the
 * other tags stay. Kustomer creates names it does not know yet when adding.
 */
function tagOperation(mode: 'add' | 'remove') {
	const add = mode === 'add';
	const value = add ? 'addTags' : 'removeTags';
	const method: IHttpRequestMethods = add ? 'POST' : 'DELETE';

	return (resource: KustomerResource): KustomerOperation => {
		const noun = resource.displayName.toLowerCase();
		const show = { resource: [resource.value], operation: [value] };

		const prepareTags = itemPreSend((read, requestOptions) => {
			const id = readId(read, resource);
			const tags = fieldValue(TAG_NAMES, read('tags', []), 'update') as string[];
			if (tags.length === 0) throw new FieldError(TAG_NAMES.label, 'is empty: give at least one tag name');
			requestOptions.url = `${recordPath(resource, read, id)}/tags`;
			requestOptions.body = tags;
			return requestOptions;
		});

		return {
			option: {
				name: add ? 'Add Tags' : 'Remove Tags',
				value,
				action: add ? `Add tags to a ${noun}` : `Remove tags from a ${noun}`,
				description: add
					? `Add tags to a ${noun}, keeping the tags it has`
					: `Remove tags from a ${noun}, keeping the others`,
				routing: routedOperation({ method, preSend: [prepareTags], postReceive: [flattenResponse] }),
			},
			properties: [
				idLocator(resource, show),
				{
					// Kustomer's tag endpoints take tag names, so the dropdown's values are names; the wording is n8n's standard one.
					displayName: 'Tag Names or IDs',
					name: 'tags',
					type: 'multiOptions',
					required: true,
					default: [],
					typeOptions: { loadOptionsMethod: 'getTags' },
					description:
						'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					hint: `Kustomer matches tags by name${add ? ' and creates names it does not know yet' : ''}; at most 20`,
					displayOptions: { show },
				},
				optionsCollection(show),
			],
		};
	};
}

export const addTagsOperation = tagOperation('add');
export const removeTagsOperation = tagOperation('remove');
