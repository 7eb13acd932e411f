import { chunk, planRecords, planSameChanges, splitRequest } from '../../nodes/Kustomer/bulk/plan';
import { isFinished, outcomesOf, readBatches } from '../../nodes/Kustomer/bulk/results';

describe('bulk plan', () => {
	it('chunks without losing or repeating', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunk([], 100)).toEqual([]);
	});

	it('tags each record with the _clientRef of its item', () => {
		const [request] = planRecords([{ itemIndex: 4, record: { id: 'a'.repeat(24), name: 'x' } }], 100, { method: 'PUT', path: '/v1/customers/bulk', success: 'updated' });
		expect(request.body).toEqual([{ id: 'a'.repeat(24), name: 'x', _clientRef: 'n8n-item-4' }]);
		expect(request.entries).toEqual([{ itemIndex: 4, id: 'a'.repeat(24), clientRef: 'n8n-item-4', identity: { name: 'x' } }]);
	});

	it('sends an ID given twice once, and answers both items', () => {
		const [request] = planSameChanges(
			[
				{ itemIndex: 0, ids: ['a', 'b'], changes: { status: 'done' } },
				{ itemIndex: 1, ids: ['b'], changes: { status: 'done' } },
			],
			100,
			'/v1/conversations/bulk',
		);
		expect(request.qs).toEqual({ ids: 'a,b' });
		expect(request.entries).toEqual([
			{ itemIndex: 0, id: 'a' },
			{ itemIndex: 0, id: 'b' },
			{ itemIndex: 1, id: 'b' },
		]);
	});

	it('keeps each item\'s IDs in its own order, and plans 100,000 IDs into requests of distinct IDs', () => {
		const [request] = planSameChanges(
			[
				{ itemIndex: 0, ids: ['x', 'y'], changes: {} },
				{ itemIndex: 1, ids: ['y', 'x'], changes: {} },
			],
			100,
			'/p',
		);
		expect(request.entries.map((entry) => `${entry.itemIndex}:${entry.id}`)).toEqual(['0:x', '0:y', '1:y', '1:x']);
		const ids = Array.from({ length: 100_000 }, (_, n) => `id${n}`);
		const items = Array.from({ length: 1000 }, (_, item) => ({ itemIndex: item, ids: ids.slice(item * 100, item * 100 + 100), changes: { status: 'done' } }));
		const requests = planSameChanges(items, 100, '/p');
		expect(requests).toHaveLength(1000);
		expect(requests.flatMap((r) => r.entries.map((entry) => entry.id))).toEqual(ids);
		expect(requests.every((r) => r.entries.length === 100 && r.entries.every((entry) => entry.itemIndex === r.entries[0].itemIndex))).toBe(true);
	});

	it('splits a request in halves that keep their entries', () => {
		const [request] = planRecords(
			[0, 1, 2].map((itemIndex) => ({ itemIndex, record: { name: String(itemIndex) } })),
			100,
			{ method: 'POST', path: '/v1/customers/bulk', success: 'created' },
		);
		const [first, second] = splitRequest(request);
		expect(first.body.map((record) => record.name)).toEqual(['0', '1']);
		expect(second.entries.map((entry) => entry.itemIndex)).toEqual([2]);
		const [ids] = planSameChanges([{ itemIndex: 0, ids: ['a', 'b', 'c'], changes: {} }], 100, '/p');
		expect(splitRequest(ids).map((part) => part.qs?.ids)).toEqual(['a,b', 'c']);
	});
});

describe('bulk results', () => {
	const [request] = planRecords(
		[0, 1].map((itemIndex) => ({ itemIndex, record: { name: String(itemIndex) } })),
		100,
		{ method: 'POST', path: '/v1/customers/bulk', success: 'created' },
	);

	it('reads batches from a data list or a plain array, attributes or top level', () => {
		const batch = { status: 'complete', objectIds: ['x'], successCount: 1, failureCount: 0 };
		expect(readBatches({ data: [{ attributes: batch }] })[0].objectIds).toEqual(['x']);
		expect(readBatches([batch])[0].status).toBe('complete');
		expect(readBatches({})).toEqual([]);
	});

	it('is finished only when every batch is complete and every record accounted for', () => {
		const done = (count: number) => readBatches([{ status: 'complete', successCount: count, failureCount: 0, results: [] }]);
		expect(isFinished(done(2), request)).toBe(true);
		expect(isFinished(done(1), request)).toBe(false);
		expect(isFinished(readBatches([{ status: 'queued' }]), request)).toBe(false);
		expect(isFinished([], request)).toBe(false);
	});

	it('maps results by _clientRef, whatever their order', () => {
		const batches = readBatches([
			{
				status: 'complete',
				results: [
					{ _clientRef: 'n8n-item-1', status: 'error', error: 'email is invalid' },
					{ _clientRef: 'n8n-item-0', objectId: 'id0', status: 'created' },
				],
			},
		]);
		expect(outcomesOf(request, batches, 'job')).toEqual([
			{ itemIndex: 0, id: 'id0', status: 'created', error: undefined, bulkId: 'job', identity: { name: '0' } },
			{ itemIndex: 1, id: undefined, status: 'error', error: 'email is invalid', bulkId: 'job', identity: { name: '1' } },
		]);
	});

	it('says so when Kustomer did not report a record', () => {
		const batches = readBatches([{ status: 'complete', results: [{ _clientRef: 'n8n-item-0', objectId: 'id0', status: 'created' }], errors: [{ message: 'boom' }] }]);
		expect(outcomesOf(request, batches, 'job')[1]).toMatchObject({ status: 'error', error: expect.stringMatching(/did not report .* boom/) });
	});
});
