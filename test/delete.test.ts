import { loadPackage, runKustomer } from './support/n8n';
import { byId, credentialsFor, requestsTo, RESOURCES, useMockKustomer } from './support/kustomer';

const mock = useMockKustomer();

describe.each([RESOURCES.conversation, RESOURCES.customer])('Delete $resource', ({ resource, plural, idParameter }) => {
	it('sends DELETE /v1/<resource>/{id} and outputs { deleted: true, id } for the 204', async () => {
		const ids = [mock().seed(resource, { name: 'a' }), mock().seed(resource, { name: 'b' })];
		const { items, error } = await runKustomer({
			parameters: { resource, operation: 'delete', [idParameter]: '={{ $json.id }}' },
			items: ids.map((id) => ({ id })),
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		// n8n's router sends the items' requests concurrently: they may reach Kustomer in any order.
		expect(requestsTo(mock(), '/v1/').map((request) => [request.method, request.path, request.body])).toEqual(
			expect.arrayContaining(ids.map((id) => ['DELETE', `/v1/${plural}/${id}`, undefined])),
		);
		expect(requestsTo(mock(), '/v1/')).toHaveLength(ids.length);
		expect(items.map((item) => [item.json, item.pairedItem])).toEqual(ids.map((id, item) => [{ deleted: true, id }, { item }]));
		expect(mock().store[resource].size).toBe(0);
	});

	it('a record that does not exist is a clear error', async () => {
		const { error } = await runKustomer({
			parameters: { resource, operation: 'delete', [idParameter]: byId('6650c2f1a3b4c5d6e7f80999') },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toBe(`Not found: ${plural}/6650c2f1a3b4c5d6e7f80999`);
	});
});

describe('Delete: what is offered', () => {
	it('messages have no Delete, as Kustomer has none', async () => {
		const { node } = await loadPackage();
		const operations = node.description.properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'message',
		);
		expect(operations?.options?.map((option) => (option as { value: string }).value)).not.toContain('delete');
	});

	it('a 403 names the delete role', async () => {
		mock().addFault({ kind: 'status', status: 403, body: { errors: [{ code: 'forbidden', message: 'Forbidden' }] } });
		const { error } = await runKustomer({
			parameters: { resource: 'customer', operation: 'delete', customerId: byId('6650c2f1a3b4c5d6e7f80999') },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toBe('The API key lacks the role org.permission.customer.delete (legacy org.user.customer.delete)');
	});
});
