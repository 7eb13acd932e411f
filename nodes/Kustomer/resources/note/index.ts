import { id } from '../../core/fields/common';
import type { KustomerResource } from '../../core/resource';
import { idLocator } from '../../core/resource';
import { conversation } from '../conversation';
import { customer } from '../customer';
import { NOTE_BODY, noteFields } from './fields';

/**
 * Kustomer creates notes only inside a conversation (POST /v1/conversations/{id}/notes; its POST /v1/notes
 * takes no conversation). Its PUT demands the conversation and the text, so Update is a PATCH.
 */
export const note: KustomerResource = {
	value: 'note',
	displayName: 'Note',
	plural: 'notes',
	idParameter: 'noteId',
	appUrlPattern: 'https?://[^/]+/app/.*notes/([0-9a-fA-F]{24})',
	fields: noteFields,
	createRequired: [
		{
			parameter: 'conversationId',
			field: id('conversation', 'Conversation ID', ['create']),
			property: { ...idLocator(conversation, undefined), description: 'The conversation the note is in' },
		},
		{
			parameter: 'body',
			field: { ...NOTE_BODY, use: ['create'] },
			property: {
				typeOptions: { rows: 4 },
				description: 'The note\'s text, at most 10,240 characters; only your team sees it',
			},
		},
	],
	simpleFields: ['conversation', 'customer', 'body', 'userMentions', 'createdBy', 'createdAt', 'updatedAt'],
	operations: {
		create: { createdIn: conversation },
		get: { lookups: [] },
		getAll: {
			scopes: [
				{ value: 'all', name: 'All Notes' },
				{ value: 'conversation', name: 'Notes in a Conversation', parent: conversation },
				{ value: 'customer', name: 'Notes of a Customer', parent: customer },
			],
			filters: [],
		},
		update: { method: 'PATCH' },
		delete: {},
		bulkCreate: {},
		bulkUpdate: { sameChanges: 'idsQuery' },
	},
};
