/**
 * A small, plausible org to try the node on (`npm run dev` seeds it): companies, their customers with
 * conversations (each with a few messages and a note) and orders (custom objects of the Klass `order`). One builder per resource, run in the order below (a
 * record's parents first); a resource the mock learns gets its builder here, and the type makes sure it does.
 */
import type { MockKustomer, ResourceName } from './types';

/** IDs a caller needs to exist (e.g. the sample IDs written into an example workflow), per resource. */
export type SampleIds = Partial<Record<ResourceName, string[]>>;
export type SeededIds = Record<ResourceName, string[]>;

interface BuildContext {
	/** Seeds one record of this builder's resource with the given (or a new) ID; returns the ID. */
	seed(attributes: Record<string, unknown>, id?: string): string;
	/** What the builders before this one seeded. */
	seeded: SeededIds;
	/** The IDs this resource must include: the builder uses them for its first records. */
	ids: string[];
}

const PEOPLE = [
	['Ada Lovelace', 'ada@example.com', '+14155550101'],
	['Grace Hopper', 'grace@example.com', '+14155550102'],
	['Alan Turing', 'alan@example.com', '+14155550103'],
	['Katherine Johnson', 'katherine@example.com', '+14155550104'],
	['Edsger Dijkstra', 'edsger@example.com', '+14155550105'],
	['Barbara Liskov', 'barbara@example.com', '+14155550106'],
];
const TOPICS = ['Where is my order?', 'Refund for a damaged item', 'Change my plan', 'Invoice address', 'Login fails'];
const STATUSES = ['open', 'snoozed', 'done'];
const PRIORITIES = [1, 2, 3, 4, 5];

/** `count` records, at least one per required ID, the first ones with those IDs. */
const times = (count: number, ids: string[], make: (n: number, id?: string) => string) =>
	Array.from({ length: Math.max(count, ids.length) }, (_, n) => make(n, ids[n]));

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];

const COMPANIES = ['Acme Corp', 'Globex', 'Initech'];

const BUILDERS: { [R in ResourceName]: (context: BuildContext) => string[] } = {
	company: ({ seed, ids }) =>
		times(COMPANIES.length, ids, (n, id) => seed({ name: pick(COMPANIES, n), externalId: `sample-co-${101 + n}` }, id)),
	customer: ({ seed, seeded, ids }) =>
		times(PEOPLE.length, ids, (n, id) => {
			const [name, email, phone] = pick(PEOPLE, n);
			return seed(
				{
					name,
					emails: [{ email, type: 'work' }],
					phones: [{ phone, type: 'mobile' }],
					externalId: `sample-${1001 + n}`,
					company: pick(seeded.company, n),
					tags: n % 2 === 0 ? ['vip'] : [],
					custom: { tierStr: n % 2 === 0 ? 'gold' : 'silver', lifetimeValueNum: 100 * (n + 1) },
				},
				id,
			);
		}),
	conversation: ({ seed, seeded, ids }) =>
		times(2 * seeded.customer.length, ids, (n, id) =>
			seed(
				{
					customer: pick(seeded.customer, n),
					name: pick(TOPICS, n),
					// The conversations a caller asked for (an example's sample IDs) are open: work to do.
					status: id ? 'open' : pick(STATUSES, n),
					priority: pick(PRIORITIES, n),
					channels: ['email'],
				},
				id,
			),
		),
	message: ({ seed, seeded, ids }) =>
		times(2 * seeded.conversation.length, ids, (n, id) => {
			const conversation = pick(seeded.conversation, Math.floor(n / 2));
			const index = seeded.conversation.indexOf(conversation);
			return seed(
				{
					conversation,
					customer: pick(seeded.customer, index),
					channel: 'email',
					app: 'postmark',
					direction: n % 2 === 0 ? 'in' : 'out',
					preview: n % 2 === 0 ? pick(TOPICS, index) : 'Thanks for writing: we are on it.',
				},
				id,
			);
		}),
	note: ({ seed, seeded, ids }) =>
		times(seeded.conversation.length, ids, (n, id) =>
			seed({ conversation: pick(seeded.conversation, n), body: 'Called the customer back; waiting for the courier.' }, id),
		),
	kobject: ({ seed, seeded, ids }) =>
		times(seeded.customer.length, ids, (n, id) =>
			seed(
				{
					klass: 'order',
					title: `Order #${4400 + n}`,
					externalId: `sample-order-${4400 + n}`,
					customer: pick(seeded.customer, n),
					custom: { orderNumberStr: String(4400 + n), totalNum: 25 * (n + 1) },
				},
				id,
			),
		),
};

/** Seeds the sample org into the mock (builders in the order of BUILDERS) and returns the IDs per resource. */
export function seedSamples(mock: MockKustomer, ids: SampleIds = {}): SeededIds {
	const seeded = {} as SeededIds;
	for (const resource of Object.keys(BUILDERS) as ResourceName[]) {
		seeded[resource] = BUILDERS[resource]({
			seed: (attributes, id) => mock.seed(resource, attributes, id),
			seeded,
			ids: ids[resource] ?? [],
		});
	}
	return seeded;
}
