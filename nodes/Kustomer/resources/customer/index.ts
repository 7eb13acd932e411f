import type { KustomerResource } from '../../core/resource';
import { customerFields } from './fields';

export const customer: KustomerResource = {
	value: 'customer',
	displayName: 'Customer',
	plural: 'customers',
	idParameter: 'customerId',
	appUrlPattern: 'https?://[^/]+/app/customers/([0-9a-fA-F]{24})',
	fields: customerFields,
	createRequired: [],
};
