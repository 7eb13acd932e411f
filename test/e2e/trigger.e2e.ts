/**
 * The Kustomer Trigger in the real n8n app (`n8n start`), activated and deactivated through n8n's REST API
 * as the editor does it, fed signed events by the mock Kustomer:
 *   - activation registers exactly one outbound webhook with n8n's production URL;
 *   - signed events start executions with the expected items; unsigned, wrongly signed and repeated
 *     ones start none (the repeat also after a restart: the envelope IDs are kept in static data);
 *   - a restart of n8n with the workflow active registers no second webhook;
 *   - deactivating, and archiving before deleting, remove the webhook;
 *   - an activation Kustomer refuses (http URL, no free slot) shows the trigger's own message.
 */
import { parse } from 'flatted';

import type { EventEnvelope } from '../mock-kustomer';
import { useKustomerInN8n } from './support/sandbox';
import { API_KEY, CREDENTIAL_ID, CREDENTIAL_NAME } from './support/workflows';

const WORKFLOW_ID = 'kustomerTriggerE2e1';
const WEBHOOK_ID = '4c1f0b7e-2d9a-4e65-8f13-6a7b9c0d1e2f';
const EVENTS = ['kustomer.conversation.create', 'kustomer.customer.update'];
const VERSION = process.env.N8N_E2E_VERSION || '2.41.1';

/** A second workflow, for activations Kustomer refuses. */
const REFUSED_ID = 'kustomerTriggerE2e2';
const REFUSED_WEBHOOK_ID = '9d2e1c3b-4a5f-4b6e-8c7d-0e1f2a3b4c5d';

function triggerWorkflow(id: string, webhookId: string) {
	return {
		id,
		name: 'Kustomer Trigger e2e',
		nodes: [
			{
				id: 'trigger-1',
				name: 'Kustomer Trigger',
				type: 'n8n-nodes-kustomer.kustomerTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: EVENTS, options: {} },
				credentials: { kustomerApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

type Api = (path: string, init?: RequestInit) => Promise<Response>;
let api: Api;
let baseUrl = '';

const env = useKustomerInN8n(async ({ n8n, mock }) => {
	mock.setOptions({ allowLoopbackHttpWebhooks: true });
	await n8n.importWorkflows([triggerWorkflow(WORKFLOW_ID, WEBHOOK_ID), triggerWorkflow(REFUSED_ID, REFUSED_WEBHOOK_ID)]);
	baseUrl = await n8n.start();
	api = await n8n.ownerSession(baseUrl);
});

async function rest(path: string, method = 'GET', body?: unknown): Promise<any> {
	const response = await api(path, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 2000)}\n${env.n8n.logTail(3000)}`);
	return JSON.parse(text).data;
}

/** Waits for a condition n8n reaches asynchronously (registration, executions); fails with what it saw. */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${env.n8n.logTail(3000)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

async function activate(id = WORKFLOW_ID): Promise<Response> {
	const { versionId } = await rest(`/rest/workflows/${id}`);
	return await api(`/rest/workflows/${id}/activate`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ versionId }),
	});
}

/** What n8n tells the user of a failed activation: the activate answer itself, or the workflow's activation error. */
async function activationError(id: string): Promise<string> {
	const answer = await activate(id);
	if (!answer.ok) return await answer.text();
	// n8n 2.41 reports it in the publication status (each trigger's errorMessage), 2.8 as the activation error.
	return await until('the activation error', async () => {
		const publication = await api(`/rest/workflows/${id}/publication-status`);
		if (publication.ok) {
			const text = JSON.stringify(((await publication.json()) as { data: unknown }).data);
			return /"errorMessage":"[^"]/.test(text) ? text : undefined;
		}
		const error = await rest(`/rest/active-workflows/error/${id}`);
		return error ? JSON.stringify(error) : undefined;
	});
}

async function executions(): Promise<Array<{ id: string; status: string }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
	const data = await rest(`/rest/executions?filter=${filter}`);
	return [...(data.results ?? data)].sort((a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id));
}

/** The trigger's output items of each finished execution, oldest first, once there are `count` of them. */
async function triggerOutputs(count: number): Promise<Array<Record<string, any>>> {
	const list = await until(`${count} executions`, async () => {
		const found = await executions();
		if (found.length > count) throw new Error(`expected ${count} executions, found ${found.length}`);
		return found.length === count && found.every((e) => e.status === 'success') ? found : undefined;
	});
	const outputs = [];
	for (const { id } of list) {
		const execution = await rest(`/rest/executions/${id}`);
		const run = parse(execution.data) as { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: unknown }>> } }>> } };
		outputs.push(run.resultData.runData['Kustomer Trigger'][0].data.main[0].map((item) => item.json));
	}
	return outputs;
}

/** Waits until the workflow's saved static data holds the envelope ID. */
async function rememberedInStaticData(envelopeId: string): Promise<void> {
	await until(`envelope ${envelopeId} in the saved static data`, async () =>
		JSON.stringify((await rest(`/rest/workflows/${WORKFLOW_ID}`)).staticData ?? null).includes(envelopeId) ? true : undefined,
	);
}

const productionUrl = () => `${baseUrl}/webhook/${WEBHOOK_ID}/webhook`;

describe(`the Kustomer Trigger in n8n ${VERSION}`, () => {
	let webhookId = '';
	let conversationEvent: EventEnvelope;
	let customer = '';

	test('activating the workflow registers exactly one webhook with n8n\'s production URL', async () => {
		expect((await activate()).status).toBe(200);
		const webhooks = await until('the webhook in Kustomer', () => (env.mock.webhooks.size > 0 ? [...env.mock.webhooks.values()] : undefined));
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({ url: productionUrl(), events: EVENTS, enabled: true, name: `n8n: Kustomer Trigger e2e (workflow ${WORKFLOW_ID})` });
		webhookId = webhooks[0].id;
	});

	test('signed events start executions with the expected items; unsigned, wrongly signed and repeated ones start none', async () => {
		customer = env.mock.seed('customer', { name: 'Ada Lovelace', emails: [{ email: 'ada@example.com', type: 'work' }] });
		const conversation = env.mock.seed('conversation', { customer, name: 'Refund please', status: 'open' });
		conversationEvent = env.mock.eventEnvelope('kustomer.conversation.create', 'conversation', conversation);
		const customerEvent = env.mock.eventEnvelope('kustomer.customer.update', 'customer', customer, {
			attributes: { name: { op: 'replace', before: 'Ada', after: 'Ada Lovelace' } },
		});

		const unsigned = await env.mock.deliver(webhookId, conversationEvent, { signature: null });
		const wrong = await env.mock.deliver(webhookId, conversationEvent, { signature: 'ab'.repeat(32) });
		const signed = await env.mock.deliver(webhookId, conversationEvent);
		// Right behind the first, before n8n may have saved the static data: recognised in the process.
		const repeat = await env.mock.deliver(webhookId, conversationEvent);
		// The next event only once n8n saved the first one's envelope ID: each request reads and saves the
		// static data as a whole, and this test is about what is saved, not about two writers at once.
		await rememberedInStaticData(conversationEvent.id);
		const update = await env.mock.deliver(webhookId, customerEvent);
		await rememberedInStaticData(customerEvent.id);

		expect([unsigned.status, wrong.status, signed.status, repeat.status, update.status]).toEqual([401, 401, 200, 200, 200]);
		const outputs = await triggerOutputs(2);
		expect(outputs).toEqual([
			[
				expect.objectContaining({
					id: conversation,
					name: 'Refund please',
					status: 'open',
					customer,
					event: { name: 'kustomer.conversation.create', id: conversationEvent.id, createdAt: conversationEvent.createdAt, changes: null },
				}),
			],
			[
				expect.objectContaining({
					id: customer,
					name: 'Ada Lovelace',
					event: { name: 'kustomer.customer.update', id: customerEvent.id, createdAt: customerEvent.createdAt, changes: customerEvent.changes },
				}),
			],
		]);
	});

	test('restarting n8n with the workflow active adds no webhook; events still arrive, repeats are still recognised', async () => {
		const before = env.mock.requests.length;
		await env.n8n.stop();
		baseUrl = await env.n8n.start();
		expect(env.mock.requests.slice(before).filter((r) => r.method === 'POST')).toEqual([]);
		expect([...env.mock.webhooks.keys()]).toEqual([webhookId]);

		const repeat = await env.mock.deliver(webhookId, conversationEvent);
		const fresh = await env.mock.deliver(webhookId, env.mock.eventEnvelope('kustomer.customer.update', 'customer', customer, null));
		expect([repeat.status, fresh.status]).toEqual([200, 200]);
		const outputs = await triggerOutputs(3);
		expect(outputs[2]).toEqual([expect.objectContaining({ id: customer, event: expect.objectContaining({ name: 'kustomer.customer.update' }) })]);
	});

	test('deactivating the workflow removes the webhook', async () => {
		await rest(`/rest/workflows/${WORKFLOW_ID}/deactivate`, 'POST', {});
		await until('the webhook removed', () => (env.mock.webhooks.size === 0 ? true : undefined));
		expect(env.mock.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/v1/outbound-webhooks/${webhookId}`]);
	});

	test('archiving the workflow (the step before deleting it) removes the webhook it registered again', async () => {
		expect((await activate()).status).toBe(200);
		const [again] = await until('the webhook registered again', () => (env.mock.webhooks.size > 0 ? [...env.mock.webhooks.values()] : undefined));
		expect(again).toMatchObject({ url: productionUrl() });
		await rest(`/rest/workflows/${WORKFLOW_ID}/archive`, 'POST', {});
		await until('the webhook removed', () => (env.mock.webhooks.size === 0 ? true : undefined));
		// n8n 2.41 answers 409 while it is still unpublishing the archived workflow.
		await until('the workflow deleted', async () => ((await api(`/rest/workflows/${WORKFLOW_ID}`, { method: 'DELETE' })).ok ? true : undefined));
		expect(env.mock.webhooks.size).toBe(0);
	});

	test.each([
		['Kustomer refuses the http URL', /Kustomer delivers events only to https addresses, but this workflow's webhook URL is http:.*N8N_WEBHOOK_URL/],
		['the org has no free webhook slot', /Kustomer allows at most 5 outbound webhooks per org and this org has no free slot/],
	])('an activation fails with the trigger\'s own message when %s', async (kind, message) => {
		env.mock.reset();
		if (kind.includes('http')) env.mock.setOptions({ allowLoopbackHttpWebhooks: false });
		else {
			env.mock.setOptions({ allowLoopbackHttpWebhooks: true });
			for (let i = 1; i <= 5; i++) {
				const answer = await fetch(`${env.mock.baseUrl}/v1/outbound-webhooks`, {
					method: 'POST',
					headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
					body: JSON.stringify({ name: `other ${i}`, url: `https://elsewhere.example.com/${i}`, events: EVENTS }),
				});
				expect(answer.status).toBe(201);
			}
		}
		const error = await activationError(REFUSED_ID);
		expect(error).toMatch(message);
		expect(error).not.toMatch(/Bad request/i);
		expect(error).not.toContain(API_KEY);
		expect([...env.mock.webhooks.values()].filter((webhook) => webhook.url.includes(REFUSED_WEBHOOK_ID))).toEqual([]);
		await api(`/rest/workflows/${REFUSED_ID}/deactivate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	});
});
