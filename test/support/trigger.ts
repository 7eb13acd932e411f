/**
 * Runs the Kustomer Trigger the way n8n's webhook service does, with n8n-core's own contexts:
 *   - activation: HookContext, `checkExists`, then `create` when it said false; deactivation: `delete`;
 *   - deliveries: a node:http server on 127.0.0.1 serves the node's webhook URL; each request goes to
 *     `webhook()` through WebhookContext with the exact bytes as `rawBody` (as n8n's body parser keeps
 *     them). An answer the node did not send itself is n8n's default 200; `workflowData` is a started run.
 * The workflow's static data lives on the Workflow object, as in n8n; `restart()` carries a JSON copy of
 * it into a new instance, as n8n reloads it from its database.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { loadPackage, testAdditionalData, TRIGGER_TYPE } from './n8n';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('n8n-core') as typeof import('n8n-core');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workflowLib = require('n8n-workflow') as typeof import('n8n-workflow');

export const WORKFLOW_ID = 'wfTrigger01';
export const WORKFLOW_NAME = 'Refunds to Slack';
const NODE_NAME = 'Kustomer Trigger';
const WEBHOOK_ID = '8a3e3b52-7f4e-4d1c-9a55-2f0c1e6b7d90';

export interface TriggerOptions {
	parameters: Record<string, unknown>;
	credentials: ICredentialDataDecryptedObject;
	/** n8n's webhook base URL; default the harness's own server (http://127.0.0.1:<port>/webhook). */
	webhookBaseUrl?: string;
	staticData?: IDataObject;
	/** The port of the webhook server; default a free one. A restart keeps it, as n8n keeps its URL. */
	port?: number;
}

/** An express-like response: the part of it the node uses. */
function responseOf(res: ServerResponse) {
	let statusCode = 200;
	const response = {
		status(code: number) {
			statusCode = code;
			return response;
		},
		json(body: unknown) {
			res.writeHead(statusCode, { 'content-type': 'application/json', connection: 'close' });
			res.end(JSON.stringify(body));
			return response;
		},
	};
	return response;
}

async function rawBodyOf(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

export class TriggerInN8n {
	/** The items of each run the trigger started, in order. */
	readonly runs: IDataObject[][] = [];
	private server?: Server;
	private webhookBaseUrl = '';
	private port = 0;

	private constructor(
		private readonly options: TriggerOptions,
		readonly node: INode,
		readonly workflow: Workflow,
	) {}

	static async start(options: TriggerOptions): Promise<TriggerInN8n> {
		const { nodeTypes } = await loadPackage();
		const node: INode = {
			id: 'kustomer-trigger',
			name: NODE_NAME,
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: options.parameters as INode['parameters'],
			credentials: { kustomerApi: { id: 'cred-1', name: 'Kustomer account' } },
		};
		const workflow = new workflowLib.Workflow({
			id: WORKFLOW_ID,
			name: WORKFLOW_NAME,
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: options.staticData,
			settings: {},
		});
		const trigger = new TriggerInN8n(options, node, workflow);
		await trigger.listen();
		return trigger;
	}

	/** The same workflow after a restart of n8n: its static data as saved, a new process. */
	async restart(): Promise<TriggerInN8n> {
		await this.stop();
		return await TriggerInN8n.start({
			...this.options,
			port: this.port,
			staticData: JSON.parse(JSON.stringify(this.workflow.staticData)),
		});
	}

	/** What the node keeps in the workflow's static data. */
	get state(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	/** The production webhook URL n8n gives the node. */
	get webhookUrl(): string {
		return `${this.webhookBaseUrl}/${WEBHOOK_ID}/webhook`;
	}

	private async additionalData(overrides: Partial<IWorkflowExecuteAdditionalData> = {}) {
		const { credential } = await loadPackage();
		return testAdditionalData(credential, this.options.credentials, this.node, {
			webhookBaseUrl: this.webhookBaseUrl,
			...overrides,
		});
	}

	private async webhookData(): Promise<IWebhookData> {
		const { trigger } = await loadPackage();
		const description = trigger.description.webhooks![0] as IWebhookDescription;
		return {
			httpMethod: 'POST',
			node: NODE_NAME,
			path: `${WEBHOOK_ID}/webhook`,
			webhookDescription: description,
			workflowId: WORKFLOW_ID,
			workflowExecuteAdditionalData: await this.additionalData(),
			webhookId: WEBHOOK_ID,
		};
	}

	/**
	 * One of the node's webhookMethods, as n8n's webhook service calls it: for the production URL, or with
	 * `test` for the editor's "Listen for test event" (mode manual, the test URL).
	 */
	async hook(method: 'checkExists' | 'create' | 'delete', options: { test?: boolean } = {}): Promise<boolean> {
		const { trigger } = await loadPackage();
		const webhookData = { ...(await this.webhookData()), isTest: options.test === true };
		const [mode, activation] = options.test ? (['manual', 'manual'] as const) : (['webhook', 'activate'] as const);
		const context = new core.HookContext(this.workflow, this.node, webhookData.workflowExecuteAdditionalData, mode, activation, webhookData);
		return (await trigger.webhookMethods!.default![method].call(context)) as boolean;
	}

	/** What n8n does when the workflow is activated: create the webhook unless checkExists finds it. */
	async activate(): Promise<void> {
		if (!(await this.hook('checkExists'))) await this.hook('create');
	}

	async deactivate(): Promise<boolean> {
		return await this.hook('delete');
	}

	private async listen(): Promise<void> {
		this.server = createServer((req, res) => {
			void this.serve(req, res).catch((error: Error) => {
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: error.message }));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
		this.port = (this.server!.address() as AddressInfo).port;
		this.webhookBaseUrl = this.options.webhookBaseUrl ?? `http://127.0.0.1:${this.port}/webhook`;
	}

	private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const { trigger } = await loadPackage();
		const rawBody = await rawBodyOf(req);
		let body: unknown = {};
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch {
			// n8n leaves an unparsable body empty
		}
		const request = { method: req.method, url: req.url, headers: req.headers, rawBody, body, params: {}, query: {} };
		const additionalData = await this.additionalData({
			httpRequest: request as never,
			httpResponse: responseOf(res) as never,
		});
		const webhookData = { ...(await this.webhookData()), workflowExecuteAdditionalData: additionalData };
		const context = new core.WebhookContext(this.workflow, this.node, additionalData, 'webhook', webhookData, [], null);
		const result = await trigger.webhook!.call(context);
		if (result.workflowData) this.runs.push(result.workflowData[0].map((item) => item.json));
		if (!result.noWebhookResponse) {
			res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
			res.end(JSON.stringify({ message: 'Workflow was started' }));
		}
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
