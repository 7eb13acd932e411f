import { id } from '../../core/fields/common';
import type { KustomerResource } from '../../core/resource';
import { idLocator } from '../../core/resource';
import { customer } from '../customer';
import { conversationFields } from './fields';

export const conversation: KustomerResource = {
	value: 'conversation',
	displayName: 'Conversation',
	plural: 'conversations',
	idParameter: 'conversationId',
	// The app shows a conversation at /app/conversations/<id> or inside its customer at /app/customers/<customer>/event/<id>.
	appUrlPattern: 'https?://[^/]+/app/(?:conversations|customers/[0-9a-fA-F]{24}/event)/([0-9a-fA-F]{24})',
	fields: conversationFields,
	createRequired: [
		{
			parameter: 'customerId',
			field: id('customer', 'Customer ID', ['create']),
			// Picked like any customer elsewhere in the node: from a list, by URL or by ID.
			property: { ...idLocator(customer, undefined), description: 'The customer the conversation is with' },
		},
	],
};
