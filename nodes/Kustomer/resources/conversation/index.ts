import { id } from '../../core/fields/common';
import type { KustomerResource } from '../../core/resource';
import { idLocator } from '../../core/resource';
import { externalIdLookup } from '../../operations/get';
import { fromDateFilter, newestFirstFilter } from '../../operations/getMany';
import { customer } from '../customer';
import { conversationFields } from './fields';

export const conversation: KustomerResource = {
	value: 'conversation',
	displayName: 'Conversation',
	plural: 'conversations',
	idParameter: 'conversationId',
	// The app shows a conversation at /app/conversations/<id> or inside its customer at /app/customers/<customer>/event/<id>.
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
	simpleFields: ['customer', 'name', 'status', 'priority', 'direction', 'tags', 'assignedUsers', 'assignedTeams', 'createdAt', 'updatedAt'],
	operations: {
		create: {},
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
		addTags: {},
		removeTags: {},
		addNote: {},
		bulkCreate: {},
		bulkUpdate: { sameChanges: 'idsQuery' },
	},
};
