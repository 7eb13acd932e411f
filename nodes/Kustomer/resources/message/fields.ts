import {
	advanced,
	choice,
	customField,
	date,
	id,
	importedAtField,
	sentimentField,
	text,
} from '../../core/fields/common';
import type { FieldSpec } from '../../core/fields/types';

/**
 * The message attributes of Kustomer's CreateMessage and UpdateMessage (channel, app, direction are asked
 * separately on create). Left out, as Kustomer sets them on every change: Modified At and Updated At. Error
 * state, size, related object, language, channel metadata, sentiment, automation, source, shortcuts,
 * articles, location, creation time, authors and import time are Advanced Fields.
 */
export const messageFields: FieldSpec[] = [
	id('conversation', 'Conversation ID', ['create', 'update'], 'Moves the message to this conversation on update'),
	id('customer', 'Customer ID', ['create']),
	text('externalId', 'External ID', 256, ['create', 'update'], {
		description: 'The message\'s ID in the channel it came from',
	}),
	text('subject', 'Subject', 256),
	{
		attribute: 'preview',
		label: 'Preview',
		kind: 'text',
		use: ['create', 'update'],
		maxLength: 10240,
		description: 'The message text shown on the timeline',
	},
	choice('status', 'Status', ['create', 'update'], ['error', 'received', 'sent']),
	date('sentAt', 'Sent At'),
	advanced(date('errorAt', 'Error At')),
	advanced({
		attribute: 'error',
		label: 'Error (JSON)',
		kind: 'json',
		use: ['create', 'update'],
		jsonShape: 'object',
		description: 'E.g. {"code": "bounced", "detail": "…"}',
	}),
	advanced({ attribute: 'size', label: 'Size', kind: 'number', use: ['create', 'update'], min: 0 }),
	advanced(text('related', 'Related', undefined, ['create', 'update'], { description: 'ID of a related object' })),
	advanced(text('lang', 'Language', 100, ['create', 'update'], { placeholder: 'e.g. en' })),
	advanced({
		attribute: 'meta',
		label: 'Meta (JSON)',
		kind: 'json',
		use: ['create', 'update'],
		jsonShape: 'object',
		description: 'Channel-specific data, at most 100 keys',
	}),
	{
		attribute: 'attachments',
		label: 'Attachments (JSON)',
		kind: 'json',
		use: ['create', 'update'],
		jsonShape: 'array',
		description: 'E.g. [{"_id": "…", "name": "invoice.pdf", "contentType": "application/pdf", "contentLength": 1024}]',
	},
	advanced(sentimentField()),
	{ attribute: 'spam', label: 'Spam', kind: 'boolean', use: ['update'], description: 'Whether the message is spam' },
	{
		attribute: 'reactions',
		label: 'Reactions (JSON)',
		kind: 'json',
		use: ['update'],
		jsonShape: 'array',
		description: 'E.g. [{"subjectId": "…", "subjectType": "customer", "name": "love"}]',
	},
	{
		attribute: 'reference',
		label: 'Reply Reference',
		kind: 'object',
		use: ['create'],
		description: 'For email: the message this one replies to or forwards',
		fields: [
			id('message', 'Message ID', ['create']),
			choice('type', 'Type', ['create'], ['forward', 'reply', { name: 'Reply All', value: 'replyAll' }], {
				required: true,
				default: 'reply',
			}),
		],
	},
	advanced({
		attribute: 'auto',
		label: 'Automatic',
		kind: 'boolean',
		use: ['create'],
		description: 'Whether a Kustomer workflow or auto-response generated the message',
	}),
	advanced(choice('source', 'Source', ['create'], ['bulk', 'satisfaction'])),
	advanced({ attribute: 'shortcuts', label: 'Shortcut IDs', kind: 'idList', use: ['create'] }),
	advanced({ attribute: 'kbArticles', label: 'Knowledge Base Article IDs', kind: 'idList', use: ['create'] }),
	advanced({
		attribute: 'location',
		label: 'Location (JSON)',
		kind: 'json',
		use: ['create'],
		jsonShape: 'object',
		description: 'E.g. {"cityName": "Lisbon", "countryCode": "PT"}',
	}),
	{ attribute: 'queue', label: 'Queue', kind: 'object', use: ['create'], fields: [id('id', 'Queue ID', ['create'])] },
	advanced(date('createdAt', 'Created At')),
	advanced(id('createdBy', 'Created By (User ID)', ['create', 'update'], 'Needs the org.admin role')),
	advanced(id('modifiedBy', 'Modified By (User ID)', ['create', 'update'], 'Needs the org.admin role')),
	advanced(importedAtField()),
	customField(),
];
