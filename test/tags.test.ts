import { runKustomer } from './support/n8n';
import { byId, credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';

const mock = useMockKustomer();

describe.each([
	['addTags', 'POST', ['vip', 'refund', 'new'], ['old', 'vip', 'refund', 'new']],
	['removeTags', 'DELETE', ['old', 'refund'], ['vip']],
] as const)('Conversation %s', (operation, method, tags, after) => {
	it(`sends ${method} /v1/conversations/{id}/tags with the names and outputs the conversation`, async () => {
		const id = mock().seed('conversation', { name: 'x', tags: operation === 'addTags' ? ['old'] : ['old', 'vip', 'refund'] });
		const { items, error } = await runKustomer({
			parameters: { resource: 'conversation', operation, conversationId: byId(id), tags: [...tags] },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		expect(requestsTo(mock(), '/v1/')).toEqual([expect.objectContaining({ method, path: `/v1/conversations/${id}/tags`, body: tags })]);
		expect(items).toEqual([expect.objectContaining({ json: expect.objectContaining({ id, tags: after }), pairedItem: { item: 0 } })]);
	});

	it('takes the names from an expression as a comma-separated text', async () => {
		const id = mock().seed('conversation', { name: 'x', tags: [] });
		await runKustomer({
			parameters: { resource: 'conversation', operation, conversationId: byId(id), tags: '={{ $json.tags }}' },
			items: [{ tags: ' vip , refund,vip' }],
			credentials: credentialsFor(mock()),
		});
		expect(requestsTo(mock(), '/v1/')[0].body).toEqual(['vip', 'refund']);
	});

	it.each([
		['no tags', '={{ [] }}', /Tags: is empty/],
		['more than 20 tags', Array.from({ length: 21 }, (_, n) => `t${n}`), /has 21 entries; Kustomer accepts at most 20/],
		['an invalid name', ['ok', 'not ok!'], /"not ok!" is not a valid tag/],
	] as Array<[string, string | string[], RegExp]>)('refuses %s without sending anything', async (_name, names, message) => {
		const { error } = await runKustomer({
			parameters: { resource: 'conversation', operation, conversationId: byId('6650c2f1a3b4c5d6e7f80911'), tags: names },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toMatch(message);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(0);
	});
});
