/** The Note resource (Conversation → Add Note is in note.test.ts): every operation through n8n-core against the mock. */
import { byId, credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';
import { runKustomer } from './support/n8n';

const mock = useMockKustomer({ bulkPollsUntilComplete: 0 });
const run = (parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [{}]) =>
	runKustomer({ parameters: { resource: 'note', ...parameters }, items, credentials: credentialsFor(mock()) });

function seedConversation() {
	const customer = mock().seed('customer', { name: 'Jo' });
	return { customer, conversation: mock().seed('conversation', { customer, name: 'Refund' }) };
}

it('Create POSTs the text inside the conversation (Kustomer creates notes nowhere else)', async () => {
	const { conversation, customer } = seedConversation();
	const { items, error } = await run({ operation: 'create', conversationId: byId(conversation), body: 'Called the customer', additionalFields: { lang: 'en' } });
	expect(error).toBeUndefined();
	const [request] = mock().requests;
	expect([request.method, request.path, request.body]).toEqual([
		'POST',
		`/v1/conversations/${conversation}/notes`,
		{ conversation, body: 'Called the customer', lang: 'en' },
	]);
	expect(items[0].json).toMatchObject({ body: 'Called the customer', conversation, customer });
});

it('Create checks the text before sending', async () => {
	const { conversation } = seedConversation();
	const { error } = await run({ operation: 'create', conversationId: byId(conversation), body: '={{ "x".repeat(10241) }}' });
	expect(error?.message).toBe('Invalid Text: is longer than 10240 characters');
	expect(mock().requests).toHaveLength(0);
});

it.each([
	['all', {}, '/v1/notes'],
	['conversation', { conversationId: 'C' }, '/v1/conversations/C/notes'],
	['customer', { customerId: 'U' }, '/v1/customers/U/notes'],
])('Get Many lists the notes of scope %s', async (scope, ids, path) => {
	const { conversation, customer } = seedConversation();
	mock().seed('note', { body: 'one', conversation });
	mock().seed('note', { body: 'two', conversation });
	const parameters = Object.fromEntries(Object.entries(ids).map(([name, value]) => [name, byId(value === 'C' ? conversation : customer)]));
	const { items } = await run({ operation: 'getAll', scope, returnAll: true, ...parameters });
	expect(requestsTo(mock(), '/v1/')[0].path).toBe(path.replace('C', conversation).replace('U', customer));
	expect(items.map((item) => item.json.body)).toEqual(['two', 'one']);
});

it('Get reads one note; Update PATCHes only the changes; Delete removes it', async () => {
	const { conversation } = seedConversation();
	const id = mock().seed('note', { body: 'draft', conversation });
	const got = await run({ operation: 'get', noteId: byId(id) });
	expect(got.items[0].json).toMatchObject({ id, body: 'draft', conversation });
	const updated = await run({ operation: 'update', noteId: id, updateFields: { body: 'final' } });
	const del = await run({ operation: 'delete', noteId: byId(id) });
	expect(mock().requests.map((request) => [request.method, request.path, request.body ?? null])).toEqual([
		['GET', `/v1/notes/${id}`, null],
		['PATCH', `/v1/notes/${id}`, { body: 'final' }],
		['DELETE', `/v1/notes/${id}`, null],
	]);
	expect(updated.items[0].json).toMatchObject({ id, body: 'final', conversation });
	expect(del.items[0].json).toEqual({ deleted: true, id });
});

it('Bulk Create sends each note with its conversation to /v1/notes/bulk', async () => {
	const { conversation } = seedConversation();
	const { items } = await run({ operation: 'bulkCreate', conversationId: '={{ $json.c }}', body: '={{ $json.text }}' }, [
		{ c: conversation, text: 'a' },
		{ c: conversation, text: 'b' },
	]);
	expect(requestsTo(mock(), '/v1/notes/bulk')[0].body).toEqual([
		{ conversation, body: 'a', _clientRef: 'n8n-item-0' },
		{ conversation, body: 'b', _clientRef: 'n8n-item-1' },
	]);
	expect(items.map((item) => item.json.status)).toEqual(['created', 'created']);
});

it('Bulk Update with the same changes for a list of IDs uses ?ids=', async () => {
	const { conversation } = seedConversation();
	const ids = [mock().seed('note', { body: 'a', conversation }), mock().seed('note', { body: 'b', conversation })];
	const { items } = await run({ operation: 'bulkUpdate', updateMode: 'sameForAll', ids: ids.join(','), updateFields: { deleted: true } });
	const [submit] = requestsTo(mock(), '/v1/notes/bulk');
	expect([submit.method, submit.query, submit.body]).toEqual(['PUT', { ids: ids.join(',') }, [{ deleted: true }]]);
	expect(items.map((item) => [item.json.id, item.json.status])).toEqual(ids.map((id) => [id, 'updated']));
});
