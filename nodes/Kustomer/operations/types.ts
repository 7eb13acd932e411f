import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { FieldSpec } from '../core/fields/types';
import type { KustomerResource } from '../core/resource';
import type { UpsertDeclaration } from './match';

/** One operation of one resource: its entry in the Operation list, its form, and for bulk operations its run. */
export interface KustomerOperation {
	option: INodePropertyOptions;
	properties: INodeProperties[];
	/** Set for operations that need all input items at once; the others are routed one request per item. */
	execute?: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
}

/** Something besides the ID that Kustomer finds one record by (`/v1/customers/email={email}`). */
export interface Lookup {
	/** Kustomer's path key, also the Get By value and the parameter name. */
	key: string;
	label: string;
	placeholder: string;
	/** How the value is written, if that matters (phone numbers in E.164). */
	format?: string;
}

/** Whose records a list holds: all of the org's, or those of one parent record (`/v1/<parent>/{id}/<resource>`). */
export interface ListScope {
	value: string;
	name: string;
	parent?: KustomerResource;
}

/** A query parameter one of Kustomer's lists offers, as an option, for the scopes that offer it. */
export interface ListFilter {
	scopes: string[];
	property: INodeProperties;
	query: (value: unknown) => IDataObject;
}

/** A Search filter of the form: a form field and the search criterion it becomes. */
export interface SearchFilter {
	spec: FieldSpec;
	criterion: (value: unknown) => IDataObject;
}

/**
 * What a resource offers, operation by operation, and what differs per resource within each. An operation
 * left out does not exist for the resource (Kustomer has no endpoint for it).
 */
export interface ResourceOperations {
	create?: {
		/** The record is created inside a parent record (`POST /v1/<parent>/{id}/<resource>`), asked for first. */
		createdIn?: KustomerResource;
		/** Shown under the operation, e.g. a rate limit a person would run into. */
		hint?: string;
		/**
		 * What the create does where "create" would mislead (a message is recorded, not sent): the panel's
		 * notice, the action and the description of the operation.
		 */
		notice?: { text: string; action: string; description: string };
		/** Offers the resource mapper (Define Fields: Map Columns) beside Additional Fields. */
		columns?: boolean;
	};
	get?: { lookups: Lookup[] };
	getAll?: { scopes: ListScope[]; filters: ListFilter[] };
	update?: {
		/** PATCH where Kustomer's PUT demands more than the changes. */
		method?: 'PUT' | 'PATCH';
		/** Whether Kustomer's update takes `?replace=true` (default: with PUT). */
		replace?: boolean;
	};
	delete?: object;
	search?: {
		/** Kustomer's `queryContext` and the prefix of its search fields (`customer_updated_at`). */
		queryContext: string;
		filters: SearchFilter[];
		/** The example shown in the JSON query field. */
		exampleQuery: string;
		description: string;
	};
	addTags?: object;
	removeTags?: object;
	addNote?: object;
	bulkCreate?: {
		/** Offers the resource mapper (Define Fields: Map Columns) beside Additional Fields. */
		columns?: boolean;
	};
	bulkDelete?: object;
	bulkUpdate?: {
		/**
		 * How "same changes for a list of IDs" travels: `idsQuery` as `PUT …/bulk?ids=` with one change set,
		 * `records` as one record per ID (where Kustomer's bulk update has no `?ids=` mode).
		 */
		sameChanges: 'idsQuery' | 'records';
	};
	/** Create or update by a match column, one item at a time, and all items together. */
	upsert?: UpsertDeclaration;
	bulkUpsert?: UpsertDeclaration;
}

export type OperationName = keyof ResourceOperations;

/** Builds an operation of a resource from the resource's declaration of it. */
export type OperationBuilder<K extends OperationName> = (
	resource: KustomerResource,
	declaration: NonNullable<ResourceOperations[K]>,
) => KustomerOperation;
