import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { flattenResource } from '../core/output';
import { MAX_PAGE_SIZE } from '../core/transport/paging';
import type { ParameterReader } from '../core/resource';
import { RESOURCES } from '../resources';
import { allRecords, dropdownRequest } from './request';

/** Users and teams come in pages of up to 500 (Kustomer's GetUsers and GetTeams). */
const PEOPLE_PAGE_SIZE = 500;

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

/** A Kustomer list as dropdown options, sorted by name; `toOption` may drop a record by returning undefined. */
async function listOptions(
	context: ILoadOptionsFunctions,
	path: string,
	maxPageSize: number,
	what: string,
	toOption: (record: IDataObject) => INodePropertyOptions | undefined,
): Promise<INodePropertyOptions[]> {
	const records = await allRecords(context, path, maxPageSize, what);
	return records
		.map((record) => toOption(flattenResource(record)))
		.filter((option): option is INodePropertyOptions => option !== undefined)
		.sort(byName);
}

/** Users, teams and queues: labelled by display name, valued by ID. */
const labelled = (record: IDataObject, description?: unknown): INodePropertyOptions => ({
	name: String(record.displayName ?? record.name ?? record.id),
	value: String(record.id),
	description: description === undefined ? undefined : String(description),
});

/** Custom attribute metadata (`GET /v1/metadata/<resource>`): `properties{<key>:{type, displayName, enumeration?}}`. */
export interface AttributeMetadata {
	type?: string;
	displayName?: string;
	enumeration?: Array<{ value?: unknown; displayName?: string } | string>;
}

/** Custom attribute metadata of the node's resource (`GET /v1/metadata/<name>`); none while no Klass is chosen. */
export async function customAttributeMetadata(
	context: ILoadOptionsFunctions,
): Promise<Record<string, AttributeMetadata>> {
	const value = String(context.getCurrentNodeParameter('resource') ?? '');
	const resource = RESOURCES.find((candidate) => candidate.value === value);
	const read: ParameterReader = (name, fallback, options) =>
		context.getCurrentNodeParameter(name, options) ?? fallback;
	let name: string;
	try {
		name = resource?.metadataName ? resource.metadataName(read) : value;
	} catch {
		// The custom object's Klass is not chosen yet: nothing to offer until it is.
		return {};
	}
	const url = `/v1/metadata/${encodeURIComponent(name)}`;
	const body = (await dropdownRequest(context, { method: 'GET', url }, 'custom attributes')) as {
		data?: { attributes?: { properties?: Record<string, AttributeMetadata> } };
	};
	return body?.data?.attributes?.properties ?? {};
}

/** The attribute's type and, for a dropdown attribute, the values Kustomer accepts. */
function attributeDescription(meta: AttributeMetadata): string | undefined {
	const values = (meta.enumeration ?? []).map((entry) =>
		typeof entry === 'object' && entry !== null ? String(entry.value ?? entry.displayName) : String(entry),
	);
	const parts = [meta.type ? `Type: ${meta.type}` : '', values.length ? `one of: ${values.join(', ')}` : ''];
	return parts.filter(Boolean).join('; ') || undefined;
}

export const loadOptions = {
	async getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await listOptions(this, '/v1/users', PEOPLE_PAGE_SIZE, 'users', (user) =>
			user.deleted === true ? undefined : labelled(user, user.email),
		);
	},

	async getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await listOptions(this, '/v1/teams', PEOPLE_PAGE_SIZE, 'teams', (team) =>
			team.deleted === true ? undefined : labelled(team),
		);
	},

	async getQueues(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await listOptions(this, '/v1/routing/queues', MAX_PAGE_SIZE, 'queues', (queue) =>
			labelled(queue, queue.system === true ? 'Kustomer\'s default queue' : undefined),
		);
	},

	/** Tag names: Kustomer's tag endpoints take names, not IDs. */
	async getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await listOptions(this, '/v1/tags', MAX_PAGE_SIZE, 'tags', (tag) =>
			typeof tag.name === 'string' && tag.name !== '' ? { name: tag.name, value: tag.name } : undefined,
		);
	},

	/**
	 * The org's custom attributes of the node's resource (of a custom object's Klass), valued by their key
	 * (e.g. `tierStr`).
	 */
	async getCustomAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return Object.entries(await customAttributeMetadata(this))
			.map(([key, meta]) => ({
				name: meta.displayName ? `${meta.displayName} (${key})` : key,
				value: key,
				description: attributeDescription(meta),
			}))
			.sort(byName);
	},
};
