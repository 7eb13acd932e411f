/**
 * What a person meets in the panel, read from the loaded node description: defaults that cannot write
 * wrong data, the canvas subtitle, the order of the actions, notices.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { kustomerNode, loadPackage, PACKAGE_ROOT } from './support/n8n';
import { RESOURCES } from './support/kustomer';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const workflowLib = require('n8n-workflow') as typeof import('n8n-workflow');

const shownFor = (property: INodeProperties, resource: string, operation: string) =>
	property.displayOptions?.show?.resource?.includes(resource) && property.displayOptions?.show?.operation?.includes(operation);

/** The node's resource value of a mock resource (the mock calls custom objects by Kustomer's name, kobject). */
const nodeResource = (resource: string) => (resource === 'kobject' ? 'customObject' : resource);

async function propertiesOf(resource: string, operation: string) {
	const { node } = await loadPackage();
	return node.description.properties.filter((property) => shownFor(property, nodeResource(resource), operation));
}

describe.each(Object.keys(RESOURCES))('%s bulk panels', (resource) => {
	it('Bulk Update per item takes each item\'s own ID by default, never one record picked from a list', async () => {
		const locator = (await propertiesOf(resource, 'bulkUpdate')).find((p) => p.name === RESOURCES[resource as keyof typeof RESOURCES].idParameter)!;
		expect(locator.default).toEqual({ mode: 'id', value: '={{ $json.id }}' });
		expect(locator.displayOptions?.show?.updateMode).toEqual(['perItem']);
	});

	it('Bulk Update\'s IDs are required and the options start as documented', async () => {
		const properties = await propertiesOf(resource, 'bulkUpdate');
		expect(properties.find((p) => p.name === 'ids')).toMatchObject({ required: true, default: '' });
		const options = properties.find((p) => p.name === 'options')!.options as INodeProperties[];
		expect(Object.fromEntries(options.map((option) => [option.name, option.default]))).toMatchObject({
			batchSize: 100,
			waitForCompletion: true,
			failOnRecordError: false,
		});
	});

	it('Bulk Create picks any record it needs from each item, never one from a list', async () => {
		const locators = (await propertiesOf(resource, 'bulkCreate')).filter((p) => p.type === 'resourceLocator');
		for (const locator of locators) expect(locator.default).toEqual({ mode: 'id', value: '={{ $json.id }}' });
		if (resource === 'conversation') expect(locators.map((p) => p.name)).toEqual(['customerId']);
	});
});

describe('actions', () => {
	it('the Operation list puts each bulk operation right after its single one', async () => {
		const { node } = await loadPackage();
		const customer = node.description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('customer'))!;
		expect((customer.options as INodePropertyOptions[]).map((option) => option.value)).toEqual([
			'create', 'bulkCreate', 'upsert', 'bulkUpsert', 'delete', 'bulkDelete', 'get', 'getAll', 'search', 'update', 'bulkUpdate',
		]);
	});

	it.each([
		['customer', 'bulkCreate', 'Create customers in bulk'],
		['conversation', 'bulkUpdate', 'Update conversations in bulk'],
		['message', 'create', 'Record a message on the timeline (sends nothing)'],
	])('the canvas subtitle of %s %s reads "%s"', async (resource, operation, subtitle) => {
		const { node, nodeTypes } = await loadPackage();
		const instance = kustomerNode({ resource, operation });
		const workflow = new workflowLib.Workflow({ nodes: [instance], connections: {}, active: false, nodeTypes });
		expect(workflow.expression.getSimpleParameterValue(instance, node.description.subtitle!, 'internal', {})).toBe(subtitle);
	});

	it('Message → Create says in the panel and in its description that it sends nothing', async () => {
		const properties = await propertiesOf('message', 'create');
		expect(properties[0]).toMatchObject({ type: 'notice', displayName: expect.stringMatching(/Kustomer sends nothing/) });
		const { node } = await loadPackage();
		const message = node.description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('message'))!;
		expect((message.options as INodePropertyOptions[]).find((option) => option.value === 'create')?.description).toMatch(/nothing is sent/);
	});
});

describe('output schemas', () => {
	it('n8n finds one for every operation of every resource, where the editor asks for it', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const core = require('n8n-core') as { resolveOutputSchemaPath: (ref: object) => string | undefined };
		const { node } = await loadPackage();
		const nodeDir = join(PACKAGE_ROOT, 'dist', 'nodes', 'Kustomer');
		const operationLists = node.description.properties.filter((property) => property.name === 'operation');
		expect(operationLists).toHaveLength(Object.keys(RESOURCES).length);
		for (const list of operationLists) {
			const resource = list.displayOptions!.show!.resource![0] as string;
			for (const { value: operation } of list.options as INodePropertyOptions[]) {
				// The request /schemas/n8n-nodes-kustomer.kustomer/1.0.0/<resource>/<operation>.json, as n8n resolves it.
				const file = core.resolveOutputSchemaPath({ nodeDir, version: '1.0.0', resource, operation });
				const schema = JSON.parse(readFileSync(file!, 'utf8')) as { type: string; properties: Record<string, unknown> };
				expect(schema.type).toBe('object');
				expect(Object.keys(schema.properties).length).toBeGreaterThan(1);
			}
		}
	});

	it('a bulk operation\'s schema is its per-record outcome', () => {
		const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'dist/nodes/Kustomer/__schema__/v1.0.0/customer/bulkCreate.json'), 'utf8'));
		expect(Object.keys(schema.properties)).toEqual(['id', 'status', 'itemIndex', 'externalId', 'email', 'name', 'bulkId', 'error']);
	});
});

describe('field lists', () => {
	it('Customer → Create: what a person sets in Additional Fields, system attributes in Advanced Fields', async () => {
		const properties = await propertiesOf('customer', 'create');
		const names = (name: string) => (properties.find((p) => p.name === name)!.options as INodeProperties[]).map((o) => o.name);
		expect(names('additionalFields')).toEqual(expect.arrayContaining(['name', 'emails', 'phones', 'externalId', 'tags', 'company', 'custom']));
		expect(names('advancedFields')).toEqual(expect.arrayContaining(['rev', 'createdAt', 'importedAt', 'lastSeenAt', 'sharedEmails']));
		expect(names('additionalFields')).not.toEqual(expect.arrayContaining(['rev']));
		expect(properties.map((p) => p.name).indexOf('advancedFields')).toBe(properties.map((p) => p.name).indexOf('additionalFields') + 1);
		const emails = (properties.find((p) => p.name === 'additionalFields')!.options as INodeProperties[]).find((o) => o.name === 'emails')!;
		expect(emails.placeholder).toBe('Add Email');
	});

	it('what Kustomer sets itself is not offered: a message\'s Updated At, a conversation\'s Suggested Tags', async () => {
		const offered = async (resource: string) =>
			(await propertiesOf(resource, 'update')).flatMap((p) => ((p.options ?? []) as INodeProperties[]).map((o) => o.name));
		expect(await offered('message')).not.toEqual(expect.arrayContaining(['updatedAt']));
		expect(await offered('conversation')).not.toEqual(expect.arrayContaining(['suggestedTags']));
	});
});
