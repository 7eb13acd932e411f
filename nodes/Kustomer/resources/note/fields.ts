import { date, id, importedAtField, text } from '../../core/fields/common';
import type { FieldSpec, FieldUse } from '../../core/fields/types';

const BOTH: readonly FieldUse[] = ['create', 'update'];

/** The note's text; asked as its own parameter on create. */
export const NOTE_BODY: FieldSpec = {
	attribute: 'body',
	label: 'Text',
	kind: 'text',
	use: ['update'],
	maxLength: 10240,
	description: 'The note\'s text; only your team sees it',
};

/**
 * Every note attribute Kustomer's CreateNoteWithinConversation and PatchNoteById accept (the conversation
 * and the text are asked separately on create).
 */
export const noteFields: FieldSpec[] = [
	id('conversation', 'Conversation ID', ['update'], 'Moves the note to this conversation'),
	NOTE_BODY,
	text('externalId', 'External ID', 256),
	{
		attribute: 'userMentions',
		label: 'Mentions (JSON)',
		kind: 'json',
		use: BOTH,
		jsonShape: 'array',
		description: 'Users or teams to notify, at most 20, e.g. [{"user": "6650c2e9a3b4c5d6e7f808aa"}, {"team": "…"}]',
	},
	{
		attribute: 'attachments',
		label: 'Attachments (JSON)',
		kind: 'json',
		use: BOTH,
		jsonShape: 'array',
		description: 'E.g. [{"_id": "…", "name": "invoice.pdf", "contentType": "application/pdf", "contentLength": 1024}]',
	},
	{
		attribute: 'deleted',
		label: 'Deleted',
		kind: 'boolean',
		use: ['update'],
		description: 'Whether the note is marked deleted',
	},
	text('lang', 'Language', 100, BOTH, { placeholder: 'e.g. en' }),
	date('createdAt', 'Created At'),
	date('modifiedAt', 'Modified At'),
	date('updatedAt', 'Updated At', ['update']),
	id('createdBy', 'Created By (User ID)', BOTH, 'Needs the org.admin role'),
	id('modifiedBy', 'Modified By (User ID)', BOTH, 'Needs the org.admin role'),
	importedAtField(),
];
