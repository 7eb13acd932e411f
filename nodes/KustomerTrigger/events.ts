import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { kustomerRequest } from './request';

/**
 * Kustomer's subscribable events, used when `GET /v1/outbound-webhooks/events` cannot be read (no role,
 * no credential yet). Kustomer sends no delete events.
 */
const FALLBACK_EVENTS = ['conversation', 'customer', 'message', 'user', 'team', 'tag'].flatMap((resource) => [
	`kustomer.${resource}.create`,
	`kustomer.${resource}.update`,
]);

const PAST_TENSE: Record<string, string> = { create: 'Created', update: 'Updated' };

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * `kustomer.conversation.create` → "Conversation Created";
 * `kustomer.kobject.foo_bar.update` → "Kobject Foo Bar Updated".
 */
export function eventLabel(name: string): string {
	const parts = name.replace(/^kustomer\./, '').split('.');
	const action = parts.pop() ?? '';
	const words = parts.flatMap((part) => part.replace(/([a-z])([A-Z])/g, '$1 $2').split(/[\s_-]+/));
	return [...words.map(capitalised), PAST_TENSE[action] ?? capitalised(action)].filter(Boolean).join(' ');
}

/** The event names in Kustomer's answer, whether it lists plain names or resources carrying them. */
function eventNames(body: unknown): string[] {
	const list = Array.isArray(body) ? body : (body as { data?: unknown } | undefined)?.data;
	if (!Array.isArray(list)) return [];
	return list
		.map((entry: unknown) => {
			if (typeof entry === 'string') return entry;
			const resource = (entry ?? {}) as IDataObject;
			const attributes = (resource.attributes ?? {}) as IDataObject;
			return attributes.name ?? resource.name ?? resource.id;
		})
		.filter((name): name is string => typeof name === 'string' && name !== '');
}

export const loadOptions = {
	/** The events the org can subscribe to, from Kustomer; the built-in list when that cannot be read. */
	async getEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		let names: string[] = [];
		try {
			names = eventNames(
				await kustomerRequest(this, { method: 'GET', path: '/v1/outbound-webhooks/events', idempotent: true }),
			);
		} catch {
			// The dropdown still offers Kustomer's documented events; activation reports a missing role clearly.
		}
		if (names.length === 0) names = FALLBACK_EVENTS;
		return [...new Set(names)]
			.map((name) => ({ name: eventLabel(name), value: name, description: name }))
			.sort((a, b) => a.name.localeCompare(b.name));
	},
};
