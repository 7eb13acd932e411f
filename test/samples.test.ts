/**
 * The sample org `npm run dev` seeds into the mock (test/mock-kustomer/samples.ts): every resource the mock
 * knows gets records, the IDs a caller asks for exist, and every relationship points at a seeded record.
 */
import { KLASSES, newId, seedSamples, startMockKustomer, type MockKustomer, type ResourceName } from './mock-kustomer';

/** Whether a relationship points at a record the mock has (a Klass is one of its fixed Klasses, by name). */
const exists = (type: string, id: string) =>
	type === 'klass' ? KLASSES.some((klass) => klass.attributes.name === id) : mock.store[type as ResourceName]?.has(id);

let mock: MockKustomer;
beforeAll(async () => (mock = await startMockKustomer()));
afterAll(async () => await mock.stop());

test('seeds every resource, with the requested IDs first, and only relationships to seeded records', () => {
	const wanted = { conversation: [newId(), newId()], message: [newId()] };
	const seeded = seedSamples(mock, wanted);
	const resources = Object.keys(mock.store) as ResourceName[];
	expect(Object.keys(seeded).sort()).toEqual([...resources].sort());
	for (const resource of resources) {
		expect(seeded[resource].length).toBeGreaterThan(0);
		expect([...mock.store[resource].keys()]).toEqual(seeded[resource]);
		for (const record of mock.store[resource].values()) {
			for (const { data } of Object.values(record.relationships)) {
				expect(exists(data.type, data.id)).toBe(true);
			}
		}
	}
	expect(seeded.conversation.slice(0, 2)).toEqual(wanted.conversation);
	expect(seeded.message[0]).toBe(wanted.message[0]);
	const message = mock.store.message.get(wanted.message[0])!;
	expect(Object.keys(message.relationships).sort()).toEqual(['conversation', 'customer']);
	expect(wanted.conversation.map((id) => mock.store.conversation.get(id)?.attributes.status)).toEqual(['open', 'open']);
});
