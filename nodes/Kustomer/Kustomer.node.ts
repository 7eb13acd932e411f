import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { listSearch } from './methods/listSearch';
import { loadOptions } from './methods/loadOptions';
import { resourceMapping } from './methods/resourceMapping';
import { operationsOf } from './operations';
import { RESOURCES } from './resources';
import { BASE_URL_EXPRESSION } from './core/transport/baseUrl';

const operationsByResource = RESOURCES.map((resource) => ({ resource, operations: operationsOf(resource) }));

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCES.map(({ displayName, value }) => ({ name: displayName, value })),
		default: 'conversation',
	},
	...operationsByResource.flatMap(({ resource, operations }) => [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options' as const,
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: operations.map((operation) => operation.option),
			default: 'update',
		},
		...(resource.commonProperties ?? []).map((property) => ({
			...property,
			displayOptions: { show: { resource: [resource.value] } },
		})),
		...operations.flatMap((operation) => operation.properties),
	]),
];

/**
 * The canvas subtitle: the action's own words ("Create customers in bulk"). A flat lookup, so the
 * expression holds no "}}" before its end.
 */
const actions = Object.fromEntries(
	operationsByResource.flatMap(({ resource, operations }) =>
		operations.map(({ option }) => [`${resource.value}:${String(option.value)}`, option.action ?? option.name]),
	),
);
const subtitle =
	`={{ (${JSON.stringify(actions)})[$parameter["resource"] + ":" + $parameter["operation"]] ` +
	'|| $parameter["operation"] }}';

const customOperations: Record<
	string,
	Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>>
> = {};
for (const { resource, operations } of operationsByResource) {
	for (const { option, execute } of operations) {
		if (execute) (customOperations[resource.value] ??= {})[String(option.value)] = execute;
	}
}

export class Kustomer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kustomer',
		name: 'kustomer',
		icon: { light: 'file:kustomer.svg', dark: 'file:kustomer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description:
			'Create, get, update, delete and search Kustomer conversations, messages, customers, companies, notes and ' +
			'custom objects, one at a time or in bulk',
		defaults: { name: 'Kustomer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kustomerApi', required: true }],
		requestDefaults: {
			baseURL: BASE_URL_EXPRESSION,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
			// Kustomer's error bodies are read by assertKustomerResponse, not by the HTTP client.
			ignoreHttpStatusErrors: true,
			// n8n would resend the key to wherever a redirect points; Kustomer's API has no reason to redirect.
			disableFollowRedirect: true,
		},
		properties,
	};

	customOperations = customOperations;

	methods = { loadOptions, listSearch, resourceMapping };
}
