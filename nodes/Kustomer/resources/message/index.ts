import { DIRECTION_OPTIONS, MESSAGE_CHANNEL_OPTIONS } from '../../core/fields/common';
import type { KustomerResource } from '../../core/resource';
import { messageFields } from './fields';

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
};
