import type { KustomerResource } from '../../core/resource';
import { idLocator } from '../../core/resource';
import { id, MESSAGE_CHANNEL_OPTIONS } from '../../core/fields/common';
import { externalIdLookup } from '../../operations/get';
import { searchFilter } from '../../operations/search';
import { fromDateFilter, newestFirstFilter } from '../../operations/getMany';
import { customer } from '../customer';
import { conversationFields } from './fields';

export const conversation: KustomerResource = {
	value: 'conversation',
	displayName: 'Conversation',
	plural: 'conversations',
	idParameter: 'conversationId',
	// The app shows a conversation at /app/conversations/<id> or inside its customer at
	// /app/customers/<customer>/event/<id>.
	appUrlPattern: 'https?://[^/]+/app/(?:conversations|customers/[0-9a-fA-F]{24}/event)/([0-9a-fA-F]{24})',
	listSearchMethod: 'searchConversations',
	fields: conversationFields,
	createRequired: [
		{
			parameter: 'customerId',
			field: id('customer', 'Customer ID', ['create']),
			// Picked like any customer elsewhere in the node: from a list, by URL or by ID.
			property: { ...idLocator(customer, undefined), description: 'The customer the conversation is with' },
		},
	],
	simpleFields: [
		'customer',
		'name',
		'status',
		'priority',
		'direction',
		'tags',
		'assignedUsers',
		'assignedTeams',
		'createdAt',
		'updatedAt',
	],
	operations: {
		create: { columns: true },
		get: { lookups: [externalIdLookup] },
		getAll: {
			scopes: [
				{ value: 'all', name: 'All Conversations' },
				{ value: 'customer', name: 'Conversations of a Customer', parent: customer },
			],
			filters: [newestFirstFilter(['all']), fromDateFilter('Only conversations from this date on', ['customer'])],
		},
		update: {},
		delete: {},
		search: {
			queryContext: 'conversation',
			description: 'Find conversations by status, update time, tags, assignment, channel or a Kustomer search query',
			exampleQuery:
				'{\n  "and": [{ "conversation_status": { "equals": "open" } }, ' +
				'{ "conversation_updated_at": { "lte": "2025-01-01" } }],\n' +
				'  "sort": [{ "conversation_updated_at": "asc" }]\n}',
			filters: [
				searchFilter('status', 'Status Is', 'options', 'conversation_status', 'equals', undefined, {
					options: conversationFields.find((field) => field.attribute === 'status')!.options,
				}),
				searchFilter('updatedAfter', 'Updated After', 'dateTime', 'conversation_updated_at', 'gte'),
				searchFilter('updatedBefore', 'Updated Before', 'dateTime', 'conversation_updated_at', 'lte', undefined, {
					description: 'E.g. a week ago, for conversations nobody touched since',
				}),
				searchFilter('tag', 'Has Tag', 'string', 'conversation_tags', 'equals', 'e.g. vip'),
				searchFilter('assignedTeams', 'Assigned Team', 'id', 'conversation_assigned_teams', 'equals'),
				searchFilter('assignedUsers', 'Assigned User', 'id', 'conversation_assigned_users', 'equals'),
				searchFilter('channel', 'Channel', 'options', 'conversation_channels', 'equals', undefined, {
					options: MESSAGE_CHANNEL_OPTIONS,
				}),
				searchFilter(
					'customer',
					'Customer ID Is',
					'id',
					'conversation_customer_id',
					'equals',
					'e.g. 6650c2f1a3b4c5d6e7f80911',
				),
			],
		},
		addTags: {},
		removeTags: {},
		addNote: {},
		bulkCreate: { columns: true },
		bulkUpdate: { sameChanges: 'idsQuery' },
	},
};
