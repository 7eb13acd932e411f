import type { KustomerResource } from '../core/resource';
import { bulkCreateOperation } from './bulkCreate';
import { bulkDeleteOperation } from './bulkDelete';
import { bulkUpdateOperation } from './bulkUpdate';
import { createOperation } from './create';
import { deleteOperation } from './delete';
import { getOperation } from './get';
import { getManyOperation } from './getMany';
import { addNoteOperation } from './note';
import { searchOperation } from './search';
import { addTagsOperation, removeTagsOperation } from './tags';
import type { KustomerOperation, OperationBuilder, OperationName } from './types';
import { updateOperation } from './update';
import { bulkUpsertOperation, upsertOperation } from './upsert';

/** The builder of each operation a resource may declare. */
const BUILDERS: { [K in OperationName]: OperationBuilder<K> } = {
	create: createOperation,
	get: getOperation,
	getAll: getManyOperation,
	update: updateOperation,
	delete: deleteOperation,
	search: searchOperation,
	addTags: addTagsOperation,
	removeTags: removeTagsOperation,
	addNote: addNoteOperation,
	bulkCreate: bulkCreateOperation,
	bulkUpdate: bulkUpdateOperation,
	bulkDelete: bulkDeleteOperation,
	upsert: upsertOperation,
	bulkUpsert: bulkUpsertOperation,
};

function build<K extends OperationName>(resource: KustomerResource, name: K): KustomerOperation[] {
	const declaration = resource.operations[name];
	return declaration ? [BUILDERS[name](resource, declaration as NonNullable<typeof declaration>)] : [];
}

/** Alphabetical, except that a bulk operation follows its single one: Create, Bulk Create, Delete, …. */
function listOrder(operation: KustomerOperation): string {
	const name = operation.option.name;
	return name.startsWith('Bulk ') ? `${name.slice('Bulk '.length)} ~bulk` : name;
}

/**
 * The operations a resource declares, built from its declaration, in the order the Operation list and
 * n8n's node creator show them.
 */
export function operationsOf(resource: KustomerResource): KustomerOperation[] {
	return (Object.keys(resource.operations) as OperationName[])
		.flatMap((name) => build(resource, name))
		.sort((a, b) => listOrder(a).localeCompare(listOrder(b)));
}
