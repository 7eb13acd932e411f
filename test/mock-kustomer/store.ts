/**
 * In-memory record store with lookup indexes (externalId, email, phone, parent relationships) so that
 * lookups and child lists stay O(1)/O(children) with 10,000+ records.
 */
import { randomBytes } from 'crypto';
import type { ResourceName, StoredRecord } from './types';
import { isPlainObject } from './validation';

// ---- ids ------------------------------------------------------------------------------------------

const ID_PREFIX =
	(Math.floor(Date.now() / 1000) >>> 0).toString(16).padStart(8, '0').slice(-8) + randomBytes(3).toString('hex');
let idCounter = 0;

/** 24 lowercase hex chars, ObjectId-like: 8 hex seconds + 6 hex random (per process) + 10 hex counter. */
export function newId(): string {
	idCounter += 1;
	return ID_PREFIX + idCounter.toString(16).padStart(10, '0');
}

// ---- indexes --------------------------------------------------------------------------------------

interface IndexDef {
	name: string;
	extract(rec: StoredRecord): string[];
}

export function normalizeEmail(v: string): string {
	return v.trim().toLowerCase();
}

/** Phones match on digits only, so '+14155550123' and '14155550123' find the same customer. */
export function normalizePhone(v: string): string {
	return v.replace(/\D/g, '');
}

function listField(rec: StoredRecord, field: string, key: string, norm: (s: string) => string): string[] {
	const list = rec.attributes[field];
	if (!Array.isArray(list)) return [];
	const out: string[] = [];
	for (const item of list) {
		if (isPlainObject(item) && typeof item[key] === 'string') out.push(norm(item[key] as string));
	}
	return out;
}

const externalIdIndex: IndexDef = {
	name: 'externalId',
	extract: (rec) => (typeof rec.attributes.externalId === 'string' ? [rec.attributes.externalId] : []),
};

const relIndex = (rel: string): IndexDef => ({
	name: rel,
	extract: (rec) => {
		const id = rec.relationships[rel]?.data?.id;
		return typeof id === 'string' ? [id] : [];
	},
});

const INDEX_DEFS: Record<ResourceName, IndexDef[]> = {
	customer: [
		externalIdIndex,
		{ name: 'email', extract: (rec) => listField(rec, 'emails', 'email', normalizeEmail) },
		{ name: 'phone', extract: (rec) => listField(rec, 'phones', 'phone', normalizePhone) },
	],
	conversation: [externalIdIndex, relIndex('customer')],
	message: [externalIdIndex, relIndex('conversation'), relIndex('customer')],
	company: [externalIdIndex],
	note: [externalIdIndex, relIndex('conversation'), relIndex('customer')],
	kobject: [externalIdIndex, relIndex('klass'), relIndex('customer')],
};

/**
 * A Map that keeps its lookup indexes current on set/delete/clear, so tests may also use
 * `mock.store.customer.set(id, rec)` directly. (After mutating a record's attributes in place, call
 * `set(id, rec)` again to refresh its index entries.)
 */
export class RecordMap extends Map<string, StoredRecord> {
	private defs: IndexDef[] = [];
	private indexes = new Map<string, Map<string, Set<string>>>();
	private extracted = new Map<string, string[][]>();

	constructor(defs: IndexDef[]) {
		super();
		this.defs = defs;
		this.indexes = new Map(defs.map((d) => [d.name, new Map<string, Set<string>>()]));
		this.extracted = new Map();
	}

	override set(id: string, rec: StoredRecord): this {
		// The base constructor may call set() before our fields exist; indexes are empty then anyway.
		if (this.defs && this.defs.length > 0) this.reindex(id, rec);
		return super.set(id, rec);
	}

	override delete(id: string): boolean {
		if (this.defs && this.defs.length > 0) this.reindex(id, undefined);
		return super.delete(id);
	}

	override clear(): void {
		for (const idx of this.indexes.values()) idx.clear();
		this.extracted.clear();
		super.clear();
	}

	/** Ids indexed under `value` in index `name`, in insertion order. */
	lookup(name: string, value: string): ReadonlySet<string> {
		return this.indexes.get(name)?.get(value) ?? EMPTY;
	}

	private reindex(id: string, rec: StoredRecord | undefined): void {
		const before = this.extracted.get(id);
		const after: string[][] = [];
		this.defs.forEach((def, i) => {
			const oldValues = before?.[i] ?? [];
			const newValues = rec ? def.extract(rec) : [];
			after.push(newValues);
			const idx = this.indexes.get(def.name) as Map<string, Set<string>>;
			for (const v of oldValues) {
				if (newValues.includes(v)) continue;
				const set = idx.get(v);
				if (set) {
					set.delete(id);
					if (set.size === 0) idx.delete(v);
				}
			}
			for (const v of newValues) {
				if (oldValues.includes(v)) continue;
				let set = idx.get(v);
				if (!set) idx.set(v, (set = new Set()));
				set.add(id);
			}
		});
		if (rec) this.extracted.set(id, after);
		else this.extracted.delete(id);
	}
}

const EMPTY: ReadonlySet<string> = new Set<string>();

// ---- store ----------------------------------------------------------------------------------------

/** Body keys that are relationships, not attributes. */
export const RELATIONSHIP_KEYS: Record<ResourceName, readonly string[]> = {
	conversation: ['customer'],
	message: ['conversation', 'customer'],
	customer: [],
	company: [],
	note: ['conversation', 'customer'],
	kobject: ['customer', 'company', 'klass'],
};

export class Store {
	readonly maps: Record<ResourceName, RecordMap> = {
		conversation: new RecordMap(INDEX_DEFS.conversation),
		message: new RecordMap(INDEX_DEFS.message),
		customer: new RecordMap(INDEX_DEFS.customer),
		company: new RecordMap(INDEX_DEFS.company),
		note: new RecordMap(INDEX_DEFS.note),
		kobject: new RecordMap(INDEX_DEFS.kobject),
	};

	clear(): void {
		for (const m of Object.values(this.maps)) m.clear();
	}

	get(resource: ResourceName, id: string): StoredRecord | undefined {
		return this.maps[resource].get(id);
	}

	/**
	 * Creates a record from a (validated) create body. Relationship keys become relationships; `id` in the
	 * body becomes the record id. For messages without a customer, the customer comes from the conversation.
	 */
	create(resource: ResourceName, body: Record<string, unknown>, forcedId?: string): StoredRecord {
		const now = new Date().toISOString();
		const attributes: Record<string, unknown> = {};
		const relationships: StoredRecord['relationships'] = {};
		const relKeys = RELATIONSHIP_KEYS[resource];
		for (const [k, v] of Object.entries(body)) {
			if (k === 'id') continue;
			if (relKeys.includes(k)) {
				if (typeof v === 'string' && v) relationships[k] = { data: { type: k, id: v } };
				continue;
			}
			attributes[k] = v;
		}
		if ((resource === 'message' || resource === 'note') && !relationships.customer && relationships.conversation) {
			const conv = this.maps.conversation.get(relationships.conversation.data.id);
			const custRel = conv?.relationships.customer;
			if (custRel) relationships.customer = { data: { type: 'customer', id: custRel.data.id } };
		}
		if (resource === 'conversation' && attributes.status === undefined) attributes.status = 'open';
		if (typeof attributes.createdAt !== 'string') attributes.createdAt = now;
		if (typeof attributes.updatedAt !== 'string') attributes.updatedAt = now;
		attributes.rev = 1;
		const id = forcedId ?? (typeof body.id === 'string' && body.id ? body.id : newId());
		const rec: StoredRecord = { id, attributes, relationships };
		this.maps[resource].set(id, rec);
		return rec;
	}

	/**
	 * Applies a (validated) update body. `replace` = PUT ?replace=true (attributes replaced, createdAt kept);
	 * otherwise patch semantics: top-level merge, with `custom` merged key by key. A conversation update
	 * with exactly {customer} moves it; a message update with `conversation` moves the message.
	 */
	update(resource: ResourceName, id: string, body: Record<string, unknown>, replace = false): StoredRecord | undefined {
		const old = this.maps[resource].get(id);
		if (!old) return undefined;
		const now = new Date().toISOString();
		const relationships = { ...old.relationships };
		const changes: Record<string, unknown> = {};
		const relKeys = RELATIONSHIP_KEYS[resource];
		for (const [k, v] of Object.entries(body)) {
			if (k === 'id' || k === '_clientRef') continue;
			if (relKeys.includes(k)) {
				if (typeof v === 'string' && v) relationships[k] = { data: { type: k, id: v } };
				continue;
			}
			changes[k] = v;
		}
		let attributes: Record<string, unknown>;
		if (replace) {
			attributes = { ...changes, createdAt: old.attributes.createdAt };
		} else {
			attributes = { ...old.attributes, ...changes };
			if (isPlainObject(changes.custom) && isPlainObject(old.attributes.custom)) {
				attributes.custom = { ...old.attributes.custom, ...changes.custom };
			}
		}
		attributes.updatedAt = typeof changes.updatedAt === 'string' ? changes.updatedAt : now;
		attributes.rev = (typeof old.attributes.rev === 'number' ? old.attributes.rev : 0) + 1;
		const rec: StoredRecord = { id, attributes, relationships };
		this.maps[resource].set(id, rec);
		return rec;
	}

	/** Appends (mode 'add') or removes tag names on a conversation. */
	tags(id: string, names: string[], mode: 'add' | 'remove'): StoredRecord | undefined {
		const old = this.maps.conversation.get(id);
		if (!old) return undefined;
		const current = Array.isArray(old.attributes.tags) ? (old.attributes.tags as unknown[]) : [];
		let tags: unknown[];
		if (mode === 'add') {
			tags = [...current];
			for (const n of names) if (!tags.includes(n)) tags.push(n);
		} else {
			const drop = new Set(names);
			tags = current.filter((t) => !(typeof t === 'string' && drop.has(t)));
		}
		return this.update('conversation', id, { tags });
	}

	delete(resource: ResourceName, id: string): boolean {
		return this.maps[resource].delete(id);
	}

	/** Most recently inserted record whose indexed value still matches (guards against in-place edits). */
	private findBy(
		resource: ResourceName,
		index: string,
		value: string,
		matches: (rec: StoredRecord) => boolean,
	): StoredRecord | undefined {
		const ids = [...this.maps[resource].lookup(index, value)];
		for (let i = ids.length - 1; i >= 0; i--) {
			const rec = this.maps[resource].get(ids[i]);
			if (rec && matches(rec)) return rec;
		}
		return undefined;
	}

	/** Kustomer refuses a second customer, company or custom object with the same external ID: the refusal's text, if so. */
	externalIdTaken(resource: ResourceName, body: Record<string, unknown>): string | undefined {
		const externalId = body.externalId;
		if (!['customer', 'company', 'kobject'].includes(resource) || typeof externalId !== 'string') return undefined;
		const existing = this.findByExternalId(resource, externalId);
		return existing ? `A ${resource} with externalId ${externalId} already exists (${existing.id})` : undefined;
	}

	findByExternalId(resource: ResourceName, externalId: string): StoredRecord | undefined {
		return this.findBy(resource, 'externalId', externalId, (r) => r.attributes.externalId === externalId);
	}

	findCustomerByEmail(email: string): StoredRecord | undefined {
		const v = normalizeEmail(email);
		return this.findBy('customer', 'email', v, (r) => listField(r, 'emails', 'email', normalizeEmail).includes(v));
	}

	findCustomerByPhone(phone: string): StoredRecord | undefined {
		const v = normalizePhone(phone);
		if (!v) return undefined;
		return this.findBy('customer', 'phone', v, (r) => listField(r, 'phones', 'phone', normalizePhone).includes(v));
	}

	/** Records of `resource` whose relationship `rel` points at `parentId`, newest first. */
	children(resource: ResourceName, rel: string, parentId: string): StoredRecord[] {
		const map = this.maps[resource];
		const out: StoredRecord[] = [];
		for (const id of map.lookup(rel, parentId)) {
			const rec = map.get(id);
			if (rec && rec.relationships[rel]?.data.id === parentId) out.push(rec);
		}
		return out.reverse();
	}

	/** All records, newest first ('desc', default) or oldest first ('asc'). */
	all(resource: ResourceName, order: 'asc' | 'desc' = 'desc'): StoredRecord[] {
		const out = Array.from(this.maps[resource].values());
		return order === 'desc' ? out.reverse() : out;
	}
}
