const { mkdirSync, writeFileSync } = require('fs');
const { join } = require('path');
const { task, src, dest, parallel, series } = require('gulp');

// tsc emits only JavaScript; the node and credential icons are copied beside it.
const copyNodeIcons = () =>
	src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
const copyCredentialIcons = () =>
	src('credentials/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/credentials'));

/** JSON Schema types of the field kinds (core/fields/types.ts). */
const TYPE_OF_KIND = {
	integer: 'number',
	number: 'number',
	boolean: 'boolean',
	idList: 'array',
	tagList: 'array',
	objectList: 'array',
	json: 'object',
	object: 'object',
	custom: 'object',
};
const typeOf = (field) => ({ type: TYPE_OF_KIND[field.kind] ?? 'string' });
const object = (properties) => ({ type: 'object', properties });

/**
 * What each operation outputs, so the editor can offer the fields to map before the first run. n8n's editor
 * asks for `/schemas/<node>/<version>/<resource>/<operation>.json`, which n8n serves from `__schema__`
 * beside the node's file. Derived from the built resource declarations: a field added there is in its schema.
 */
function outputSchemas(resource, operations) {
	const record = object({
		id: { type: 'string' },
		...Object.fromEntries(resource.fields.map((field) => [field.attribute, typeOf(field)])),
		createdAt: { type: 'string' },
		updatedAt: { type: 'string' },
	});
	// Get, Get Many and Search simplify by default.
	const fieldsByName = Object.fromEntries(resource.fields.map((field) => [field.attribute, field]));
	const simple = object({
		id: { type: 'string' },
		...Object.fromEntries(
			resource.simpleFields.map((entry) => {
				const name = typeof entry === 'string' ? entry : entry.name;
				return [name, fieldsByName[name] ? typeOf(fieldsByName[name]) : { type: 'string' }];
			}),
		),
	});
	const outcome = object({
		id: { type: 'string' },
		status: { type: 'string', enum: ['created', 'updated', 'deleted', 'error'] },
		itemIndex: { type: 'number' },
		externalId: { type: 'string' },
		email: { type: 'string' },
		name: { type: 'string' },
		bulkId: { type: 'string' },
		error: { type: 'string' },
	});
	const byOperation = {
		get: simple,
		getAll: simple,
		search: simple,
		delete: object({ deleted: { type: 'boolean' }, id: { type: 'string' } }),
		bulkCreate: outcome,
		bulkUpdate: outcome,
		bulkDelete: outcome,
	};
	return operations.map((operation) => [operation, byOperation[operation] ?? record]);
}

/** Writes dist/nodes/Kustomer/__schema__/v1.0.0/<resource>/<operation>.json for every operation of every resource. */
function buildSchemas(done) {
	const base = join(__dirname, 'dist', 'nodes', 'Kustomer');
	const { operationsOf } = require(join(base, 'operations'));
	const { RESOURCES } = require(join(base, 'resources'));
	for (const resource of RESOURCES) {
		const operations = operationsOf(resource).map((operation) => operation.option.value);
		const dir = join(base, '__schema__', 'v1.0.0', resource.value);
		mkdirSync(dir, { recursive: true });
		for (const [operation, schema] of outputSchemas(resource, operations)) {
			writeFileSync(join(dir, `${operation}.json`), `${JSON.stringify(schema, null, '\t')}\n`);
		}
	}
	done();
}

task('build:icons', parallel(copyNodeIcons, copyCredentialIcons));
task('build:schemas', buildSchemas);
task('build:assets', series('build:icons', 'build:schemas'));
