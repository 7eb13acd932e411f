/**
 * Runs the built package the way n8n does: PackageDirectoryLoader reads package.json's `n8n` section and
 * loads dist/, WorkflowExecute runs the node (router or customOperations, as in production).
 */
import { existsSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

import type {
	ExecutionError,
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
	NodeExecutionHint,
} from 'n8n-workflow';

// n8n-core writes its config below N8N_USER_FOLDER when first loaded.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-kustomer-test-'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('n8n-core') as typeof import('n8n-core');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workflowLib = require('n8n-workflow') as typeof import('n8n-workflow');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Container } = require('@n8n/di') as { Container: { get<T>(type: new (...args: never[]) => T): T } };

// n8n reports every node error to its error reporter, which prints it; the tests assert on them instead.
Container.get(core.ErrorReporter).error = () => {};

/** The package's own folder (this file also runs compiled into .bench/ for the benchmark). */
export const PACKAGE_ROOT = (() => {
	let dir = resolve(__dirname, '..', '..');
	while (!existsSync(join(dir, 'gulpfile.js'))) dir = resolve(dir, '..');
	return dir;
})();
export const NODE_TYPE = 'n8n-nodes-kustomer.kustomer';
export const TRIGGER_TYPE = 'n8n-nodes-kustomer.kustomerTrigger';

export interface LoadedPackage {
	node: INodeType;
	trigger: INodeType;
	credential: ICredentialType;
	nodeTypes: INodeTypes;
}

let loaded: Promise<LoadedPackage> | undefined;

/** The built package, loaded once per test file. */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		const loader = new core.PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		const node = loader.nodeTypes.kustomer.type as INodeType;
		const trigger = loader.nodeTypes.kustomerTrigger.type as INodeType;
		const credential = loader.credentialTypes.kustomerApi.type;
		const byType = (type: string) => (type === TRIGGER_TYPE ? trigger : node);
		const nodeTypes: INodeTypes = {
			getByName: byType,
			getByNameAndVersion: byType,
			getKnownTypes: () => ({}),
		};
		return { node, trigger, credential, nodeTypes };
	})();
	return loaded;
}

/**
 * Applies the credential's own generic `authenticate` block, resolving its expressions with `$credentials`
 * as n8n's CLI does (that logic is not part of n8n-core).
 */
export class CredentialsHelper extends workflowLib.ICredentialsHelper {
	constructor(
		private readonly credentialType: ICredentialType,
		private readonly data: ICredentialDataDecryptedObject,
	) {
		super();
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: import('n8n-workflow').Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const generic = this.credentialType.authenticate as IAuthenticateGeneric;
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		for (const [name, value] of Object.entries(generic.properties.headers ?? {})) {
			headers[name] = workflow.expression.getSimpleParameterValue(node, value as string, 'internal', {
				$credentials: credentials,
			}) as string;
		}
		return { ...requestOptions, headers };
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used in tests');
	}

	async getDecrypted() {
		return { ...this.data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return this.credentialType.properties;
	}
}

export interface RunOptions {
	/** The node's parameters as a saved workflow holds them. */
	parameters: Record<string, unknown>;
	items: Array<Record<string, unknown>>;
	credentials: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	/** The node's On Error setting; Continue On Fail stands for "continueRegularOutput". */
	onError?: INode['onError'];
}

export interface RunResult {
	items: INodeExecutionData[];
	/** The error output's items, with On Error "continueErrorOutput". */
	errorItems: INodeExecutionData[];
	/** The execution hints the node gave (the output pane's notices). */
	hints: NodeExecutionHint[];
	/** The error that stopped the node, when Continue On Fail is off. */
	error?: ExecutionError;
	run: IRun;
}

/** The Kustomer node as a saved workflow holds it, with its credential. */
export function kustomerNode(parameters: Record<string, unknown>, extra: Partial<INode> = {}): INode {
	return {
		id: 'kustomer-node',
		name: 'Kustomer',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INodeParameters,
		credentials: { kustomerApi: { id: 'cred-1', name: 'Kustomer account' } },
		...extra,
	};
}

/** What n8n-core needs of n8n's CLI to run one node: the credential, lifecycle hooks and the instance's URLs. */
export function testAdditionalData(
	credential: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
	node: INode,
	overrides: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new CredentialsHelper(credential, credentials),
		hooks: new core.ExecutionLifecycleHooks('manual', 'exec-test', {
			id: 'wf-test',
			name: 'test',
			active: false,
			isArchived: false,
			nodes: [node],
			connections: {},
			settings: {},
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: null,
		}),
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		currentNodeExecutionIndex: 0,
		variables: {},
		executeWorkflow: async () => {
			throw new Error('not used in tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: async () => {},
		startRunnerTask: async () => {
			throw new Error('not used in tests');
		},
		...overrides,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Runs the Kustomer node once on the given input items, through WorkflowExecute. */
export async function runKustomer(options: RunOptions): Promise<RunResult> {
	const { credential, nodeTypes } = await loadPackage();
	const node = kustomerNode(options.parameters, {
		continueOnFail: options.continueOnFail,
		onError: options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow'),
	});
	const workflow = new workflowLib.Workflow({
		id: 'wf-test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: {},
	});
	const additionalData = testAdditionalData(credential, options.credentials, node);

	const runExecutionData = workflowLib.createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node, data: { main: [options.items.map((json) => ({ json: json as IDataObject }))] }, source: null },
			],
		},
	});
	const execution = new core.WorkflowExecute(additionalData, 'manual', runExecutionData);
	const run = await execution.processRunExecutionData(workflow);
	const task = run.data.resultData.runData.Kustomer?.[0];
	return {
		items: task?.data?.main?.[0] ?? [],
		errorItems: task?.data?.main?.[1] ?? [],
		hints: task?.hints ?? [],
		error: run.data.resultData.error ?? task?.error,
		run,
	};
}

/** Resolves the credential's test request as n8n's credential dialog does: the request "Test" sends. */
export async function credentialTestRequest(credentials: ICredentialDataDecryptedObject) {
	const { credential, nodeTypes } = await loadPackage();
	const node = kustomerNode({});
	const workflow = new workflowLib.Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const request = credential.test!.request;
	const resolve = (value: string) =>
		workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }) as string;
	return {
		method: request.method ?? 'GET',
		url: `${resolve(String(request.baseURL))}${request.url}`,
		headers: { Authorization: resolve((credential.authenticate as IAuthenticateGeneric).properties.headers!.Authorization as string) },
	};
}
