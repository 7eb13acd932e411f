import type { IDataObject, INode } from 'n8n-workflow';

interface JsonApiResource {
	id?: string;
	type?: string;
	attributes?: IDataObject;
	relationships?: Record<string, { data?: { id?: string } | Array<{ id?: string }> | null }>;
}

/**
 * A JSON:API resource as one flat item: `id`, the attributes beside it, and each relationship as its ID
 * (`customer: "<id>"`), so the next node can use `{{$json.status}}` and `{{$json.customer}}`.
 */
export function flattenResource(resource: JsonApiResource): IDataObject {
	const flat: IDataObject = { id: resource.id, ...(resource.attributes ?? {}) };
	for (const [name, relationship] of Object.entries(resource.relationships ?? {})) {
		const data = relationship?.data;
		if (name in flat || data === undefined || data === null) continue;
		flat[name] = Array.isArray(data) ? data.map((entry) => entry.id ?? null) : (data.id ?? null);
	}
	return flat;
}

/** The resources of a JSON:API document (`data` as one object or a list), flattened. */
export function flattenDocument(body: unknown): IDataObject[] {
	const data = (body as { data?: unknown } | undefined)?.data;
	if (Array.isArray(data)) return data.map((resource) => flattenResource(resource as JsonApiResource));
	return data && typeof data === 'object' ? [flattenResource(data as JsonApiResource)] : [];
}

/**
 * A failed item's JSON with Continue On Fail: the details beside `error`; with "Continue (using error
 * output)" only `error` and `details`, the shape n8n routes to the error output (adding the input's fields).
 */
export function errorJson(node: INode, error: string, details: IDataObject): IDataObject {
	return node.onError === 'continueErrorOutput' ? { error, details } : { ...details, error };
}
