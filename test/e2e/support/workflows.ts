/**
 * Builders for the workflows the e2e test imports into n8n:
 * Manual Trigger → Code node (makes the input items) → Kustomer node.
 */
import type { Credential, ExecutedItem, ExecutionResult, WorkflowJson } from './n8n';

export const NODE_TYPE = 'n8n-nodes-kustomer.kustomer';
export const CREDENTIAL_TYPE = 'kustomerApi';
export const API_KEY = 'e2e-key';
export const CREDENTIAL_ID = 'kustomerE2eCred1';
export const CREDENTIAL_NAME = 'Kustomer (mock)';

export function mockCredential(baseUrl: string, overrides: Partial<Credential> = {}): Credential {
	return {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: CREDENTIAL_TYPE,
		data: { apiKey: API_KEY, region: 'custom', baseUrl },
		...overrides,
	};
}

export const TRIGGER = 'When clicking ‘Execute workflow’';

export interface KustomerStep {
	/** Name of the Kustomer node (also the key of its output in the run data). */
	name: string;
	/** The Kustomer node's parameters (resource, operation, …). */
	parameters: Record<string, unknown>;
	/** JSON of the items the Code node feeds into it. */
	items: Array<Record<string, unknown>>;
	/** Node settings such as continueOnFail / onError. */
	settings?: Record<string, unknown>;
}

/**
 * A workflow with one manual trigger and, for each step, a Code node that emits `items` into a Kustomer
 * node. Each step is its own branch from the trigger; with executionOrder v1 n8n runs the branches one
 * after the other, top to bottom (steps are placed in order), and `n8n execute` prints the run data of
 * every node.
 */
export function kustomerWorkflow(id: string, name: string, steps: KustomerStep[]): WorkflowJson {
	const nodes: Array<Record<string, any>> = [
		{
			id: `${id}-trigger`,
			name: TRIGGER,
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	];
	const connections: Record<string, any> = { [TRIGGER]: { main: [[]] } };
	steps.forEach((step, index) => {
		const codeName = `Items for ${step.name}`;
		nodes.push({
			id: `${id}-code-${index}`,
			name: codeName,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [250, index * 200],
			parameters: {
				jsCode: `return ${JSON.stringify(step.items.map((json) => ({ json })))};`,
			},
		});
		nodes.push({
			id: `${id}-kustomer-${index}`,
			name: step.name,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [500, index * 200],
			parameters: step.parameters,
			credentials: { [CREDENTIAL_TYPE]: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			...(step.settings ?? {}),
		});
		connections[TRIGGER].main[0].push({ node: codeName, type: 'main', index: 0 });
		connections[codeName] = { main: [[{ node: step.name, type: 'main', index: 0 }]] };
	});
	return { id, name, nodes, connections, active: false, settings: { executionOrder: 'v1' } };
}

/** The items a node put on its first output in its first run. */
export function outputOf(result: ExecutionResult | undefined, nodeName: string): ExecutedItem[] {
	const runs = result?.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run`);
	if (runs[0].error) throw new Error(`node "${nodeName}" failed: ${runs[0].error.message}`);
	return runs[0].data?.main?.[0] ?? [];
}

export function errorOf(result: ExecutionResult | undefined, nodeName: string) {
	return result?.data.resultData.runData[nodeName]?.[0]?.error;
}

/** Normalises pairedItem to the list of input indexes it points at. */
export function pairedIndexes(item: ExecutedItem): number[] {
	const paired = item.pairedItem;
	if (paired === undefined) return [];
	if (typeof paired === 'number') return [paired];
	return (Array.isArray(paired) ? paired : [paired]).map((p) => p.item);
}

/**
 * Points every Kustomer node of an example workflow at the mock's credential (or the one given), whatever
 * credential the example names (users pick their own after importing it).
 */
export function withMockCredential(
	workflow: WorkflowJson,
	credential: Pick<Credential, 'id' | 'name'> = { id: CREDENTIAL_ID, name: CREDENTIAL_NAME },
): WorkflowJson {
	const { id, name } = credential;
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type === NODE_TYPE ? { ...node, credentials: { [CREDENTIAL_TYPE]: { id, name } } } : node,
		),
	};
}

/** The 24-hex IDs written into a workflow's Code nodes (the sample records an example works on). */
export function sampleIds(workflow: WorkflowJson): string[] {
	const code = workflow.nodes
		.filter((node) => node.type === 'n8n-nodes-base.code')
		.map((node) => String(node.parameters.jsCode))
		.join('\n');
	return [...new Set(code.match(/\b[0-9a-f]{24}\b/g) ?? [])];
}

/** The resource the example's Kustomer node works on, e.g. 'conversation'. */
export const kustomerResource = (workflow: WorkflowJson): string =>
	workflow.nodes.find((node) => node.type === NODE_TYPE)?.parameters.resource;
