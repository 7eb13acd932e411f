import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BulkSettings } from '../bulk/engine';
import { runBulk } from '../bulk/engine';
import { batchSizeOf, collectInputs, openBulkSession } from '../bulk/operation';
import { planRecords } from '../bulk/plan';
import { FieldError } from '../core/fields/record';
import { flattenDocument } from '../core/output';
import type { KustomerResource, ParameterReader } from '../core/resource';
import { collectionPath, inputError, pluralNoun } from '../core/resource';
import { KustomerClient } from '../core/transport/client';
import { toNodeApiError } from '../core/transport/errors';
import { outcomeOf } from '../core/transport/retry';
import type { RequestLabel } from '../core/transport/errors';
import { DEFAULT_MAX_RATE_LIMIT_WAIT_S } from '../core/transport/routed';
import { bulkOptions } from './common';
import type { ColumnsReader } from './columns';
import { columnsProperty, columnsReader } from './columns';
import type { MatchKey, UpsertDeclaration, UpsertValues } from './match';
import {
	findRecords,
	foundFor,
	matchValue,
	missingForCreate,
	refusedAsExisting,
	sameRecordKey,
	severalFound,
	upsertValues,
} from './match';
import type { OperationBuilder } from './types';

/** Column to Match On, checked before any request: one the resource offers. */
function matchKeyOf(context: IExecuteFunctions, resource: KustomerResource, declaration: UpsertDeclaration): MatchKey {
	const chosen = (context.getNodeParameter('columns.matchingColumns', 0, []) as string[]) ?? [];
	const offered = declaration.matchOn.map((key) => key.column).join(', ');
	const key = declaration.matchOn.find((candidate) => candidate.column === chosen[0]);
	if (chosen.length !== 1 || !key) {
		const what = chosen.length
			? `"${chosen.join(', ')}" is not a column ${pluralNoun(resource)} can be matched on`
			: 'no column is chosen';
		throw new NodeOperationError(context.getNode(), `Invalid Column to Match On: ${what}`, {
			description: `Choose one of: ${offered}. Nothing was sent to Kustomer.`,
		});
	}
	return key;
}

interface UpsertInput extends UpsertValues {
	collection: string;
	value: string;
}

/** One item's collection, match value and record. */
function readInput(
	resource: KustomerResource,
	key: MatchKey,
	columnsOf: ColumnsReader,
	read: ParameterReader,
	fields: IDataObject,
): UpsertInput {
	const { columns, strict } = columnsOf(read, fields);
	const value = matchValue(key, columns[key.column]);
	return { collection: collectionPath(resource, read), value, ...upsertValues(resource, columns, key, strict) };
}

const recordPathIn = (collection: string, id: string) => `${collection}/${encodeURIComponent(id)}`;

/** The changes of an update plus the links a full update would drop, from the record found. */
function withKeptLinks(declaration: UpsertDeclaration, changes: IDataObject, found: IDataObject): IDataObject {
	const kept: IDataObject = {};
	for (const link of declaration.keepLinks ?? []) {
		if (changes[link] === undefined && typeof found[link] === 'string') kept[link] = found[link];
	}
	return { ...kept, ...changes };
}

function requiredForCreate(resource: KustomerResource, record: IDataObject): FieldError | undefined {
	const missing = missingForCreate(resource, record);
	if (!missing.length) return undefined;
	const noun = resource.displayName.toLowerCase();
	return new FieldError(missing[0], `is required: no ${noun} has this match value, and creating one needs it`);
}

/**
 * Upsert: one item at a time (small runs, AI agents): look the match value up, then update the one record
 * found (only the fields given) or create one carrying the match value. A create refused because the record
 * appeared meanwhile is looked up again and becomes an update, once.
 */
export const upsertOperation: OperationBuilder<'upsert'> = (resource, declaration) => {
	const noun = resource.displayName.toLowerCase();
	const show = { show: { resource: [resource.value], operation: ['upsert'] } };

	async function upsertOne(client: KustomerClient, input: UpsertInput, key: MatchKey, sent: { label?: RequestLabel }) {
		const call = async (method: 'POST' | 'PUT' | 'PATCH', path: string, body: IDataObject) => {
			sent.label = { method, path };
			// An update resends the same changes harmlessly; a create resent could make the record twice.
			return flattenDocument(await client.request({ method, path, body, idempotent: method !== 'POST' }))[0] ?? {};
		};
		const find = async () => {
			sent.label = { method: declaration.queryContext ? 'POST' : 'GET', path: `${input.collection} (lookup)` };
			const found = await findRecords(client, declaration, input.collection, key, [input.value], (_, error) => {
				throw error;
			});
			return foundFor(found, key, input.value);
		};
		let records = await find();
		if (records.length === 0) {
			const missing = requiredForCreate(resource, input.create);
			if (missing) throw missing;
			const created = await outcomeOf(async () => await call('POST', input.collection, input.create));
			if (created.ok) return { status: 'created', record: created.value };
			if (!refusedAsExisting(created.error)) throw created.error;
			records = await find();
			if (records.length === 0) throw created.error;
		}
		if (records.length > 1) throw new AmbiguousMatch(severalFound(resource, key, input.value, records));
		const [existing] = records;
		if (Object.keys(input.update).length === 0) return { status: 'updated', record: existing };
		const { updateMethod } = declaration;
		const changes = updateMethod === 'PUT' ? withKeptLinks(declaration, input.update, existing) : input.update;
		const path = recordPathIn(input.collection, String(existing.id));
		return { status: 'updated', record: await call(updateMethod, path, changes) };
	}

	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const key = matchKeyOf(this, resource, declaration);
		const columnsOf = columnsReader((name, fallback) => this.getNodeParameter(name, 0, fallback));
		const client = await KustomerClient.create(this, {
			maxRetries: 2,
			maxRateLimitWaitMs: DEFAULT_MAX_RATE_LIMIT_WAIT_S * 1000,
			timeoutMs: 60_000,
		});
		const output: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const sent: { label?: RequestLabel } = {};
			try {
				const read: ParameterReader = (name, fallback, options) =>
					this.getNodeParameter(name, itemIndex, fallback, options);
				const input = readInput(resource, key, columnsOf, read, items[itemIndex].json);
				const { status, record } = await upsertOne(client, input, key, sent);
				output.push({ json: { ...record, upsert: status }, pairedItem: { item: itemIndex } });
			} catch (error) {
				const reported = itemError(node, error, itemIndex, sent.label);
				if (!this.continueOnFail()) throw reported;
				output.push({ json: { error: reported.message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}

	return {
		option: {
			name: 'Create or Update',
			value: 'upsert',
			action: `Create or update a ${noun}`,
			description: 'Create a new record, or update the current one if it already exists (upsert)',
		},
		properties: [columnsProperty(resource, show)],
		execute,
	};
};

/** Several records have the match value: never a guess which one to update. */
class AmbiguousMatch extends Error {}

/** An error of one item as n8n shows it: input problems name the field, Kustomer's answers the request. */
function itemError(node: INode, error: unknown, itemIndex: number, label?: RequestLabel) {
	if (error instanceof FieldError) return inputError(node, error, itemIndex);
	if (error instanceof AmbiguousMatch) return new NodeOperationError(node, error.message, { itemIndex });
	if (error instanceof NodeApiError) return error;
	return toNodeApiError(node, error, label ?? { method: 'GET', path: '' }, itemIndex);
}

/** The input items that name one record (the same match value): their fields merged, the later item's winning. */
class Group {
	readonly items: number[] = [];
	readonly values: UpsertValues = { create: {}, update: {} };
	/** Set once the record's fate is known. */
	outcome?: { id?: string; status: 'created' | 'updated' | 'error'; error?: string; bulkId?: string };
	/** What its bulk request does. */
	plan?: 'create' | 'update';

	constructor(
		readonly collection: string,
		readonly value: string,
	) {}

	fail(error: string) {
		this.outcome = { status: 'error', error };
	}
}

/**
 * Sends the upsert's writes while lookups still run: each collection's updates and creates go out as soon
 * as a full bulk request (the batch size) is at hand, the rest at the flush, all through the bulk engine.
 */
class UpsertWriter {
	private readonly queued = new Map<string, Array<{ group: Group; record: IDataObject }>>();
	private readonly running: Array<Promise<void>> = [];
	private fatal?: unknown;
	readonly jobItems: INodeExecutionData[] = [];

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly client: KustomerClient,
		private readonly settings: BulkSettings,
		private readonly batchSize: number,
	) {}

	add(group: Group, kind: 'create' | 'update', record: IDataObject) {
		if (this.fatal) return;
		group.plan = kind;
		const id = `${kind} ${group.collection}`;
		const queue = this.queued.get(id) ?? [];
		this.queued.set(id, queue);
		queue.push({ group, record });
		if (queue.length >= this.batchSize) this.send(kind, group.collection, queue.splice(0, this.batchSize));
	}

	/** Sends nothing more; the run ends with this error once what is under way has finished. */
	stop(error: unknown) {
		this.fatal ??= error;
	}

	async flush() {
		for (const [id, queue] of this.queued) {
			const [kind, collection] = id.split(' ') as ['create' | 'update', string];
			while (queue.length && !this.fatal) this.send(kind, collection, queue.splice(0, this.batchSize));
		}
		await Promise.all(this.running.splice(0));
		if (this.fatal) throw this.fatal;
	}

	private send(kind: 'create' | 'update', collection: string, entries: Array<{ group: Group; record: IDataObject }>) {
		const requests = planRecords(
			entries.map(({ group, record }) => ({ itemIndex: group.items[0], record })),
			this.batchSize,
			kind === 'update'
				? { method: 'PUT', path: `${collection}/bulk`, success: 'updated' }
				: { method: 'POST', path: `${collection}/bulk`, success: 'created' },
		);
		const byFirstItem = new Map(entries.map(({ group }) => [group.items[0], group]));
		const run = async () => {
			const items = await runBulk(this.context, this.client, requests, this.settings);
			if (!this.settings.waitForCompletion) return void this.jobItems.push(...items);
			for (const { json, pairedItem } of items) {
				const group = byFirstItem.get((pairedItem as { item: number }).item);
				if (!group) continue;
				const status = json.status as 'created' | 'updated' | 'error';
				const id = (json.id as string | null) ?? undefined;
				group.outcome = { id, status, error: json.error as string | undefined, bulkId: json.bulkId as string };
			}
		};
		this.running.push(run().catch((error: unknown) => this.stop(error)));
	}
}

function merge(into: IDataObject, from: IDataObject) {
	const custom = { ...((into.custom as IDataObject) ?? {}), ...((from.custom as IDataObject) ?? {}) };
	Object.assign(into, from);
	if (Object.keys(custom).length) into.custom = custom;
}

function groupInputs(key: MatchKey, inputs: Array<{ itemIndex: number; value: UpsertInput }>): Group[] {
	const groups = new Map<string, Group>();
	for (const { itemIndex, value: input } of inputs) {
		const id = `${input.collection}\n${sameRecordKey(key, input.value)}`;
		const group = groups.get(id) ?? new Group(input.collection, input.value);
		groups.set(id, group);
		group.items.push(itemIndex);
		merge(group.values.create, input.create);
		merge(group.values.update, input.update);
	}
	return [...groups.values()];
}

/**
 * Bulk Upsert: every input item together. Items with the same match value become one record (fields
 * merged, the later item's winning); the match values are looked up in `or` searches of 20 (or by path
 * where the resource has no search criterion); then the updates go in bulk updates and the creates in bulk
 * creates of up to 100, through the bulk engine. A create refused because the record appeared meanwhile
 * is looked up again and sent as an update, once. One output item per input item, paired.
 */
export const bulkUpsertOperation: OperationBuilder<'bulkUpsert'> = (resource, declaration) => {
	const noun = resource.displayName.toLowerCase();
	const show = { show: { resource: [resource.value], operation: ['bulkUpsert'] } };

	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const key = matchKeyOf(this, resource, declaration);
		const columnsOf = columnsReader((name, fallback) => this.getNodeParameter(name, 0, fallback));
		const batchSize = batchSizeOf(this);
		const items = this.getInputData();
		const { inputs, rejected } = collectInputs(this, (read, itemIndex) =>
			readInput(resource, key, columnsOf, read, items[itemIndex].json),
		);
		const groups = groupInputs(key, inputs);
		const session = await openBulkSession(this);
		if ('failed' in session) return session.failed;
		const { client, settings } = session;
		const writer = new UpsertWriter(this, client, settings, batchSize);

		/** Decides each looked-up group's write: update the one found, create when none, an error when several. */
		const decide = (group: Group, records: IDataObject[], refusedBefore: boolean) => {
			if (records.length > 1) return group.fail(severalFound(resource, key, group.value, records));
			if (records.length === 1) {
				const [existing] = records;
				const id = String(existing.id);
				if (Object.keys(group.values.update).length === 0) return (group.outcome = { id, status: 'updated' });
				return writer.add(group, 'update', { id, ...withKeptLinks(declaration, group.values.update, existing) });
			}
			if (refusedBefore) {
				// Refused as existing, yet still not found: say so rather than create it again.
				const what = `${key.label.toLowerCase()} "${group.value}"`;
				return group.fail(`Kustomer refused to create it as existing, but no ${noun} with ${what} is found`);
			}
			const missing = requiredForCreate(resource, group.values.create);
			if (missing) return group.fail(`Invalid ${missing.field}: ${missing.reason}`);
			return writer.add(group, 'create', group.values.create);
		};
		/** Looks the groups up; each lookup's groups go to the writer as soon as it answers. */
		const lookUpAndWrite = async (pending: Group[], refusedBefore: boolean) => {
			for (const collection of new Set(pending.map((group) => group.collection))) {
				const inCollection = pending.filter((group) => group.collection === collection);
				const byValue = new Map(inCollection.map((group) => [group.value, group]));
				const lookup = declaration.queryContext
					? { method: 'POST', path: '/v1/customers/search' }
					: { method: 'GET', path: `${collection}/${key.column}=…` };
				await findRecords(
					client,
					declaration,
					collection,
					key,
					[...byValue.keys()],
					(values, error) => {
						const message = `Looking up ${key.label} failed: ${toNodeApiError(node, error, lookup).message}`;
						for (const value of values) byValue.get(value)!.fail(message);
						const itemIndex = byValue.get(values[0])!.items[0];
						if (!settings.continueOnFail) writer.stop(new NodeOperationError(node, message, { itemIndex }));
					},
					(values, found) => {
						for (const value of values) decide(byValue.get(value)!, foundFor(found, key, value), refusedBefore);
					},
				);
			}
			await writer.flush();
		};

		await lookUpAndWrite(groups, false);
		// Someone else created the record between the lookup and the create: it is updated instead, once.
		const refused = groups.filter(
			(group) => group.plan === 'create' && group.outcome?.status === 'error' && refusedAsExisting(group.outcome.error),
		);
		if (refused.length && settings.waitForCompletion) {
			for (const group of refused) group.outcome = undefined;
			await lookUpAndWrite(refused, true);
		}

		const output: INodeExecutionData[] = [...writer.jobItems];
		for (const { itemIndex, error } of rejected) {
			output.push({ json: { id: null, status: 'error', error: error ?? null }, pairedItem: { item: itemIndex } });
		}
		for (const group of groups) {
			if (!group.outcome) continue;
			const { id, status, error, bulkId } = group.outcome;
			for (const item of group.items) {
				const json: IDataObject = { id: id ?? null, status, [key.column]: group.value };
				if (bulkId) json.bulkId = bulkId;
				if (error !== undefined) json.error = error;
				output.push({ json, pairedItem: { item } });
			}
		}
		const indexOf = ({ pairedItem }: INodeExecutionData) =>
			(Array.isArray(pairedItem) ? pairedItem[0] : (pairedItem as { item: number })).item;
		return [output.sort((a, b) => indexOf(a) - indexOf(b))];
	}
	return {
		option: {
			name: 'Bulk Create or Update',
			value: 'bulkUpsert',
			action: `Create or update ${pluralNoun(resource)} in bulk`,
			description: `Update the ${pluralNoun(resource)} that match the input items, create the others, 100 per request`,
		},
		properties: [columnsProperty(resource, show), bulkOptions(show.show)],
		execute,
	};
};
