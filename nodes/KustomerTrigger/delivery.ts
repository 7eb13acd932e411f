import { createHmac, timingSafeEqual } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { flattenResource } from '../Kustomer/core/output';
import type { TriggerState } from './registration';

/**
 * What the trigger does with one delivery from Kustomer: check its signature, recognise a repeat, apply
 * the attribute filter and turn the envelope into the output item.
 */

export const SIGNATURE_HEADER = 'x-kustomer-webhook-signature';
/** Envelope IDs remembered for recognising repeats; Kustomer retries for about an hour. */
export const REMEMBERED_ENVELOPES = 1000;

/**
 * Kustomer's event envelope: `data` is the resource as `GET /<resource>/{id}` returns it;
 * `changes` is null on create.
 */
export interface Envelope {
	id?: unknown;
	name?: unknown;
	createdAt?: unknown;
	data?: IDataObject;
	changes?: { attributes?: IDataObject; relationships?: IDataObject } | null;
	[key: string]: unknown;
}

/**
 * Whether the signature is the lowercase hex HMAC-SHA256 of the exact bytes received, keyed with the
 * webhook's token; compared in constant time, so the comparison reveals nothing of the expected value.
 */
export function signatureMatches(rawBody: Buffer, token: string, signature: unknown): boolean {
	if (typeof signature !== 'string' || token === '') return false;
	const expected = Buffer.from(createHmac('sha256', token).update(rawBody).digest('hex'));
	const given = Buffer.from(signature);
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The envelope in the (verified) bytes, or undefined when they are not a JSON object. */
export function envelopeOf(rawBody: Buffer): Envelope | undefined {
	try {
		const parsed = JSON.parse(rawBody.toString('utf8')) as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Envelope) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Envelope IDs this n8n process started, per trigger. n8n saves the static data only after the run has
 * started, so a repeat arriving right behind the first delivery still reads the old static data; this
 * catches it. The static data catches repeats after a restart.
 */
const startedHere = new Map<string, string[]>();

const bounded = (ids: string[] | undefined, id: string) => [...(ids ?? []), id].slice(-REMEMBERED_ENVELOPES);

/** Whether this trigger (`triggerKey`: workflow and node) already started the envelope. */
export function isRepeat(state: TriggerState, triggerKey: string, envelopeId: string): boolean {
	return (
		(state.recentEnvelopeIds ?? []).includes(envelopeId) ||
		(startedHere.get(triggerKey) ?? []).includes(envelopeId)
	);
}

/** Remembers an envelope as started, forgetting the oldest beyond the bound. */
export function remember(state: TriggerState, triggerKey: string, envelopeId: string): void {
	state.recentEnvelopeIds = bounded(state.recentEnvelopeIds, envelopeId);
	startedHere.set(triggerKey, bounded(startedHere.get(triggerKey), envelopeId));
}

/** "status, custom.tierStr" → ["status", "tierStr"]: custom attributes may be named with or without `custom.`. */
export function attributeNames(list: string | undefined): string[] {
	return (list ?? '')
		.split(',')
		.map((name) => name.trim().replace(/^custom\./, ''))
		.filter(Boolean);
}

/** The names of what an update changed: attributes, relationships, and each custom attribute by its own name. */
function changedNames(changes: NonNullable<Envelope['changes']>): Set<string> {
	const names = new Set<string>();
	for (const [name, change] of Object.entries({ ...changes.relationships, ...changes.attributes })) {
		names.add(name.replace(/^custom\./, ''));
		// A change of `custom` as a whole carries the custom attributes before and after.
		const { before, after } = (change ?? {}) as { before?: IDataObject; after?: IDataObject };
		if (name !== 'custom') continue;
		for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
			if (JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key])) names.add(key);
		}
	}
	return names;
}

/**
 * Whether the event should start the workflow: always for a create (no `changes`),
 * else when a watched name changed.
 */
export function changedWatched(envelope: Envelope, watched: string[]): boolean {
	if (watched.length === 0 || !envelope.changes) return true;
	const changed = changedNames(envelope.changes);
	return watched.some((name) => changed.has(name));
}

/** The output item: the record flattened as Get outputs it, and the event it came with; or the envelope as it is. */
export function eventItem(envelope: Envelope, rawEnvelope: boolean): IDataObject {
	if (rawEnvelope) return envelope as IDataObject;
	const { id, name, createdAt, changes = null } = envelope;
	return {
		...flattenResource(envelope.data ?? {}),
		event: { name, id, createdAt, changes } as IDataObject,
	};
}
