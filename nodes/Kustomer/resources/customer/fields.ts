import {
	advanced,
	choice,
	customField,
	date,
	defaultLangField,
	id,
	importedAtField,
	sentimentField,
	tagsField,
	text,
} from '../../core/fields/common';
import type { FieldSpec, FieldUse } from '../../core/fields/types';

const BOTH: readonly FieldUse[] = ['create', 'update'];
const verified: FieldSpec = {
	attribute: 'verified',
	label: 'Verified',
	kind: 'boolean',
	use: BOTH,
	description: 'Whether it is verified',
};

/** Kustomer's lists of identities on a customer: at most 10 entries, each a small object. */
function identityList(attribute: string, label: string, fields: FieldSpec[], advanced?: boolean): FieldSpec {
	return { attribute, label, kind: 'objectList', use: BOTH, maxItems: 10, fields, advanced };
}

const email = text('email', 'Email', undefined, BOTH, { placeholder: 'e.g. name@example.com', required: true });
const phone = text('phone', 'Phone', undefined, BOTH, {
	placeholder: 'e.g. +14155550123',
	description: 'In E.164 format',
	required: true,
});
const externalIdEntry = text('externalId', 'External ID', 255, BOTH, { minLength: 1, required: true });
const contactTypes = (types: string[]) => choice('type', 'Type', BOTH, types, { default: types[0] });
const EMAIL_TYPES = ['home', 'work', 'other'];
const PHONE_TYPES = ['mobile', 'home', 'work', 'fax', 'other'];
const social: FieldSpec[] = [
	choice('type', 'Network', BOTH, ['facebook', 'instagram', 'linkedin', 'pinterest', 'twitter'], {
		required: true,
		default: 'twitter',
	}),
	text('username', 'Username', 256, BOTH, { required: true }),
	text('userid', 'User ID', 256),
	{ attribute: 'url', label: 'URL', kind: 'url', use: BOTH },
	verified,
];

/** Contact lists customers and companies share (Kustomer's schemas of the two are the same). */
export const CONTACT_LISTS: Record<'emails' | 'phones' | 'whatsapps' | 'socials' | 'urls' | 'locations', FieldSpec> = {
	emails: identityList('emails', 'Emails', [email, contactTypes(EMAIL_TYPES), verified]),
	phones: identityList('phones', 'Phones', [phone, contactTypes(PHONE_TYPES), verified]),
	whatsapps: identityList('whatsapps', 'WhatsApp Numbers', [phone, contactTypes(['mobile']), verified]),
	socials: identityList('socials', 'Social Profiles', social),
	urls: identityList('urls', 'URLs', [
		{ attribute: 'url', label: 'URL', kind: 'url', use: BOTH, required: true },
		choice('type', 'Type', BOTH, ['blog', 'other', 'website'], { default: 'website' }),
	]),
	locations: {
		attribute: 'locations',
		label: 'Locations (JSON)',
		kind: 'json',
		use: BOTH,
		jsonShape: 'array',
		description: 'E.g. [{"type": "home", "address": "1 Main St", "cityName": "Austin", "countryCode": "US"}]',
	},
};

/**
 * Every customer attribute Kustomer's CreateCustomer and UpdateCustomer accept (the two take the same). The
 * shared identities, channel IDs, activity times, creation and import times, revision, language and
 * sentiment are Advanced Fields: Kustomer sets most of them itself, and an import or a careful update is
 * the reason to set them by hand.
 */
export const customerFields: FieldSpec[] = [
	text('name', 'Name', 256),
	// On create only: on update a list replaces the customer's list, and one email would drop the others.
	text('email', 'Email', undefined, ['create'], {
		placeholder: 'e.g. name@example.com',
		description: 'The customer\'s email; for several, or with a type, use Emails',
		into: { list: 'emails', key: 'email' },
	}),
	text('phone', 'Phone', undefined, ['create'], {
		placeholder: 'e.g. +14155550123',
		description: 'In E.164 format; for several, or with a type, use Phones',
		into: { list: 'phones', key: 'phone' },
	}),
	text('externalId', 'External ID', 256, BOTH, { minLength: 1 }),
	text('username', 'Username', 256),
	id('company', 'Company ID', BOTH, 'On update, Kustomer unlinks the company when this is left out of a replace'),
	CONTACT_LISTS.emails,
	identityList('sharedEmails', 'Shared Emails', [email, contactTypes(EMAIL_TYPES), verified], true),
	CONTACT_LISTS.phones,
	identityList('sharedPhones', 'Shared Phones', [phone, contactTypes(PHONE_TYPES), verified], true),
	CONTACT_LISTS.whatsapps,
	identityList('externalIds', 'External IDs', [externalIdEntry, verified], true),
	identityList('sharedExternalIds', 'Shared External IDs', [externalIdEntry, verified], true),
	CONTACT_LISTS.socials,
	identityList('sharedSocials', 'Shared Social Profiles', social, true),
	CONTACT_LISTS.urls,
	CONTACT_LISTS.locations,
	advanced({
		attribute: 'facebookIds',
		label: 'Facebook IDs (JSON)',
		kind: 'json',
		use: BOTH,
		jsonShape: 'array',
		description: 'E.g. [{"pageId": "…", "userId": "…"}]',
	}),
	{
		attribute: 'instagramIds',
		label: 'Instagram IDs (JSON)',
		kind: 'json',
		use: BOTH,
		jsonShape: 'array',
		description: 'E.g. [{"pageId": "…", "threadId": "…", "username": "…"}]',
		advanced: true,
	},
	{ attribute: 'avatarUrl', label: 'Avatar URL', kind: 'url', use: BOTH },
	text('locale', 'Locale', 16, BOTH, { placeholder: 'e.g. en_US' }),
	text('timeZone', 'Time Zone', 64, BOTH, { placeholder: 'e.g. America/New_York' }),
	choice('gender', 'Gender', BOTH, [
		{ name: 'Female', value: 'f' },
		{ name: 'Male', value: 'm' },
	]),
	date('birthdayAt', 'Birthday'),
	date('signedUpAt', 'Signed Up At'),
	advanced(date('lastActivityAt', 'Last Activity At')),
	advanced(date('lastCustomerActivityAt', 'Last Customer Activity At')),
	advanced(date('lastSeenAt', 'Last Seen At')),
	advanced(date('createdAt', 'Created At')),
	// Kustomer's UpdateCustomer accepts it too, unlike conversation and message updates.
	advanced(importedAtField(BOTH)),
	tagsField(),
	advanced(sentimentField()),
	advanced({
		attribute: 'rev',
		label: 'Revision',
		kind: 'integer',
		use: BOTH,
		min: 0,
		description: 'The revision you read; Kustomer refuses the change if the customer changed since',
	}),
	advanced(defaultLangField()),
	customField(),
];
