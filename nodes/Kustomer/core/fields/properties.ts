import type { INodeProperties } from 'n8n-workflow';

import type { FieldSpec, FieldUse } from './types';

function optionsFor(spec: FieldSpec, use: FieldUse) {
	const options = spec.options ?? [];
	return use === 'create' && spec.createValues
		? options.filter((option) => spec.createValues!.includes(option.value))
		: options;
}

function describe(spec: FieldSpec): string | undefined {
	const limits: string[] = [];
	if (spec.maxItems) limits.push(`at most ${spec.maxItems}`);
	if (spec.maxLength) limits.push(`at most ${spec.maxLength} characters`);
	const text = [spec.description, limits.length ? `(${limits.join(', ')})` : ''].filter(Boolean).join(' ');
	return text || undefined;
}

/**
 * Attributes whose IDs Kustomer can list, by their path in a record: the `loadOptions` method
 * (methods/loadOptions.ts) that offers them as a dropdown.
 */
const ID_DROPDOWNS: Record<string, string> = {
	assignedUsers: 'getUsers',
	assignedTeams: 'getTeams',
	'queue.id': 'getQueues',
};

/** An ID or a list of IDs as a dropdown of names; an expression can still give IDs (the record builder checks them). */
function idDropdown(
	spec: FieldSpec,
	loadOptionsMethod: string,
	base: Pick<INodeProperties, 'name' | 'placeholder'>,
): INodeProperties {
	const many = spec.kind === 'idList';
	const limit = spec.maxItems ? ` At most ${spec.maxItems}.` : '';
	return {
		...base,
		displayName: `${spec.label.replace(/\s*IDs?$/, '')} ${many ? 'Names or IDs' : 'Name or ID'}`,
		type: many ? 'multiOptions' : 'options',
		default: many ? [] : '',
		typeOptions: { loadOptionsMethod },
		description:
			`${spec.description ? `${spec.description} ` : ''}Choose from the list, or specify ${many ? 'IDs' : 'an ID'} ` +
			`using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.${limit}`,
	};
}

/** The n8n property that lets a person enter one attribute, as an option of a collection. */
export function fieldProperty(spec: FieldSpec, use: FieldUse): INodeProperties {
	return propertyAt(spec, use, spec.attribute);
}

/** `fieldProperty` for the attribute at `path` (`queue.id` for the `id` inside `queue`). */
function propertyAt(spec: FieldSpec, use: FieldUse, path: string): INodeProperties {
	const base = {
		displayName: spec.label,
		name: spec.attribute,
		description: describe(spec),
		placeholder: spec.placeholder,
	};
	const dropdown = ID_DROPDOWNS[path];
	if (dropdown && (spec.kind === 'id' || spec.kind === 'idList')) return idDropdown(spec, dropdown, base);
	switch (spec.kind) {
		case 'string':
		case 'id':
		case 'url':
			return { ...base, type: 'string', default: spec.default ?? '' };
		case 'text':
			return { ...base, type: 'string', typeOptions: { rows: 4 }, default: '' };
		case 'integer':
		case 'number':
			return {
				...base,
				type: 'number',
				default: spec.default ?? spec.min ?? 0,
				typeOptions: {
					minValue: spec.min,
					maxValue: spec.max,
					numberPrecision: spec.kind === 'integer' ? 0 : undefined,
				},
			};
		case 'boolean':
			return { ...base, type: 'boolean', default: spec.default ?? false };
		case 'dateTime':
			return { ...base, type: 'dateTime', default: '' };
		case 'options': {
			const options = optionsFor(spec, use);
			return { ...base, type: 'options', options, default: spec.default ?? options[0].value };
		}
		case 'idList':
		case 'tagList':
			return {
				...base,
				type: 'string',
				default: '',
				description: `${describe(spec) ?? ''} Comma-separated, or an array from an expression.`.trim(),
			};
		case 'json':
			return { ...base, type: 'json', default: spec.jsonShape === 'array' ? '[]' : '{}' };
		case 'object':
		case 'objectList':
			return {
				...base,
				type: 'fixedCollection',
				default: {},
				// "Add Email", not n8n's "Choose...".
				placeholder: `Add ${spec.label.replace(/s$/, '')}`,
				typeOptions: { multipleValues: spec.kind === 'objectList' },
				options: [
					{
						displayName: spec.label,
						name: 'values',
						values: (spec.fields ?? []).map((sub) => ({
							...propertyAt(sub, use, `${path}.${sub.attribute}`),
							required: sub.required || undefined,
						})),
					},
				],
			};
		case 'custom':
			return {
				...base,
				type: 'fixedCollection',
				default: {},
				placeholder: 'Add Custom Attribute',
				typeOptions: { multipleValues: true },
				options: [
					{
						displayName: 'Attribute',
						name: 'attribute',
						values: [
							{
								// The org's attributes of the node's resource (GET /v1/metadata/<name>), valued by key.
								displayName: 'Attribute Name or ID',
								name: 'name',
								type: 'options',
								default: '',
								typeOptions: {
									loadOptionsMethod: 'getCustomAttributes',
									loadOptionsDependsOn: ['resource', ...(spec.dependsOn ?? [])],
								},
								description:
									'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
								hint:
									'In an expression: Kustomer\'s attribute name with its type suffix, ' +
									'e.g. orderNumberStr, tierNum, renewalAt, vipBool',
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								description:
									'Converted by the name\'s type: a number for Num, true/false for Bool, a date for At. ' +
									'Leave empty to clear the attribute.',
							},
						],
					},
				],
			};
	}
}

/** Where the system attributes of a create or an update are offered (FieldSpec.advanced). */
export const ADVANCED_FIELDS = {
	name: 'advancedFields',
	displayName: 'Advanced Fields',
	placeholder: 'Add Advanced Field',
};

/**
 * The collections offering every field of a resource for one use: "Update Fields" or "Additional Fields"
 * with what a person sets, then "Advanced Fields" with the system attributes (n8n's lint sorts the options of
 * one collection alphabetically, so a second collection is the way to put the common ones first).
 */
export function fieldsCollections(
	fields: FieldSpec[],
	use: FieldUse,
	collection: { name: string; displayName: string; placeholder: string },
): INodeProperties[] {
	const offered = fields.filter((spec) => spec.use.includes(use));
	return [
		{ ...collection, fields: offered.filter((spec) => !spec.advanced) },
		{ ...ADVANCED_FIELDS, fields: offered.filter((spec) => spec.advanced) },
	]
		.filter((group) => group.fields.length > 0)
		.map(({ name, displayName, placeholder, fields: group }) => ({
			displayName,
			name,
			type: 'collection',
			placeholder,
			default: {},
			options: group
				.map((spec) => fieldProperty(spec, use))
				.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		}));
}
