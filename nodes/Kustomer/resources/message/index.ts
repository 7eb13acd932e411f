import { choice, DIRECTION_OPTIONS, MESSAGE_CHANNEL_OPTIONS } from '../../core/fields/common';
import type { KustomerResource } from '../../core/resource';
import { newestFirstFilter } from '../../operations/getMany';
import { searchFilter } from '../../operations/search';
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
			field: {
				attribute: 'channel',
				label: 'Channel',
				kind: 'options',
				use: ['create'],
				options: MESSAGE_CHANNEL_OPTIONS,
			},
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
	simpleFields: [
		'conversation',
		'customer',
		'channel',
		'direction',
		'status',
		'subject',
		'preview',
		'sentAt',
		'createdAt',
	],
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
		// The spec spells the message path `externalid=` and the docs disagree
		// (the path's casing is unconfirmed): by ID only.
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
		search: {
			queryContext: 'message',
			description: 'Find messages by channel, direction, status, time, customer or a Kustomer search query',
			exampleQuery:
				'{\n  "and": [{ "message_channel": { "equals": "email" } }, { "message_direction": { "equals": "in" } }],\n' +
				'  "sort": [{ "message_updated_at": "desc" }]\n}',
			filters: [
				searchFilter('channel', 'Channel', 'options', 'message_channel', 'equals', undefined, {
					options: MESSAGE_CHANNEL_OPTIONS,
				}),
				searchFilter('direction', 'Direction', 'options', 'message_direction', 'equals', undefined, {
					options: DIRECTION_OPTIONS,
				}),
				searchFilter('status', 'Status Is', 'options', 'message_status', 'equals', undefined, {
					options: choice('status', 'Status', ['update'], ['error', 'received', 'sent']).options,
				}),
				searchFilter('createdAfter', 'Created After', 'dateTime', 'message_created_at', 'gte'),
				searchFilter('updatedAfter', 'Updated After', 'dateTime', 'message_updated_at', 'gte'),
				searchFilter('updatedBefore', 'Updated Before', 'dateTime', 'message_updated_at', 'lte'),
				searchFilter('customer', 'Customer ID Is', 'id', 'message_customer_id', 'equals', 'e.g. 6650c2f1a3b4c5d6e7f80911'),
			],
		},
		bulkCreate: {},
		bulkUpdate: { sameChanges: 'idsQuery' },
	},
};
