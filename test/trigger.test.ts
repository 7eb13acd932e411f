/**
 * The Kustomer Trigger through n8n-core (HookContext for activation, WebhookContext for deliveries, see
 * support/trigger.ts) against the mock's outbound webhooks: what reaches Kustomer on activation, restart
 * and deactivation, what the static data keeps, which deliveries start a run and what comes out.
 */
import type { ICredentialDataDecryptedObject, INodeParameters, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { type DeliveryOptions, MAX_WEBHOOKS, signature, WEBHOOK_EVENTS, type MockKustomer } from './mock-kustomer';
import { API_KEY, credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';
import { loadPackage, PACKAGE_ROOT } from './support/n8n';
import { TriggerInN8n, WORKFLOW_ID, WORKFLOW_NAME } from './support/trigger';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('n8n-core') as typeof import('n8n-core');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workflowLib = require('n8n-workflow') as typeof import('n8n-workflow');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const delivery = require(`${PACKAGE_ROOT}/dist/nodes/KustomerTrigger/delivery`) as typeof import('../nodes/KustomerTrigger/delivery');

const mock = useMockKustomer({ allowLoopbackHttpWebhooks: true });
const EVENTS = ['kustomer.conversation.create', 'kustomer.conversation.update'];

let running: TriggerInN8n[] = [];
afterEach(async () => {
	await Promise.all(running.map(async (trigger) => await trigger.stop()));
	running = [];
});

async function trigger(parameters: Record<string, unknown> = {}, extra: { credentials?: ICredentialDataDecryptedObject; webhookBaseUrl?: string } = {}) {
	const started = await TriggerInN8n.start({
		parameters: { events: EVENTS, ...parameters },
		credentials: extra.credentials ?? credentialsFor(mock()),
		webhookBaseUrl: extra.webhookBaseUrl,
	});
	running.push(started);
	return started;
}

async function activated(parameters: Record<string, unknown> = {}) {
	const started = await trigger(parameters);
	await started.activate();
	return started;
}

const webhookPaths = (kustomer: MockKustomer) => requestsTo(kustomer, '/v1/outbound-webhooks').map((r) => `${r.method} ${r.path}`);
const onlyWebhook = () => [...mock().webhooks.values()];

function seedConversation() {
	const customer = mock().seed('customer', { name: 'Ada Lovelace', emails: [{ email: 'ada@example.com', type: 'work' }] });
	const conversation = mock().seed('conversation', { customer, name: 'Refund please', status: 'open', priority: 3 });
	return { customer, conversation };
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a failure');
}

describe('activation, restart and deactivation on the wire', () => {
	test('activation registers one webhook naming the workflow, with the production URL and the events; the ID and token go to static data', async () => {
		const kustomerTrigger = await activated();

		expect(webhookPaths(mock())).toEqual(['GET /v1/outbound-webhooks', 'POST /v1/outbound-webhooks']);
		const post = requestsTo(mock(), '/v1/outbound-webhooks').find((r) => r.method === 'POST')!;
		expect(post.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(post.body).toEqual({ name: `n8n: ${WORKFLOW_NAME} (workflow ${WORKFLOW_ID})`, url: kustomerTrigger.webhookUrl, events: EVENTS });
		expect(kustomerTrigger.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/[0-9a-f-]+\/webhook$/);

		const [webhook] = onlyWebhook();
		expect(onlyWebhook()).toHaveLength(1);
		expect(kustomerTrigger.state).toEqual({ webhookId: webhook.id, token: webhook.token, recentEnvelopeIds: [] });
	});

	test('a restart of n8n with the workflow active finds the webhook (checkExists) and registers no second one', async () => {
		const first = await activated();
		const { webhookId } = first.state;
		mock().requests.length = 0;

		const restarted = await first.restart();
		running.push(restarted);
		await restarted.activate();

		expect(webhookPaths(mock())).toEqual([`GET /v1/outbound-webhooks/${webhookId}`]);
		expect(onlyWebhook().map((w) => w.id)).toEqual([webhookId]);
		expect(restarted.state.webhookId).toBe(webhookId);
	});

	test('deactivation deletes the webhook and clears static data', async () => {
		const kustomerTrigger = await activated();
		const { webhookId } = kustomerTrigger.state;
		mock().requests.length = 0;

		expect(await kustomerTrigger.deactivate()).toBe(true);

		expect(webhookPaths(mock())).toEqual([`DELETE /v1/outbound-webhooks/${webhookId}`]);
		expect(mock().webhooks.size).toBe(0);
		expect(kustomerTrigger.state).toEqual({});
	});

	test.each([
		['deleted in Kustomer', (id: string) => mock().webhooks.delete(id)],
		['disabled by Kustomer', (id: string) => (mock().webhooks.get(id)!.enabled = false)],
		['registered for other events', (id: string) => (mock().webhooks.get(id)!.events = ['kustomer.customer.create'])],
		['registered for another URL', (id: string) => (mock().webhooks.get(id)!.url = 'https://old-n8n.example.com/webhook/x/webhook')],
	])('a webhook %s is recreated: checkExists says false without deleting, create replaces it', async (_case, change) => {
		const kustomerTrigger = await activated();
		const oldId = String(kustomerTrigger.state.webhookId);
		change(oldId);
		mock().requests.length = 0;

		expect(await kustomerTrigger.hook('checkExists')).toBe(false);
		expect(webhookPaths(mock())).toEqual([`GET /v1/outbound-webhooks/${oldId}`]);

		await kustomerTrigger.hook('create');
		const [webhook] = onlyWebhook();
		expect(onlyWebhook()).toHaveLength(1);
		expect(webhook.id).not.toBe(oldId);
		expect(webhook).toMatchObject({ url: kustomerTrigger.webhookUrl, events: EVENTS, enabled: true });
		expect(kustomerTrigger.state).toMatchObject({ webhookId: webhook.id, token: webhook.token });
	});

	test('a webhook with this trigger\'s URL but lost from static data is replaced, not left holding a slot', async () => {
		const kustomerTrigger = await activated();
		const orphan = String(kustomerTrigger.state.webhookId);
		delete kustomerTrigger.state.webhookId;
		delete kustomerTrigger.state.token;
		mock().requests.length = 0;

		await kustomerTrigger.activate();

		expect(webhookPaths(mock())).toEqual(['GET /v1/outbound-webhooks', `DELETE /v1/outbound-webhooks/${orphan}`, 'POST /v1/outbound-webhooks']);
		expect(onlyWebhook()).toHaveLength(1);
		expect(onlyWebhook()[0].id).toBe(kustomerTrigger.state.webhookId);
	});

	test('"Listen for test event" registers a webhook for the test URL and leaves the production one alone', async () => {
		const kustomerTrigger = await activated();
		const production = String(kustomerTrigger.state.webhookId);
		// n8n hands the test registration a copy of the saved static data, which holds the production webhook.

		expect(await kustomerTrigger.hook('checkExists', { test: true })).toBe(false);
		await kustomerTrigger.hook('create', { test: true });

		const urls = onlyWebhook().map((webhook) => webhook.url);
		expect(urls).toHaveLength(2);
		expect(urls).toEqual(expect.arrayContaining([kustomerTrigger.webhookUrl, expect.stringMatching(/\/webhook-test\/[0-9a-f-]+\/webhook$/)]));
		expect(mock().webhooks.has(production)).toBe(true);
		expect(requestsTo(mock(), '/v1/outbound-webhooks').filter((r) => r.method === 'DELETE')).toEqual([]);
	});

	test('a delete Kustomer refuses returns false and keeps the ID, so the webhook is not forgotten', async () => {
		const kustomerTrigger = await activated();
		const oldId = String(kustomerTrigger.state.webhookId);
		mock().addFault({ method: 'DELETE', path: `/v1/outbound-webhooks/${oldId}`, kind: 'status', status: 403 });

		expect(await kustomerTrigger.deactivate()).toBe(false);
		expect(kustomerTrigger.state.webhookId).toBe(oldId);

		expect(await kustomerTrigger.deactivate()).toBe(true);
		expect(mock().webhooks.size).toBe(0);
	});
});

describe('errors at activation', () => {
	test(`no free slot (Kustomer allows ${MAX_WEBHOOKS} webhooks per org): the message says so, names them and how to free one`, async () => {
		for (let i = 1; i <= MAX_WEBHOOKS; i++) {
			const kustomerTrigger = await trigger();
			kustomerTrigger.node.webhookId = `other-${i}`;
			await kustomerTrigger.activate();
		}
		expect(mock().webhooks.size).toBe(MAX_WEBHOOKS);
		const error = await errorOf((await trigger()).activate());
		expect(error.message).toMatch(/^Kustomer allows at most 5 outbound webhooks per org and this org has no free slot \(registered: "n8n: Refunds to Slack/);
		expect(error.message).toMatch(/Deactivate a workflow with a Kustomer Trigger, or delete an outbound webhook/);
		expect(mock().webhooks.size).toBe(MAX_WEBHOOKS);
	});

	test('an http production URL fails before anything is sent, naming N8N_WEBHOOK_URL', async () => {
		const kustomerTrigger = await trigger({}, {
			credentials: { apiKey: API_KEY, region: 'us' },
			webhookBaseUrl: 'http://n8n.example.com:5678/webhook',
		});
		const error = await errorOf(kustomerTrigger.activate());
		expect(error.message).toBe(
			'Kustomer delivers events only to https addresses, but this workflow\'s webhook URL is ' +
				`http://n8n.example.com:5678/webhook/${kustomerTrigger.node.webhookId}/webhook. Set n8n's N8N_WEBHOOK_URL setting ` +
				'(WEBHOOK_URL in older n8n versions) to the https address n8n is reached at from the internet, restart n8n and activate the workflow again',
		);
		expect(mock().requests).toHaveLength(0);
	});

	test('Kustomer\'s own https rule (the mock without its loopback allowance) gives the same message', async () => {
		mock().setOptions({ allowLoopbackHttpWebhooks: false });
		const kustomerTrigger = await trigger();
		const error = await errorOf(kustomerTrigger.activate());
		expect(error.message).toMatch(/^Kustomer delivers events only to https addresses, but this workflow's webhook URL is http:\/\/127\.0\.0\.1.*N8N_WEBHOOK_URL/);
		expect(mock().webhooks.size).toBe(0);
	});

	test('an https production URL is registered as it is', async () => {
		mock().setOptions({ allowLoopbackHttpWebhooks: false });
		const kustomerTrigger = await trigger({}, { webhookBaseUrl: 'https://n8n.example.com/webhook' });
		await kustomerTrigger.activate();
		expect(onlyWebhook()[0].url).toBe(`https://n8n.example.com/webhook/${kustomerTrigger.node.webhookId}/webhook`);
	});

	test('a key without the webhook roles: the message names them; the key appears nowhere', async () => {
		mock().addFault({ method: 'POST', path: '/v1/outbound-webhooks', kind: 'status', status: 403 });
		const forbidden = await errorOf((await trigger()).activate());
		expect(forbidden.message).toBe('The API key lacks the role org.permission.outbound_webhook.create (legacy org.admin.outbound_webhooks)');

		mock().addFault({ method: 'GET', path: '/v1/outbound-webhooks', kind: 'status', status: 401 });
		const unauthorized = await errorOf((await trigger()).activate());
		expect(unauthorized.message).toMatch(
			/^Kustomer did not accept the API key\. The Kustomer Trigger needs an API key with the roles org\.permission\.outbound_webhook\.read, \.create and \.delete/,
		);
		for (const error of [forbidden, unauthorized]) expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(API_KEY);
	});

	test('no events chosen: activation says so and sends nothing', async () => {
		const error = await errorOf((await trigger({ events: [] })).activate());
		expect(error.message).toBe('Choose at least one event under Events');
		expect(mock().webhooks.size).toBe(0);
	});
});

describe('deliveries', () => {
	test('a correctly signed event starts one run and is answered 200', async () => {
		const kustomerTrigger = await activated();
		const { conversation } = seedConversation();
		const envelope = mock().eventEnvelope('kustomer.conversation.create', 'conversation', conversation);

		const answer = await mock().deliver(String(kustomerTrigger.state.webhookId), envelope);

		expect(answer.status).toBe(200);
		expect(kustomerTrigger.runs).toHaveLength(1);
		expect(kustomerTrigger.state.recentEnvelopeIds).toEqual([envelope.id]);
	});

	test.each([
		['a wrong signature', { signature: signature('another-token', '{}') }],
		['no signature', { signature: null }],
		['the signature in upper case', 'upper'],
		['a body changed by one byte after signing', 'tampered'],
	] as const)('%s is answered 401 and starts nothing', async (_case, how) => {
		const kustomerTrigger = await activated();
		const { conversation } = seedConversation();
		const envelope = mock().eventEnvelope('kustomer.conversation.create', 'conversation', conversation);
		const body = JSON.stringify(envelope);
		const token = String(kustomerTrigger.state.token);
		const options: DeliveryOptions =
			how === 'tampered'
				? { rawBody: body.replace('"priority":3', '"priority":4'), signature: signature(token, body) }
				: how === 'upper'
					? { signature: signature(token, body).toUpperCase() }
					: how;
		if (how === 'tampered') expect(options.rawBody!.length).toBe(body.length);

		const answer = await mock().deliver(String(kustomerTrigger.state.webhookId), envelope, options);

		expect(answer.status).toBe(401);
		expect(JSON.parse(answer.body)).toEqual({ message: 'Missing or wrong X-Kustomer-Webhook-Signature' });
		expect(kustomerTrigger.runs).toHaveLength(0);
		expect(kustomerTrigger.state.recentEnvelopeIds).toEqual([]);
	});

	test.each(['not json', 'null', '[1]'])('a correctly signed body that is no envelope (%s) is answered 400 and starts nothing', async (rawBody) => {
		const kustomerTrigger = await activated();
		const { conversation } = seedConversation();
		const envelope = mock().eventEnvelope('kustomer.conversation.create', 'conversation', conversation);
		const answer = await mock().deliver(String(kustomerTrigger.state.webhookId), envelope, { rawBody });
		expect(answer.status).toBe(400);
		expect(kustomerTrigger.runs).toHaveLength(0);
	});

	test('a delivery before any webhook was registered (no token) is answered 401', async () => {
		const kustomerTrigger = await trigger();
		const answer = await fetch(kustomerTrigger.webhookUrl, { method: 'POST', body: '{}', headers: { 'x-kustomer-webhook-signature': signature('', '{}') } });
		expect(answer.status).toBe(401);
		expect(kustomerTrigger.runs).toHaveLength(0);
	});

	test('the same envelope delivered again (Kustomer retries) is answered 200 and starts nothing', async () => {
		const kustomerTrigger = await activated();
		const { conversation } = seedConversation();
		const envelope = mock().eventEnvelope('kustomer.conversation.create', 'conversation', conversation);
		const webhookId = String(kustomerTrigger.state.webhookId);

		const first = await mock().deliver(webhookId, envelope);
		const repeat = await mock().deliver(webhookId, envelope);
		const restarted = await kustomerTrigger.restart();
		running.push(restarted);
		const afterRestart = await mock().deliver(webhookId, envelope);
		const other = await mock().deliver(webhookId, mock().eventEnvelope('kustomer.conversation.create', 'conversation', conversation));

		expect([first.status, repeat.status, afterRestart.status, other.status]).toEqual([200, 200, 200, 200]);
		expect(JSON.parse(repeat.body)).toEqual({ message: 'Already received' });
		expect(kustomerTrigger.runs).toHaveLength(1);
		expect(restarted.runs).toHaveLength(1);
		expect(restarted.state.recentEnvelopeIds).toHaveLength(2);
	});

	test('a repeat arriving before n8n saved the static data of the first (a stale copy) still starts nothing', async () => {
		const kustomerTrigger = await activated();
		const { conversation } = seedConversation();
		const envelope = mock().eventEnvelope('kustomer.conversation.create', 'conversation', conversation);
		const webhookId = String(kustomerTrigger.state.webhookId);

		await mock().deliver(webhookId, envelope);
		kustomerTrigger.state.recentEnvelopeIds = [];
		const repeat = await mock().deliver(webhookId, envelope);

		expect(JSON.parse(repeat.body)).toEqual({ message: 'Already received' });
		expect(kustomerTrigger.runs).toHaveLength(1);
	});

	test('the remembered envelope IDs are bounded: the last 1,000', () => {
		const state: { recentEnvelopeIds?: string[] } = {};
		for (let i = 0; i < 1005; i++) delivery.remember(state, 'bounded-test', `e${i}`);
		expect(state.recentEnvelopeIds).toHaveLength(1000);
		expect(state.recentEnvelopeIds![0]).toBe('e5');
		expect(delivery.isRepeat(state, 'bounded-test', 'e1004')).toBe(true);
		expect(delivery.isRepeat(state, 'bounded-test', 'e4')).toBe(false);
		expect(delivery.isRepeat({}, 'bounded-test', 'e4')).toBe(false);
	});

	test('Only When These Attributes Changed: updates of other attributes are acknowledged and start nothing; creates always start', async () => {
		const kustomerTrigger = await activated({ options: { onlyWhenChanged: 'status, assignedTeams, custom.tierStr' } });
		const { conversation } = seedConversation();
		const webhookId = String(kustomerTrigger.state.webhookId);
		const update = (changes: Record<string, unknown>) => mock().eventEnvelope('kustomer.conversation.update', 'conversation', conversation, changes);
		const cases = [
			update({ attributes: { priority: { op: 'replace', before: 2, after: 3 } } }),
			update({ attributes: { status: { op: 'replace', before: 'open', after: 'done' } } }),
			update({ attributes: { assignedTeams: { op: 'add', before: [], after: ['5f0e0000000000000000b001'] } } }),
			update({ attributes: { custom: { op: 'replace', before: { tierStr: 'gold', noteTxt: 'a' }, after: { tierStr: 'gold', noteTxt: 'b' } } } }),
			update({ attributes: { custom: { op: 'replace', before: { tierStr: 'gold' }, after: { tierStr: 'platinum' } } } }),
			update({ attributes: { 'custom.tierStr': { op: 'replace', before: 'gold', after: 'silver' } } }),
			mock().eventEnvelope('kustomer.conversation.create', 'conversation', conversation),
		];
		const answers = [];
		for (const envelope of cases) answers.push(await mock().deliver(webhookId, envelope));

		expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
		expect(JSON.parse(answers[0].body)).toEqual({ message: 'No watched attribute changed' });
		expect(kustomerTrigger.runs.map(([item]) => (item.event as { id: string }).id)).toEqual(
			[cases[1], cases[2], cases[4], cases[5], cases[6]].map((envelope) => envelope.id),
		);
	});
});

describe('output: one item per event', () => {
	test.each([
		['kustomer.conversation.create', 'conversation', null],
		['kustomer.conversation.update', 'conversation', { attributes: { status: { op: 'replace', before: 'open', after: 'done' } } }],
		['kustomer.customer.update', 'customer', { attributes: { name: { op: 'replace', before: 'Ada', after: 'Ada Lovelace' } } }],
		['kustomer.message.create', 'message', null],
	] as const)('%s: the record flattened as Get outputs it, and event { name, id, createdAt, changes }', async (name, resource, changes) => {
		const kustomerTrigger = await activated({ events: WEBHOOK_EVENTS });
		const { customer, conversation } = seedConversation();
		const message = mock().seed('message', { conversation, customer, channel: 'email', direction: 'in', preview: 'Hi' });
		const id = { conversation, customer, message }[resource];
		const envelope = mock().eventEnvelope(name, resource, id, changes);

		await mock().deliver(String(kustomerTrigger.state.webhookId), envelope);

		const record = mock().store[resource].get(id)!;
		const relationships = Object.fromEntries(Object.entries(record.relationships).map(([key, rel]) => [key, rel.data.id]));
		expect(kustomerTrigger.runs).toEqual([
			[
				{
					id,
					...record.attributes,
					...relationships,
					event: { name, id: envelope.id, createdAt: envelope.createdAt, changes },
				},
			],
		]);
		expect(Object.keys(kustomerTrigger.runs[0][0])[0]).toBe('id');
		if (resource !== 'customer') expect(kustomerTrigger.runs[0][0].customer).toBe(customer);
		expect(JSON.stringify(kustomerTrigger.runs)).not.toContain(String(kustomerTrigger.state.token));
	});

	test('Raw Envelope outputs the envelope as Kustomer sent it', async () => {
		const kustomerTrigger = await activated({ options: { rawEnvelope: true } });
		const { conversation } = seedConversation();
		const envelope = mock().eventEnvelope('kustomer.conversation.create', 'conversation', conversation);
		await mock().deliver(String(kustomerTrigger.state.webhookId), envelope);
		expect(kustomerTrigger.runs).toEqual([[JSON.parse(JSON.stringify(envelope))]]);
	});
});

describe('the Events dropdown', () => {
	async function events(credentials: ICredentialDataDecryptedObject) {
		const { trigger: node, nodeTypes, credential } = await loadPackage();
		const parameters: INodeParameters = { events: [] };
		const nodeJson = { id: 't', name: 'Kustomer Trigger', type: 'n8n-nodes-kustomer.kustomerTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters, credentials: { kustomerApi: { id: 'cred-1', name: 'Kustomer account' } } };
		const workflow = new workflowLib.Workflow({ nodes: [nodeJson], connections: {}, active: false, nodeTypes });
		const { testAdditionalData } = await import('./support/n8n');
		const additionalData = { ...testAdditionalData(credential, credentials, nodeJson), currentNodeParameters: parameters } as IWorkflowExecuteAdditionalData;
		const context = new core.LoadOptionsContext(workflow, nodeJson, additionalData, 'parameters');
		return await node.methods!.loadOptions!.getEvents.call(context);
	}

	test('lists Kustomer\'s events (GET /v1/outbound-webhooks/events) with plain labels', async () => {
		const options = await events(credentialsFor(mock()));
		expect(requestsTo(mock(), '/v1/outbound-webhooks/events')).toHaveLength(1);
		expect(options.map((o) => o.value).sort()).toEqual([...WEBHOOK_EVENTS].sort());
		expect(options).toContainEqual({ name: 'Conversation Created', value: 'kustomer.conversation.create', description: 'kustomer.conversation.create' });
		expect(options).toContainEqual({ name: 'Customer Updated', value: 'kustomer.customer.update', description: 'kustomer.customer.update' });
	});

	test('falls back to the built-in list when Kustomer cannot be asked', async () => {
		mock().addFault({ path: '/v1/outbound-webhooks/events', kind: 'status', status: 403 });
		const options = await events(credentialsFor(mock()));
		expect(options.map((o) => o.value).sort()).toEqual([...WEBHOOK_EVENTS].sort());
	});

	test('labels', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { eventLabel } = require(`${PACKAGE_ROOT}/dist/nodes/KustomerTrigger/events`) as typeof import('../nodes/KustomerTrigger/events');
		expect(eventLabel('kustomer.conversation.create')).toBe('Conversation Created');
		expect(eventLabel('kustomer.tag.update')).toBe('Tag Updated');
		expect(eventLabel('kustomer.kobject.order_line.update')).toBe('Kobject Order Line Updated');
	});
});
