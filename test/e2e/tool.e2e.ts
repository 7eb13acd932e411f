/**
 * The AI-agent tool variant `kustomerTool` (n8n generates it because the node sets `usableAsTool: true`;
 * editor.e2e.ts checks that n8n lists it) run by n8n's real AI Agent. The language model is a scripted
 * OpenAI-compatible stand-in (support/mock-openai.ts) that asks for the tool with fixed arguments, so
 * the real agent, n8n's tool wrapper with its $fromAI() parameters, and the node's real request to
 * (mock) Kustomer are exercised; only the model's choice is scripted.
 */
import { startMockKustomer, type MockKustomer } from '../mock-kustomer';
import { startMockOpenAi, type MockOpenAi } from './support/mock-openai';
import { N8nSandbox, packPackage } from './support/n8n';
import { executionDiagnostics } from './support/sandbox';
import { API_KEY, CREDENTIAL_ID, CREDENTIAL_NAME, mockCredential, outputOf, TRIGGER } from './support/workflows';

const CONVERSATION = 'a00000000000000000000042';
const CUSTOMER = 'c00000000000000000000042';
const OPENAI_CREDENTIAL = { id: 'openAiE2eCred001', name: 'OpenAI (mock)' };

let kustomer: MockKustomer;
let openAi: MockOpenAi;
let n8n: N8nSandbox;

beforeAll(async () => {
	kustomer = await startMockKustomer({ apiKey: API_KEY });
	openAi = await startMockOpenAi({ conversationId: CONVERSATION, status: 'done' }, 'I closed the conversation.');
	n8n = await N8nSandbox.create({ tarball: await packPackage() });
	await n8n.importCredentials([
		mockCredential(kustomer.baseUrl),
		{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-e2e', url: openAi.baseUrl } },
	]);
});

afterAll(async () => {
	await n8n?.cleanup();
	await openAi?.stop();
	await kustomer?.stop();
});

describe(`AI tool variant in n8n ${process.env.N8N_E2E_VERSION || '2.41.1'}`, () => {
	test('an AI Agent calls the Kustomer tool (update a conversation) and gets the record back', async () => {
		kustomer.reset();
		kustomer.seed('customer', { name: 'Jo' }, CUSTOMER);
		kustomer.seed('conversation', { customer: CUSTOMER, status: 'open', name: 'Where is my order?' }, CONVERSATION);

		const AGENT = 'AI Agent';
		const MODEL = 'OpenAI Chat Model';
		const TOOL = 'Close conversation';
		await n8n.importWorkflows([
			{
				id: 'kustomerE2eTool01',
				name: 'e2e: AI Agent with the Kustomer tool',
				settings: { executionOrder: 'v1' },
				nodes: [
					{ id: 't', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{
						id: 'a',
						name: AGENT,
						type: '@n8n/n8n-nodes-langchain.agent',
						typeVersion: 3.1,
						position: [220, 0],
						parameters: { promptType: 'define', text: `Please close conversation ${CONVERSATION}.`, options: {} },
					},
					{
						id: 'm',
						name: MODEL,
						type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
						typeVersion: 1.2,
						position: [200, 200],
						parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
						credentials: { openAiApi: OPENAI_CREDENTIAL },
					},
					{
						id: 'k',
						name: TOOL,
						type: 'n8n-nodes-kustomer.kustomerTool',
						typeVersion: 1,
						position: [400, 200],
						parameters: {
							resource: 'conversation',
							operation: 'update',
							conversationId: {
								__rl: true,
								mode: 'id',
								value: "={{ $fromAI('conversationId', 'The 24-character ID of the conversation', 'string') }}",
							},
							updateFields: { status: "={{ $fromAI('status', 'The new status: open, done or snoozed', 'string') }}" },
						},
						credentials: { kustomerApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
					},
				],
				connections: {
					[TRIGGER]: { main: [[{ node: AGENT, type: 'main', index: 0 }]] },
					[MODEL]: { ai_languageModel: [[{ node: AGENT, type: 'ai_languageModel', index: 0 }]] },
					[TOOL]: { ai_tool: [[{ node: AGENT, type: 'ai_tool', index: 0 }]] },
				},
			},
		]);

		const outcome = await n8n.execute('kustomerE2eTool01');
		if (!outcome.ok || !outcome.result) {
			const llmRequests = `llm requests: ${JSON.stringify(openAi.requests, null, 1).slice(0, 4000)}\n`;
			throw new Error(`the execution failed\n${executionDiagnostics(outcome, llmRequests)}`);
		}

		// The model was offered the tool, described, with the two $fromAI parameters.
		const offered = openAi.requests[0].body.tools ?? [];
		expect(offered).toHaveLength(1);
		const fn = offered[0].function;
		// "Set Automatically": the operation's action text, e.g. "Update a conversation in Kustomer".
		expect(fn.description).toMatch(/update a conversation/i);
		expect(Object.keys(fn.parameters?.properties ?? {}).sort()).toEqual(['conversationId', 'status']);

		// The tool ran the node's Update against Kustomer with the model's arguments.
		const puts = kustomer.requests.filter((r) => r.method === 'PUT' && r.path === `/v1/conversations/${CONVERSATION}`);
		expect(puts).toHaveLength(1);
		expect(puts[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(puts[0].body).toEqual({ status: 'done' });
		expect(kustomer.store.conversation.get(CONVERSATION)?.attributes.status).toBe('done');

		// The model got the updated record back as the tool's result, and the agent answered.
		const toolMessage = openAi.requests
			.flatMap((r) => r.body.messages)
			.find((m) => m.role === 'tool');
		expect(JSON.stringify(toolMessage?.content)).toContain(CONVERSATION);
		expect(JSON.stringify(toolMessage?.content)).toContain('done');
		expect(outputOf(outcome.result, AGENT)[0].json.output).toBe('I closed the conversation.');
	});
});
