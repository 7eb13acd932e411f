/**
 * The field catalogues offer every attribute Kustomer's OpenAPI spec accepts, and nothing it refuses.
 * The spec's lists are those the mock validates against (test/mock-kustomer/validation.ts).
 */
import { conversationFields } from '../../nodes/Kustomer/resources/conversation/fields';
import { customerFields } from '../../nodes/Kustomer/resources/customer/fields';
import { messageFields } from '../../nodes/Kustomer/resources/message/fields';
import { conversation } from '../../nodes/Kustomer/resources/conversation';
import { message } from '../../nodes/Kustomer/resources/message';
import { companyFields } from '../../nodes/Kustomer/resources/company/fields';
import { company } from '../../nodes/Kustomer/resources/company';
import { customObjectFields } from '../../nodes/Kustomer/resources/customObject/fields';
import { customObject } from '../../nodes/Kustomer/resources/customObject';
import { noteFields } from '../../nodes/Kustomer/resources/note/fields';
import { note } from '../../nodes/Kustomer/resources/note';
import type { FieldSpec, FieldUse } from '../../nodes/Kustomer/core/fields/types';
import { ALLOWED_KEYS } from '../mock-kustomer';

/**
 * Attributes left out on purpose: a record's own ID on create (Kustomer assigns it), and what Kustomer sets
 * itself with no reason for a workflow to (see the catalogues' comments).
 */
const NOT_OFFERED: Record<string, Set<string>> = {
	conversation: new Set(['id', 'suggestedTags', 'suggestedShortcuts', 'satisfactionLevel', 'deleted']),
	message: new Set(['id', 'modifiedAt', 'updatedAt']),
	customer: new Set(['id']),
	company: new Set(['id']),
	note: new Set(['id']),
	kobject: new Set(['id']),
};

const catalogues: Array<[keyof typeof ALLOWED_KEYS, FieldSpec[], FieldSpec[]]> = [
	['conversation', conversationFields, conversation.createRequired.map((entry) => entry.field)],
	['message', messageFields, message.createRequired.map((entry) => entry.field)],
	['customer', customerFields, []],
	['company', companyFields, company.createRequired.map((entry) => entry.field)],
	['note', noteFields, note.createRequired.map((entry) => entry.field)],
	['kobject', customObjectFields, customObject.createRequired.map((entry) => entry.field)],
];

describe.each(catalogues)('%s catalogue', (resource, fields, required) => {
	it.each(['create', 'update'] as FieldUse[])('offers every attribute the spec accepts on %s, and only those', (use) => {
		// A one-value shortcut (Email, Phone) is sent inside its list attribute.
		const offered = new Set([
			...fields.filter((field) => field.use.includes(use)).map((field) => field.into?.list ?? field.attribute),
			...(use === 'create' ? required.map((field) => field.attribute) : []),
		]);
		const accepted = [...ALLOWED_KEYS[resource][use]].filter((key) => !NOT_OFFERED[resource].has(key));
		expect([...offered].sort()).toEqual(accepted.sort());
	});
});
