/**
 * Kustomer's outbound webhooks (`/v1/outbound-webhooks*`): a registry with Kustomer's rules (at most 5 per
 * org, https URLs only, at most 12 known events) and signed deliveries of event envelopes to a webhook's URL.
 */
import { createHmac, randomBytes } from 'crypto';

import { badRequest, HttpError, json, listEnvelope, type MockResponse, notFound, pageParams, resourceObject, routeNotFound } from './jsonapi';
import { newId } from './store';
import type {
	Delivery,
	DeliveryOptions,
	EventEnvelope,
	MockKustomerOptions,
	MockWebhook,
	ResourceName,
	StoredRecord,
} from './types';

export const MAX_WEBHOOKS = 5;
export const MAX_WEBHOOK_EVENTS = 12;
/** GET /v1/outbound-webhooks/events: create and update of six resources (Kustomer sends no delete events). */
export const WEBHOOK_EVENTS = ['conversation', 'customer', 'message', 'user', 'team', 'tag'].flatMap((resource) => [
	`kustomer.${resource}.create`,
	`kustomer.${resource}.update`,
]);
export const MOCK_ORG_ID = '5f0e0000000000000000000a';
const LOOPBACK_URL = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//i;

/** The lowercase hex HMAC-SHA256 of the body keyed with the token: Kustomer's X-Kustomer-Webhook-Signature. */
export function signature(token: string, body: string | Buffer): string {
	return createHmac('sha256', token).update(body).digest('hex');
}

function webhookResource(webhook: MockWebhook): Record<string, unknown> {
	const { id, ...attributes } = webhook;
	return { type: 'outbound_webhook', id, attributes, links: { self: `/v1/outbound-webhooks/${id}` } };
}

export class OutboundWebhooks {
	readonly registry = new Map<string, MockWebhook>();

	constructor(
		private readonly options: () => MockKustomerOptions,
		private readonly record: (resource: ResourceName, id: string) => StoredRecord | undefined,
	) {}

	clear(): void {
		this.registry.clear();
	}

	/** Routes /v1/outbound-webhooks/<rest>. */
	route(method: string, rest: string[], query: Record<string, string>, body: unknown, path: string): MockResponse {
		const [id] = rest;
		if (rest.length === 0 && method === 'GET') {
			const all = [...this.registry.values()];
			const params = pageParams(query, 100);
			return json(200, listEnvelope('/v1/outbound-webhooks', query, params, all.length, (s, e) => all.slice(s, e).map(webhookResource), false));
		}
		if (rest.length === 0 && method === 'POST') return this.create(body);
		if (rest.length === 1 && id === 'events' && method === 'GET') {
			return json(200, { data: WEBHOOK_EVENTS.map((name) => ({ type: 'outbound_webhook_event', id: name, attributes: { name } })) });
		}
		if (rest.length === 1 && (method === 'GET' || method === 'DELETE')) {
			const webhook = this.registry.get(id);
			if (!webhook) throw notFound('outbound_webhook', id);
			if (method === 'GET') return json(200, { data: webhookResource(webhook) });
			this.registry.delete(id);
			return { status: 204 };
		}
		throw routeNotFound(method, path);
	}

	private create(body: unknown): MockResponse {
		const { name, url, events, headers } = (body ?? {}) as Record<string, unknown>;
		if (typeof name !== 'string' || name.length < 1 || name.length > 255) throw badRequest('name must be 1-255 characters', '/name');
		const allowHttp = this.options().allowLoopbackHttpWebhooks === true && typeof url === 'string' && LOOPBACK_URL.test(url);
		if (typeof url !== 'string' || !(/^https:\/\/[^/\s]+/i.test(url) || allowHttp)) throw badRequest('url must be an https URL', '/url');
		if (!Array.isArray(events) || events.length < 1 || events.length > MAX_WEBHOOK_EVENTS) {
			throw badRequest(`events must list 1-${MAX_WEBHOOK_EVENTS} event names`, '/events');
		}
		const unknown = events.findIndex((event) => !WEBHOOK_EVENTS.includes(String(event)));
		if (unknown >= 0) throw badRequest(`Unknown event ${String(events[unknown])}`, `/events/${unknown}`);
		if (this.registry.size >= MAX_WEBHOOKS) {
			throw new HttpError(400, {
				errors: [{ status: 400, code: 'limit_exceeded', title: 'Bad Request', detail: `Outbound webhook limit of ${MAX_WEBHOOKS} reached` }],
			});
		}
		const webhook: MockWebhook = {
			id: newId(),
			name,
			url,
			events: events.map(String),
			headers: Array.isArray(headers) ? headers : [],
			token: randomBytes(24).toString('hex'),
			enabled: true,
			createdAt: new Date().toISOString(),
		};
		this.registry.set(webhook.id, webhook);
		return json(201, { data: webhookResource(webhook) });
	}

	/** An envelope as Kustomer sends it, with the stored record as `data`. */
	envelope(name: string, resource: ResourceName, id: string, changes: EventEnvelope['changes'] = null): EventEnvelope {
		const record = this.record(resource, id);
		if (!record) throw new Error(`mock: no ${resource} ${id} to send an event about`);
		return {
			id: newId(),
			name,
			org: MOCK_ORG_ID,
			partition: MOCK_ORG_ID,
			data: resourceObject(resource, record),
			createdAt: new Date().toISOString(),
			persist: true,
			changes,
		};
	}

	/** POSTs the envelope to the webhook's URL as Kustomer does: signed with its token unless told otherwise. */
	async deliver(webhookId: string, envelope: EventEnvelope, options: DeliveryOptions = {}): Promise<Delivery> {
		const webhook = this.registry.get(webhookId);
		if (!webhook) throw new Error(`mock: no outbound webhook ${webhookId}`);
		const body = options.rawBody ?? JSON.stringify(envelope);
		const headers: Record<string, string> = { 'content-type': 'application/json', 'x-kustomer-webhook-event': String(envelope.name) };
		const signed = options.signature === undefined ? signature(webhook.token, body) : options.signature;
		if (signed !== null) headers['x-kustomer-webhook-signature'] = signed;
		const response = await fetch(webhook.url, { method: 'POST', headers, body });
		return { status: response.status, body: await response.text() };
	}
}
