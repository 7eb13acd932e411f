import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { flattenResource } from './output';
import type { ResourceName } from './resource';

type Pick = string | { name: string; from: (flat: IDataObject) => unknown };

/** The first entry's `key` of a contact list such as `emails`, as one flat value. */
const first = (list: string, key: string) => (flat: IDataObject) => ((flat[list] as IDataObject[] | undefined)?.[0]?.[key]);

/**
 * What Simplify keeps of each resource: the few flat fields most workflows use (at most ten besides
 * the ID, as n8n's guidelines ask). Everything else, custom attributes included, comes with Simplify off.
 */
const SIMPLE_FIELDS: Record<ResourceName, Pick[]> = {
	conversation: ['customer', 'name', 'status', 'priority', 'direction', 'tags', 'assignedUsers', 'assignedTeams', 'createdAt', 'updatedAt'],
	message: ['conversation', 'customer', 'channel', 'direction', 'status', 'subject', 'preview', 'sentAt', 'createdAt'],
	customer: [
		'name',
		{ name: 'email', from: first('emails', 'email') },
		{ name: 'phone', from: first('phones', 'phone') },
		'externalId',
		'company',
		'tags',
		'lastActivityAt',
		'createdAt',
		'updatedAt',
	],
};

/** A flat record reduced to the resource's simple fields; a field the record lacks is left out. */
export function simplifyRecord(resource: ResourceName, flat: IDataObject): IDataObject {
	const simple: IDataObject = { id: flat.id };
	for (const pick of SIMPLE_FIELDS[resource]) {
		const [name, value] = typeof pick === 'string' ? [pick, flat[pick]] : [pick.name, pick.from(flat)];
		if (value !== undefined) simple[name] = value as IDataObject[string];
	}
	return simple;
}

/** How a read operation turns one JSON:API resource into an output item. */
export function recordOutput(resource: ResourceName, simplify: boolean): (record: IDataObject) => IDataObject {
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
