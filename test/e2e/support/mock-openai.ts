/**
 * A scripted stand-in for an OpenAI-compatible chat model (POST <base>/chat/completions), so that n8n's
 * AI Agent can run the Kustomer tool without a real language model: the first call of a conversation
 * answers with a call of the first offered tool with fixed arguments, the call after the tool ran answers
 * with a plain text. Both plain JSON and streamed (SSE) answers are supported.
 */
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';

export interface ChatRequest {
	path: string;
	body: {
		model?: string;
		stream?: boolean;
		messages: Array<{ role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }>;
		tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: Record<string, any> } }>;
	};
}

export interface MockOpenAi {
	/** e.g. http://127.0.0.1:1234/v1 — the openAiApi credential's Base URL. */
	baseUrl: string;
	requests: ChatRequest[];
	stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
	let body = '';
	for await (const chunk of req) body += chunk;
	return body;
}

/** `toolArguments` is what the model "decides" to call the tool with. */
export async function startMockOpenAi(toolArguments: Record<string, unknown>, finalAnswer = 'Done.'): Promise<MockOpenAi> {
	const requests: ChatRequest[] = [];
	const server: Server = createServer(async (req, res) => {
		const raw = await readBody(req);
		const path = (req.url ?? '').split('?')[0];
		if (req.method === 'GET' && path.endsWith('/models')) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'e2e' }] }));
			return;
		}
		if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { message: `not mocked: ${req.method} ${path}` } }));
			return;
		}
		const body = JSON.parse(raw) as ChatRequest['body'];
		requests.push({ path, body });
		const toolRan = body.messages.some((m) => m.role === 'tool');
		const tool = body.tools?.[0]?.function.name;
		const toolCalls =
			!toolRan && tool
				? [{ id: `call_${requests.length}`, type: 'function', function: { name: tool, arguments: JSON.stringify(toolArguments) } }]
				: undefined;
		const message = toolCalls
			? { role: 'assistant', content: null, tool_calls: toolCalls }
			: { role: 'assistant', content: finalAnswer };
		const finish = toolCalls ? 'tool_calls' : 'stop';
		const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: body.model ?? 'gpt-4o-mini' };
		const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
		if (body.stream) {
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
			const delta = toolCalls
				? { role: 'assistant', content: null, tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }
				: { role: 'assistant', content: finalAnswer };
			send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] });
			send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }], usage });
			res.end('data: [DONE]\n\n');
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }], usage }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		stop: async () => {
			server.closeAllConnections?.();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
