/**
 * Fixed lookup data: users, teams, routing queues, tags, custom attribute metadata and the default roles.
 */

export interface FixtureItem {
	type: string;
	id: string;
	attributes: Record<string, unknown>;
}

export const DEFAULT_ROLES: readonly string[] = [
	'org.permission.conversation.create',
	'org.permission.conversation.read',
	'org.permission.conversation.update',
	'org.permission.conversation.delete',
	'org.permission.message.create',
	'org.permission.message.read',
	'org.permission.message.update',
	'org.permission.customer.create',
	'org.permission.customer.read',
	'org.permission.customer.update',
	'org.permission.customer.delete',
	'org.permission.bulk.read',
	'org.permission.search.create',
	'org.permission.metadata.read',
	'org.permission.user.read',
	'org.permission.team.read',
	'org.permission.queue.read',
	'org.permission.tag.read',
];

const user = (n: number, name: string, displayName: string, userType = 'user'): FixtureItem => ({
	type: 'user',
	id: `5f0a${String(n).padStart(20, '0')}`,
	attributes: { name, displayName, email: `${displayName.toLowerCase()}@example.com`, userType },
});

export const USERS: readonly FixtureItem[] = [
	user(1, 'Ada Agent', 'Ada'),
	user(2, 'Bob Builder', 'Bob'),
	user(3, 'Cleo Case', 'Cleo'),
	user(4, 'Integration Bot', 'Bot', 'machine'),
];

export const TEAMS: readonly FixtureItem[] = [
	{ type: 'team', id: '5f0b00000000000000000001', attributes: { name: 'tier1', displayName: 'Tier 1 Support' } },
	{ type: 'team', id: '5f0b00000000000000000002', attributes: { name: 'tier2', displayName: 'Tier 2 Support' } },
	{ type: 'team', id: '5f0b00000000000000000003', attributes: { name: 'billing', displayName: 'Billing' } },
];

export const QUEUES: readonly FixtureItem[] = [
	{
		type: 'queue',
		id: '5f0c00000000000000000001',
		attributes: { name: 'DEFAULT_QUEUE', displayName: 'Default Queue', system: true },
	},
	{
		type: 'queue',
		id: '5f0c00000000000000000002',
		attributes: { name: 'vip', displayName: 'VIP Queue', system: false },
	},
	{
		type: 'queue',
		id: '5f0c00000000000000000003',
		attributes: { name: 'returns', displayName: 'Returns', system: false },
	},
];

export const TAGS: readonly FixtureItem[] = [
	{ type: 'tag', id: '5f0d00000000000000000001', attributes: { name: 'vip', color: '#ff0000' } },
	{ type: 'tag', id: '5f0d00000000000000000002', attributes: { name: 'refund', color: '#00ff00' } },
	{ type: 'tag', id: '5f0d00000000000000000003', attributes: { name: 'shipping', color: '#0000ff' } },
	{ type: 'tag', id: '5f0d00000000000000000004', attributes: { name: 'escalated', color: '#999999' } },
];

type Props = Record<string, Record<string, unknown>>;

/** One string, number, boolean, date and enumerated string custom attribute, as Kustomer's metadata describes them. */
function attributeSet(names: { str: string; num: string; bool: string; at: string; pick: string }, labels: string[], choices: string[]): Props {
	const [str, num, bool, at, pick] = labels;
	const label = (value: string) => value[0].toUpperCase() + value.slice(1);
	return {
		[names.str]: { type: 'string', displayName: str },
		[names.num]: { type: 'number', displayName: num },
		[names.bool]: { type: 'boolean', displayName: bool },
		[names.at]: { type: 'date', displayName: at },
		[names.pick]: { type: 'string', displayName: pick, enumeration: choices.map((value) => ({ value, displayName: label(value) })) },
	};
}

/** Custom attribute metadata per resource: one string, number, boolean, date and enumerated string field each. */
export const METADATA: Record<string, Props> = {
	customer: attributeSet(
		{ str: 'tierStr', num: 'lifetimeValueNum', bool: 'vipBool', at: 'renewalAt', pick: 'planStr' },
		['Tier', 'Lifetime value', 'VIP', 'Renewal', 'Plan'],
		['basic', 'pro'],
	),
	conversation: attributeSet(
		{ str: 'orderNumberStr', num: 'refundAmountNum', bool: 'escalatedBool', at: 'followUpAt', pick: 'reasonStr' },
		['Order number', 'Refund amount', 'Escalated', 'Follow up', 'Reason'],
		['shipping', 'billing'],
	),
	message: attributeSet(
		{ str: 'sourceStr', num: 'scoreNum', bool: 'flaggedBool', at: 'receivedAt', pick: 'kindStr' },
		['Source', 'Score', 'Flagged', 'Received', 'Kind'],
		['question', 'complaint'],
	),
};
