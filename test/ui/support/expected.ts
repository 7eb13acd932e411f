/**
 * What the n8n editor should show for the Kustomer node, derived from the built node in dist/ (the code
 * that `npm pack` put into the tarball the UI test installs) with n8n-workflow's own display and issue
 * rules (NodeHelpers), the same rules the editor applies. Nothing here lists the node's fields by hand:
 * a field added to the node is expected in the editor without touching the test.
 */
import { join } from 'path';
import {
	NodeHelpers,
	type ICredentialType,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeTypeDescription,
	type NodeParameterValueType,
} from 'n8n-workflow';

import { REPO_ROOT } from '../../e2e/support/n8n';
import { NODE_TYPE } from '../../e2e/support/workflows';

/** The description of a built node, `dist/nodes/<name>/<name>.node.js`. */
function builtDescription(name: string): INodeTypeDescription {
	const file = join(REPO_ROOT, 'dist', 'nodes', name, `${name}.node.js`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(file) as Record<string, new () => { description: INodeTypeDescription }>;
	return new exported[name]().description;
}

export function loadNodeDescription(): INodeTypeDescription {
	return builtDescription('Kustomer');
}

export function loadTriggerDescription(): INodeTypeDescription {
	return builtDescription('KustomerTrigger');
}

export function loadCredentialType(): ICredentialType {
	const file = join(REPO_ROOT, 'dist', 'credentials', 'KustomerApi.credentials.js');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { KustomerApi } = require(file) as { KustomerApi: new () => ICredentialType };
	return new KustomerApi();
}

/** One node on the test canvas: a resource × operation, maybe with more parameters set. */
export interface PanelCase {
	/** The node's name on the canvas (unique). */
	name: string;
	resource: string;
	operation: string;
	parameters: INodeParameters;
	/** Why this case exists beyond the defaults, e.g. `updateMode = sameForAll`. */
	variant?: string;
}

export interface CollectionExpectation {
	name: string;
	/** Display names of the options the "Add …" control must offer (those without displayOptions). */
	mustOffer: string[];
	/** Display names of every option the collection has: the control must offer nothing else. */
	mayOffer: string[];
	/** When exactly one option can be added, n8n shows a button that adds it directly. */
	single?: { name: string; displayName: string; placeholder: string };
}

export interface PanelExpectation {
	/** Every parameter row the Parameters tab shows, top level and inside filled collections, in order. */
	rows: string[];
	/** The top-level rows only (their order must be the description's). */
	topLevel: string[];
	/** Parameter name → the issue texts n8n computes for it. */
	issues: Record<string, string[]>;
	/** Displayed required parameters whose value is empty: the only ones allowed to have issues. */
	requiredEmpty: string[];
	/** The empty (no options added yet) collections, with what their "Add …" control offers. */
	emptyCollections: CollectionExpectation[];
	/** Display names of the options of each displayed `options` parameter (resource, operation, …). */
	optionNames: Record<string, string[]>;
	properties: Record<string, INodeProperties>;
}

function nodeOf(parameters: INodeParameters): INode {
	return { id: 'expected', name: 'Kustomer', type: NODE_TYPE, typeVersion: 1, position: [0, 0], parameters };
}

/** The node's parameters as n8n completes them with defaults for the displayed ones. */
export function fullParameters(description: INodeTypeDescription, parameters: INodeParameters): INodeParameters {
	const node = nodeOf(parameters);
	return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) ?? {};
}

function displayed(description: INodeTypeDescription, parameters: INodeParameters): INodeProperties[] {
	const node = nodeOf(parameters);
	return description.properties.filter((property) =>
		NodeHelpers.displayParameter(parameters, property, node, description, parameters),
	);
}

function isEmpty(value: NodeParameterValueType | undefined): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') {
		if ('__rl' in value) return (value as { value?: unknown }).value === '' || (value as { value?: unknown }).value === undefined;
		return Object.keys(value).length === 0;
	}
	return false;
}

const isOption = (option: unknown): option is INodeProperties =>
	typeof option === 'object' && option !== null && 'type' in option && 'name' in option;

export function expectPanel(description: INodeTypeDescription, parameters: INodeParameters): PanelExpectation {
	const values = fullParameters(description, parameters);
	const node = nodeOf(values);
	const shown = displayed(description, values).filter((property) => property.type !== 'hidden');
	const rows: string[] = [];
	const emptyCollections: CollectionExpectation[] = [];
	const optionNames: Record<string, string[]> = {};
	const properties: Record<string, INodeProperties> = {};
	for (const property of shown) {
		properties[property.name] = property;
		// The editor shows a notice as a row without a label of its own.
		if (property.type === 'notice') {
			rows.push('');
			continue;
		}
		rows.push(property.name);
		if (property.type === 'options' || property.type === 'multiOptions') {
			const options = (property.options ?? []) as INodePropertyOptions[];
			if (options.length) optionNames[property.name] = options.map((option) => option.name);
		}
		if (property.type !== 'collection') continue;
		const options = (property.options ?? []).filter(isOption);
		const value = (values[property.name] ?? {}) as INodeParameters;
		const filled = Object.keys(value);
		// n8n lists a collection's filled options in the order of the collection's definition.
		for (const option of options) if (filled.includes(option.name)) rows.push(option.name);
		if (filled.length) continue;
		const offerable = options.filter((option) =>
			option.displayOptions ? NodeHelpers.displayParameter(values, option, node, description, values) : true,
		);
		emptyCollections.push({
			name: property.name,
			mustOffer: options.filter((option) => !option.displayOptions).map((option) => option.displayName),
			mayOffer: options.map((option) => option.displayName),
			single:
				offerable.length === 1
					? {
							name: offerable[0].name,
							displayName: offerable[0].displayName,
							placeholder: String(property.placeholder ?? 'Add Option'),
						}
					: undefined,
		});
	}
	const issues = NodeHelpers.getNodeParametersIssues(description.properties, node, description)?.parameters ?? {};
	const requiredEmpty = shown.filter((p) => p.required && isEmpty(values[p.name])).map((p) => p.name);
	return {
		rows,
		topLevel: shown.filter((p) => p.type !== 'notice').map((p) => p.name),
		issues,
		requiredEmpty,
		emptyCollections,
		optionNames,
		properties,
	};
}

/** Every resource × operation the node offers, as the editor's dropdowns name them. */
export function resourceOperations(description: INodeTypeDescription) {
	const resource = description.properties.find((p) => p.name === 'resource');
	if (!resource?.options) throw new Error('the node has no Resource parameter');
	return (resource.options as INodePropertyOptions[]).flatMap((r) => {
		const operation = description.properties.find(
			(p) => p.name === 'operation' && (p.displayOptions?.show?.resource as unknown[] | undefined)?.includes(r.value),
		);
		return ((operation?.options ?? []) as INodePropertyOptions[]).map((o) => ({
			resource: String(r.value),
			resourceName: r.name,
			operation: String(o.value),
			operationName: o.name,
		}));
	});
}

/**
 * The cases to open: each resource × operation with its defaults, plus, for each top-level options or
 * boolean parameter of that panel, each other value that changes which fields are shown
 * (e.g. Bulk Update's "Same Changes for a List of IDs" shows IDs instead of the record's ID).
 */
export function panelCases(description: INodeTypeDescription): PanelCase[] {
	const cases: PanelCase[] = [];
	for (const { resource, resourceName, operation, operationName } of resourceOperations(description)) {
		const base: INodeParameters = { resource, operation };
		const baseRows = expectPanel(description, base).rows.join(',');
		cases.push({ name: `${resourceName}: ${operationName}`, resource, operation, parameters: base });
		const values = fullParameters(description, base);
		for (const property of displayed(description, values)) {
			if (property.name === 'resource' || property.name === 'operation') continue;
			const alternatives: Array<{ value: string | boolean; label: string }> =
				property.type === 'boolean'
					? [{ value: !property.default, label: String(!property.default) }]
					: property.type === 'options'
						? ((property.options ?? []) as INodePropertyOptions[])
								.filter((option) => option.value !== property.default)
								.map((option) => ({ value: option.value as string, label: option.name }))
						: [];
			for (const { value, label } of alternatives) {
				const parameters = { ...base, [property.name]: value };
				if (expectPanel(description, parameters).rows.join(',') === baseRows) continue;
				cases.push({
					name: `${resourceName}: ${operationName} (${property.displayName}: ${label})`,
					resource,
					operation,
					parameters,
					variant: `${property.name} = ${String(value)}`,
				});
			}
		}
	}
	return cases;
}

/** The credential's own fields shown for given values (n8n adds its own, e.g. Allowed HTTP Request Domains). */
export function expectCredentialFields(credential: ICredentialType, values: Record<string, unknown>): string[] {
	const all: Record<string, unknown> = {};
	for (const property of credential.properties) all[property.name] = values[property.name] ?? property.default;
	return credential.properties
		.filter((property) => property.type !== 'hidden')
		.filter((property) => NodeHelpers.displayParameter(all as INodeParameters, property, null, null))
		.map((property) => property.name);
}
