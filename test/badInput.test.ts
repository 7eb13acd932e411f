/**
 * Bad input is refused before any request, with the item and the field named. One row per case; the
 * README's troubleshooting section lists these messages.
 */
import { credentialsFor, useMockKustomer } from './support/kustomer';
import { runKustomer } from './support/n8n';

const mock = useMockKustomer();

const ID = '6650c2f1a3b4c5d6e7f80911';
const ids = (count: number) => Array.from({ length: count }, (_, n) => `6650c2f1a3b4c5d6e7f80${String(n).padStart(3, '0')}`);
const conversationUpdate = (updateFields: Record<string, unknown>) => ({ resource: 'conversation', operation: 'update', conversationId: ID, updateFields });
const customerUpdate = (updateFields: Record<string, unknown>) => ({ resource: 'customer', operation: 'update', customerId: ID, updateFields });
const messageUpdate = (updateFields: Record<string, unknown>) => ({ resource: 'message', operation: 'update', messageId: ID, updateFields });
const custom = (name: string, value: string) => ({ custom: { attribute: [{ name, value }] } });
/** Values given by expression, as they arrive from a spreadsheet, so the form's own checks do not catch them first. */
const fromItem = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;

// [case, node parameters, the field named, Kustomer's rule in the message]
const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
	['empty ID', { ...conversationUpdate({ status: 'done' }), conversationId: fromItem('') }, 'Conversation ID', /is empty/],
	['malformed ID', { ...conversationUpdate({ status: 'done' }), conversationId: 'abc' }, 'Conversation ID', /"abc" is not a Kustomer ID/],
	['ID that would change the path', { ...conversationUpdate({ status: 'done' }), conversationId: '../users' }, 'Conversation ID', /not a Kustomer ID/],
	['status Kustomer does not accept', conversationUpdate({ status: fromItem('closed') }), 'Status', /"closed" is not one of done, open, snoozed/],
	['direction Kustomer does not accept', conversationUpdate({ direction: fromItem('sideways') }), 'Direction', /is not one of in, out/],
	['priority below 1', conversationUpdate({ priority: 0 }), 'Priority', /0 is outside 1 to 5/],
	['priority above 5', conversationUpdate({ priority: 6 }), 'Priority', /6 is outside 1 to 5/],
	['priority not a whole number', conversationUpdate({ priority: 2.5 }), 'Priority', /not a whole number/],
	['priority not a number', conversationUpdate({ priority: fromItem('high') }), 'Priority', /"high" is not a number/],
	['satisfaction outside -1 to 1', { ...conversationUpdate({}), advancedFields: { satisfaction: 2 } }, 'Satisfaction', /outside -1 to 1/],
	['invalid date', { ...conversationUpdate({}), advancedFields: { endedAt: fromItem('next tuesday') } }, 'Ended At', /is not a date/],
	['invalid JSON', customerUpdate({ locations: '{oops' }), 'Locations (JSON)', /is not valid JSON/],
	['JSON of the wrong shape', customerUpdate({ locations: '{"type": "home"}' }), 'Locations (JSON)', /must be a JSON array/],
	['custom attribute without a type suffix', conversationUpdate(custom('favoriteColor', 'red')), 'Custom Attributes "favoriteColor"', /type suffix|ends in its type/],
	['custom number that is not a number', conversationUpdate(custom('refundAmountNum', 'lots')), 'Custom Attributes "refundAmountNum"', /"lots" is not a number/],
	['custom boolean that is not true/false', conversationUpdate(custom('escalatedBool', 'yes')), 'Custom Attributes "escalatedBool"', /not true or false/],
	['custom date that is not a date', conversationUpdate(custom('followUpAt', 'soon')), 'Custom Attributes "followUpAt"', /is not a date/],
	['more than 10 assigned users', conversationUpdate({ assignedUsers: ids(11).join(',') }), 'Assigned User IDs', /11 entries; Kustomer accepts at most 10/],
	['a malformed assigned team', conversationUpdate({ assignedTeams: 'team-one' }), 'Assigned Team IDs', /"team-one" is not a Kustomer ID/],
	['more than 20 tags', conversationUpdate({ tags: Array.from({ length: 21 }, (_, n) => `t${n}`).join(',') }), 'Tags', /at most 20/],
	['a tag with a character Kustomer refuses', conversationUpdate({ tags: 'vip, #urgent' }), 'Tags', /"#urgent" is not a valid tag/],
	['more than 10 emails', customerUpdate({ emails: { values: ids(11).map((n) => ({ email: `${n}@example.com` })) } }), 'Emails', /11 entries/],
	['more than 10 phones', customerUpdate({ phones: { values: ids(11).map((_, n) => ({ phone: `+1415555${1000 + n}` })) } }), 'Phones', /11 entries/],
	['an email entry without its email', customerUpdate({ emails: { values: [{ type: 'work' }] } }), 'Emails 1 → Email', /is required/],
	['a URL that is not a URL', customerUpdate({ avatarUrl: 'avatar.png' }), 'Avatar URL', /is not a URL/],
	['a name over 256 characters', customerUpdate({ name: 'x'.repeat(257) }), 'Name', /longer than 256 characters/],
	['a preview over 10,240 characters', messageUpdate({ preview: 'x'.repeat(10_241) }), 'Preview', /longer than 10240 characters/],
	['a batch size of 0', { resource: 'customer', operation: 'bulkCreate', additionalFields: { name: 'a' }, options: { batchSize: 0 } }, 'Batch Size', /0 is outside 1 to 100/],
	['a batch size over 100', { resource: 'customer', operation: 'bulkCreate', additionalFields: { name: 'a' }, options: { batchSize: 101 } }, 'Batch Size', /101 is outside 1 to 100/],
	['same for all with no IDs', { resource: 'customer', operation: 'bulkUpdate', updateMode: 'sameForAll', ids: fromItem(''), updateFields: { name: 'a' } }, 'IDs', /is empty/],
	['same for all with a malformed ID', { resource: 'customer', operation: 'bulkUpdate', updateMode: 'sameForAll', ids: `${ID}, x1`, updateFields: { name: 'a' } }, 'IDs', /"x1" is not a Kustomer ID/],
	['bulk update without a record ID', { resource: 'customer', operation: 'bulkUpdate', customerId: fromItem(''), updateFields: { name: 'a' } }, 'Customer ID', /is empty/],
	['bulk create of a conversation without its customer', { resource: 'conversation', operation: 'bulkCreate', customerId: fromItem('') }, 'Customer ID', /is required/],
	['bulk create of a message on an unknown channel', { resource: 'message', operation: 'bulkCreate', channel: fromItem('pigeon'), app: 'a', direction: 'in' }, 'Channel', /"pigeon" is not one of/],
];

describe('bad input is refused before any request', () => {
	it.each(cases)('%s', async (_case, parameters, field, rule) => {
		const { error, items } = await runKustomer({ parameters, items: [{}], credentials: credentialsFor(mock()) });
		expect(error?.message).toMatch(new RegExp(`^Invalid ${field.replace(/[()]/g, '\\$&')}: `));
		expect(error?.message).toMatch(rule);
		expect(error?.description).toMatch(/^Input item 0: correct /);
		expect(items).toHaveLength(0);
		expect(mock().requests).toHaveLength(0);
	});

	it('names the item that is wrong', async () => {
		const { error } = await runKustomer({
			parameters: { resource: 'customer', operation: 'bulkCreate', additionalFields: { name: '={{ $json.name }}' } },
			items: [{ name: 'ok' }, { name: 'ok' }, { name: 'x'.repeat(300) }],
			credentials: credentialsFor(mock()),
		});
		expect(error?.description).toMatch(/^Input item 2: correct "Name"/);
		expect(mock().requests).toHaveLength(0);
	});

	it.each([
		[{ region: 'custom', baseUrl: 'http://kustomer-gateway.example.com' }, /plain http/],
		[{ region: 'org', orgName: '' }, /needs the org name/],
		[{ region: 'custom', baseUrl: 'kustomer-gateway.example.com' }, /must be an origin/],
	])('a credential that cannot be used: %j', async (credential, message) => {
		for (const parameters of [conversationUpdate({ status: 'done' }), { resource: 'customer', operation: 'bulkCreate', additionalFields: { name: 'a' } }]) {
			const { error } = await runKustomer({ parameters, items: [{}], credentials: { apiKey: 'k', ...credential } });
			expect(error?.message).toMatch(message);
		}
		expect(mock().requests).toHaveLength(0);
	});
});

describe('a local input error reads as the node\'s own, not as an answer from Kustomer', () => {
	const bad = { ...conversationUpdate({ status: 'done' }), conversationId: 'abc' };

	it('routed: no HTTP code ("From Kustomer / Error code none" in the editor), the description kept', async () => {
		const { error } = await runKustomer({ parameters: bad, items: [{}], credentials: credentialsFor(mock()) });
		expect(error?.message).toBe('Invalid Conversation ID: "abc" is not a Kustomer ID (24 hexadecimal characters)');
		expect(error?.description).toBe('Input item 0: correct "Conversation ID". Nothing was sent to Kustomer for this item.');
		expect((error as { httpCode?: unknown }).httpCode ?? null).toBeNull();
		expect(mock().requests).toHaveLength(0);
	});

	it('routed with Continue On Fail: the error item keeps the description; the good items are sent', async () => {
		const id = mock().seed('conversation', { status: 'open' }, ID);
		const { items } = await runKustomer({
			parameters: { ...bad, conversationId: '={{ $json.id }}' },
			items: [{ id: 'abc' }, { id }],
			credentials: credentialsFor(mock()),
			continueOnFail: true,
		});
		expect(items[0].json).toEqual({
			error: 'Invalid Conversation ID: "abc" is not a Kustomer ID (24 hexadecimal characters)',
			description: 'Input item 0: correct "Conversation ID". Nothing was sent to Kustomer for this item.',
			id: null,
		});
		expect(items[1].json).toMatchObject({ id, status: 'done' });
		expect(mock().requests.filter((request) => request.method === 'PUT')).toHaveLength(1);
	});

	it('a read (Search) with a bad value: the same, before anything is sent', async () => {
		const { error } = await runKustomer({
			parameters: { resource: 'customer', operation: 'search', limit: 0 },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toMatch(/^Invalid Limit/);
		expect((error as { httpCode?: unknown }).httpCode ?? null).toBeNull();
		expect(mock().requests).toHaveLength(0);
	});
});
