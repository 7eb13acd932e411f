/**
 * The importable example workflows in examples/, run unchanged by the real n8n app except for the
 * credential, which is swapped for one pointing at the mock Kustomer API.
 */
import type { MockKustomer } from '../mock-kustomer';
import { loadExamples, type ExecutionResult, type WorkflowJson } from './support/n8n';
import { executionDiagnostics, useKustomerInN8n } from './support/sandbox';
import { API_KEY, NODE_TYPE, outputOf, pairedIndexes, sampleIds, withMockCredential } from './support/workflows';

const examples = loadExamples();

const kustomerNodeName = (workflow: WorkflowJson) => workflow.nodes.find((node) => node.type === NODE_TYPE)!.name;

interface ExampleCheck {
	seed?: (mock: MockKustomer, workflow: WorkflowJson) => void;
	check: (result: ExecutionResult, mock: MockKustomer, workflow: WorkflowJson) => void;
}

const checks: Record<string, ExampleCheck> = {
	'bulk-import-customers.json': {
		check: (result, mock, workflow) => {
			const submits = mock.requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers/bulk');
			expect(submits).toHaveLength(1);
			const records = submits[0].body as Array<Record<string, unknown>>;
			expect(records).toHaveLength(3);
			expect(records[0]).toMatchObject({
				name: 'Ada Lovelace',
				externalId: 'crm-1001',
				emails: [{ email: 'ada@example.com', type: 'work' }],
				phones: [{ phone: '+14155550101', type: 'mobile' }],
			});
			const out = outputOf(result, kustomerNodeName(workflow));
			expect(out).toHaveLength(3);
			out.forEach((item, i) => {
				expect(item.json.status).toBe('created');
				expect(mock.store.customer.get(item.json.id)?.attributes.externalId).toBe(`crm-100${i + 1}`);
				expect(pairedIndexes(item)).toEqual([i]);
			});
		},
	},
	'close-stale-conversations.json': {
		seed: (mock, workflow) => {
			const customer = mock.seed('customer', { name: 'Jo' });
			for (const id of sampleIds(workflow)) mock.seed('conversation', { customer, status: 'open' }, id);
		},
		check: (result, mock, workflow) => {
			const [old45, recent, old90, old31] = sampleIds(workflow);
			const submits = mock.requests.filter((r) => r.method === 'PUT' && r.path === '/v1/conversations/bulk');
			// The three stale ones, in one request.
			expect(submits).toHaveLength(1);
			expect(submits[0].query.ids.split(',')).toEqual([old45, old90, old31]);
			// One change object for all IDs (Kustomer takes it bare or as a one-element array).
			expect([submits[0].body].flat()).toEqual([{ status: 'done' }]);
			const out = outputOf(result, kustomerNodeName(workflow));
			expect(out.map((item) => [item.json.id, item.json.status])).toEqual([
				[old45, 'updated'],
				[old90, 'updated'],
				[old31, 'updated'],
			]);
			expect(mock.store.conversation.get(recent)?.attributes.status).toBe('open');
			expect(mock.store.conversation.get(old90)?.attributes.status).toBe('done');
		},
	},
	'tag-messages.json': {
		seed: (mock, workflow) => {
			const customer = mock.seed('customer', { name: 'Jo' });
			const conversation = mock.seed('conversation', { customer });
			for (const id of sampleIds(workflow)) {
				mock.seed('message', { customer, conversation, channel: 'email', app: 'postmark', direction: 'in' }, id);
			}
		},
		check: (result, mock, workflow) => {
			const ids = sampleIds(workflow);
			const submits = mock.requests.filter((r) => r.method === 'PUT' && r.path === '/v1/messages/bulk');
			expect(submits).toHaveLength(1);
			expect(submits[0].body).toEqual([
				expect.objectContaining({ id: ids[0], custom: { topicStr: 'billing' } }),
				expect.objectContaining({ id: ids[1], custom: { topicStr: 'shipping' } }),
				expect.objectContaining({ id: ids[2], custom: { topicStr: 'billing' } }),
				expect.objectContaining({ id: ids[3], custom: { topicStr: 'other' } }),
			]);
			const out = outputOf(result, kustomerNodeName(workflow));
			expect(out.map((item) => [item.json.id, item.json.status])).toEqual(ids.map((id) => [id, 'updated']));
			expect(mock.store.message.get(ids[1])?.attributes.custom).toEqual({ topicStr: 'shipping' });
		},
	},
};

const workflowId = (index: number) => `kustomerE2eEx${String(index).padStart(3, '0')}`;

const env = useKustomerInN8n(({ n8n }) =>
	n8n.importWorkflows(examples.map(({ workflow }, i) => ({ ...withMockCredential(workflow), id: workflowId(i) }))),
);

test('examples/ holds the three documented examples, each with a check here', () => {
	expect(examples.map((e) => e.file).sort()).toEqual(Object.keys(checks).sort());
});

describe(`examples/ in n8n ${process.env.N8N_E2E_VERSION || '2.41.1'}`, () => {
	examples.forEach(({ file, workflow }, index) => {
		test(`${file}: ${workflow.name}`, async () => {
			const example = checks[file];
			expect(example).toBeDefined();
			env.mock.reset();
			example.seed?.(env.mock, workflow);
			const outcome = await env.n8n.execute(workflowId(index));
			if (!outcome.ok || !outcome.result) throw new Error(`the execution failed\n${executionDiagnostics(outcome)}`);
			example.check(outcome.result, env.mock, workflow);
			// Every request carried the credential's key.
			expect(env.mock.requests.every((r) => r.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
		});
	});
});
