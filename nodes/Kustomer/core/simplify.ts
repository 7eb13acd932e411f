import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { flattenResource } from './output';
import type { KustomerResource } from './resource';

/** A field Simplify keeps: an attribute by name, or a value taken from the flat record. */
export type SimpleField = string | { name: string; from: (flat: IDataObject) => unknown };

/** The first entry's `key` of a contact list such as `emails`, as one flat value. */
export const firstEntry = (list: string, key: string) => (flat: IDataObject) =>
	(flat[list] as IDataObject[] | undefined)?.[0]?.[key];

/** A flat record reduced to the resource's simple fields; a field the record lacks is left out. */
export function simplifyRecord(resource: KustomerResource, flat: IDataObject): IDataObject {
	const simple: IDataObject = { id: flat.id };
	for (const pick of resource.simpleFields) {
		const [name, value] = typeof pick === 'string' ? [pick, flat[pick]] : [pick.name, pick.from(flat)];
		if (value !== undefined) simple[name] = value as IDataObject[string];
	}
	return simple;
}

/** How a read operation turns one JSON:API resource into an output item. */
export function recordOutput(resource: KustomerResource, simplify: boolean): (record: IDataObject) => IDataObject {
	return (record) => {
		const flat = flattenResource(record);
		return simplify ? simplifyRecord(resource, flat) : flat;
	};
}

/** The Simplify switch of a read operation; its value is read as `simple`. */
export function simplifyProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simple',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description: 'Whether to return a simplified version of the response instead of the raw data',
		hint: 'On: the ID and up to ten of the most used fields. Off: every attribute, custom attributes included.',
	};
}
