import type { IDataObject } from 'n8n-workflow';

import { FieldError, fieldValue } from '../core/fields/record';
import type { FieldSpec } from '../core/fields/types';
import { idLocator, readId, recordPath } from '../core/resource';
import { routedOperation } from '../core/transport/routed';
import { flattenResponse, itemPreSend, optionsCollection } from './common';
import type { OperationBuilder } from './types';

const NOTE_TEXT: FieldSpec = { attribute: 'body', label: 'Note', kind: 'text', use: ['create'], maxLength: 10240 };
const MENTIONS: Record<'user' | 'team', FieldSpec> = {
	user: { attribute: 'mentionUsers', label: 'Mention User Names or IDs', kind: 'idList', use: ['create'], maxItems: 20 },
	team: { attribute: 'mentionTeams', label: 'Mention Team Names or IDs', kind: 'idList', use: ['create'], maxItems: 20 },
};

/** Add Note: `POST /v1/<resource>/{id}/notes`, an internal note on the record's timeline. */
export const addNoteOperation: OperationBuilder<'addNote'> = (resource) => {
	const noun = resource.displayName.toLowerCase();
	const show = { resource: [resource.value], operation: ['addNote'] };

	const prepareNote = itemPreSend((read, requestOptions) => {
		const id = readId(read, resource);
		const text = fieldValue(NOTE_TEXT, read('note', ''), 'create');
		if (text === null) throw new FieldError(NOTE_TEXT.label, 'is empty');
		const mentions = (['user', 'team'] as const).flatMap((kind) =>
			(fieldValue(MENTIONS[kind], read(MENTIONS[kind].attribute, []), 'create') as string[]).map((mentioned) => ({
				[kind]: mentioned,
			})),
		);
		if (mentions.length > 20) {
			throw new FieldError('Mentions', `${mentions.length} users and teams; Kustomer accepts at most 20`);
		}
		const body: IDataObject = { body: text };
		if (mentions.length) body.userMentions = mentions;
		requestOptions.url = `${recordPath(resource, read, id)}/notes`;
		requestOptions.body = body;
		return requestOptions;
	});

	return {
		option: {
			name: 'Add Note',
			value: 'addNote',
			action: `Add a note to a ${noun}`,
			description: `Add an internal note to a ${noun}'s timeline, optionally mentioning users or teams`,
			routing: routedOperation({ method: 'POST', preSend: [prepareNote], postReceive: [flattenResponse] }),
		},
		properties: [
			idLocator(resource, show),
			{
				displayName: 'Note',
				name: 'note',
				type: 'string',
				typeOptions: { rows: 4 },
				required: true,
				default: '',
				description: 'The note\'s text, at most 10,240 characters; only your team sees it',
				displayOptions: { show },
			},
			{
				displayName: 'Mention User Names or IDs',
				name: MENTIONS.user.attribute,
				type: 'multiOptions',
				default: [],
				typeOptions: { loadOptionsMethod: 'getUsers' },
				description:
					'Users to notify. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show },
			},
			{
				displayName: 'Mention Team Names or IDs',
				name: MENTIONS.team.attribute,
				type: 'multiOptions',
				default: [],
				typeOptions: { loadOptionsMethod: 'getTeams' },
				description:
					'Teams to notify. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show },
			},
			optionsCollection(show),
		],
	};
};
