import { DIRECTION_OPTIONS, MESSAGE_CHANNEL_OPTIONS } from '../../core/fields/common';
import type { KustomerResource } from '../../core/resource';
import { newestFirstFilter } from '../../operations/getMany';
import { conversation } from '../conversation';
import { customer } from '../customer';
import { messageFields } from './fields';

/** Kustomer has no message delete (only redaction), so messages have none. */
export const message: KustomerResource = {
	value: 'message',
	displayName: 'Message',
	plural: 'messages',
	idParameter: 'messageId',
	appUrlPattern: 'https?://[^/]+/app/.*messages/([0-9a-fA-F]{24})',
	fields: messageFields,
	createRequired: [
		{
			parameter: 'channel',
			field: { attribute: 'channel', label: 'Channel', kind: 'options', use: ['create'], options: MESSAGE_CHANNEL_OPTIONS },
			property: { default: 'email', description: 'Where the message was exchanged' },
		},
		{
			parameter: 'app',
			field: { attribute: 'app', label: 'App', kind: 'string', use: ['create'] },
			property: {
				placeholder: 'e.g. postmark',
				description: 'The integration the message came through; keep it the same for all messages from one source',
			},
		},
		{
			parameter: 'direction',
			field: { attribute: 'direction', label: 'Direction', kind: 'options', use: ['create'], options: DIRECTION_OPTIONS },
			property: { default: 'in' },
		},
	],
	simpleFields: ['conversation', 'customer', 'channel', 'direction', 'status', 'subject', 'preview', 'sentAt', 'createdAt'],
	operations: {
		create: {
			createdIn: conversation,
			notice: {
				text:
					'This records a message on the conversation\'s timeline, as an import or a log of what happened ' +
					'elsewhere. Kustomer sends nothing: no email, SMS or chat reaches the customer.',
				action: 'Record a message on the timeline (sends nothing)',
				description: 'Record one message per input item on a conversation\'s timeline; nothing is sent to the customer',
			},
		},
		// The spec spells the message path `externalid=` and the docs disagree (the path's casing is unconfirmed): by ID only.
		get: { lookups: [] },
		getAll: {
			scopes: [
				{ value: 'all', name: 'All Messages' },
				{ value: 'conversation', name: 'Messages in a Conversation', parent: conversation },
				{ value: 'customer', name: 'Messages of a Customer', parent: customer },
			],
			filters: [
				newestFirstFilter(['all']),
				{
					scopes: ['all', 'conversation', 'customer'],
					property: {
						displayName: 'Include Attachments',
						name: 'includeAttachments',
						type: 'boolean',
						default: false,
						description: 'Whether to include each message\'s attachments',
					},
					query: (value) => (value ? { include: 'attachments' } : {}),
				},
			],
		},
		update: {},
		bulkCreate: {},
		bulkUpdate: { sameChanges: 'idsQuery' },
	},
};
