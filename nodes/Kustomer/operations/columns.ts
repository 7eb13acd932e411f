import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { FieldError, refuseBlankCreate } from '../core/fields/record';
import type { KustomerResource, ParameterReader } from '../core/resource';
import { readRecord } from '../core/resource';
import { missingForCreate, upsertValues } from './match';

type Show = NonNullable<IDisplayOptions['show']>;

/** Create and Bulk Create: how the record is given, Additional Fields (as before the mapper) or mapped columns. */
const FIELDS_INPUT = 'fieldsInput';

/** The form parameters shown only with Additional Fields, not with mapped columns. */
const WITH_FIELDS = { [FIELDS_INPUT]: ['fields'] };

function fieldsInputProperty(show: Show): INodeProperties {
	return {
		displayName: 'Define Fields',
		name: FIELDS_INPUT,
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields', description: 'Add each field and give its value' },
			{
				name: 'Map Columns',
				value: 'columns',
				description: 'Map the input fields to attributes, automatically by name or each by hand',
			},
		],
		default: 'fields',
		displayOptions: { show },
	};
}

/**
 * The resource mapper (n8n's `columns`), filled by `methods.resourceMapping.getColumns`: in upsert mode
 * with a column to match on, in add mode for a create (the attributes a create needs are required columns).
 */
export function columnsProperty(
	resource: KustomerResource,
	show: INodeProperties['displayOptions'],
	mode: 'upsert' | 'add' = 'upsert',
): INodeProperties {
	return {
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: resource.commonProperties?.map((property) => `${property.name}.value`) ?? [],
			resourceMapper: {
				resourceMapperMethod: 'getColumns',
				mode,
				fieldWords: { singular: 'attribute', plural: 'attributes' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				...(mode === 'upsert'
					? {
							matchingFieldsLabels: {
								title: 'Column to Match On',
								description: `The attribute that finds the record to update; none found: one is created`,
							},
						}
					: {}),
			},
		},
		displayOptions: show,
	};
}

export type ColumnsReader = (read: ParameterReader, fields: IDataObject) => { columns: IDataObject; strict: boolean };

/**
 * How a run reads each item's columns. Map Each Column Manually: `columns.value` of the item. Map
 * Automatically: the input item's fields named like the mapper's columns; with the columns loaded in the
 * editor (the saved schema), other fields are ignored, e.g. `updatedAt` from an earlier Kustomer node. The
 * mode and the schema hold no expressions, so `read` (of the first item) reads them once.
 */
export function columnsReader(read: ParameterReader): ColumnsReader {
	if (read('columns.mappingMode', 'defineBelow') !== 'autoMapInputData') {
		return (readItem) => ({ columns: (readItem('columns.value', {}) ?? {}) as IDataObject, strict: true });
	}
	const schema = (read('columns.schema', []) ?? []) as Array<{ id: string; removed?: boolean }>;
	const loaded = schema.filter((column) => !column.removed).map((column) => column.id);
	return (_read, fields) => {
		if (!loaded.length) return { columns: fields, strict: false };
		const named = loaded.filter((id) => id in fields);
		return { columns: Object.fromEntries(named.map((id) => [id, fields[id]])), strict: false };
	};
}

/**
 * The record a create's mapped columns give, built as an upsert builds the record it creates: empty columns
 * left out, `email`/`phone` as one-entry lists, custom attributes typed by their suffix.
 */
function recordFromColumns(resource: KustomerResource, read: ParameterReader, fields: IDataObject): IDataObject {
	const { columns, strict } = columnsReader(read)(read, fields);
	const record = upsertValues(resource, columns, undefined, strict).create;
	const [missing] = missingForCreate(resource, record);
	if (missing) throw new FieldError(missing, 'is required: map a column to it, with a value in every item');
	refuseBlankCreate(record, 'Columns');
	return record;
}

/** The record a create's item gives: from its mapped columns (`fields`: the input item's), or from the form. */
export function createdRecord(resource: KustomerResource, read: ParameterReader, fields: IDataObject): IDataObject {
	const mapped = read(FIELDS_INPUT, 'fields') === 'columns';
	return mapped ? recordFromColumns(resource, read, fields) : readRecord(read, resource, 'create');
}

/**
 * A create's form where the resource offers the mapper: Define Fields first, the form as before with
 * "Using Fields Below" (its default, so saved workflows keep their Additional Fields), the mapper with
 * "Map Columns". Parameters that a create requires become required columns there.
 */
export function withColumnsChoice(
	resource: KustomerResource,
	show: Show,
	offered: boolean | undefined,
	form: INodeProperties[],
): INodeProperties[] {
	if (!offered) return form;
	const withFields = (property: INodeProperties): INodeProperties => ({
		...property,
		displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, ...WITH_FIELDS } },
	});
	const mapper = columnsProperty(resource, { show: { ...show, [FIELDS_INPUT]: ['columns'] } }, 'add');
	return [fieldsInputProperty(show), ...form.map(withFields), mapper];
}
