import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { flattenResource } from '../Kustomer/core/output';
import { isLoopbackHttp } from '../Kustomer/core/transport/baseUrl';
import { connectionOf } from '../Kustomer/core/transport/connection';
import { KustomerHttpError, parseKustomerError, toNodeApiError } from '../Kustomer/core/transport/errors';
import { MAX_PAGE_SIZE, readPages } from '../Kustomer/core/transport/paging';
import { kustomerRequest } from './request';

/**
 * The outbound webhook in Kustomer that serves one Kustomer Trigger: n8n calls `checkExists` and, when it
 * says false, `create` on activation, and `delete` on deactivation. The webhook's ID and signing token are
 * kept in the node's static data, which n8n saves with the workflow.
 */

/** What the trigger keeps in its static data. */
export interface TriggerState {
	webhookId?: string;
	token?: string;
	/** Envelope IDs of recently started events, oldest first (see delivery.ts). */
	recentEnvelopeIds?: string[];
}

const WEBHOOKS_PATH = '/v1/outbound-webhooks';
/** Kustomer's limits: user-created webhooks per org, events per webhook, characters of a name. */
const WEBHOOKS_PER_ORG = 5;
const MAX_EVENTS = 12;
const MAX_NAME_LENGTH = 255;
const WEBHOOK_ROLES = 'org.permission.outbound_webhook.read, .create and .delete (legacy org.admin.outbound_webhooks)';

interface RegisteredWebhook {
	id: string;
	name: string;
	url: string;
	events: string[];
	token?: string;
	disabled: boolean;
}

export function triggerState(context: { getWorkflowStaticData(type: 'node'): IDataObject }): TriggerState {
	return context.getWorkflowStaticData('node') as TriggerState;
}

function webhookOf(resource: IDataObject): RegisteredWebhook {
	const flat = flattenResource(resource);
	const status = String(flat.status ?? flat.state ?? '');
	return {
		id: String(flat.id ?? ''),
		name: String(flat.name ?? flat.id ?? ''),
		url: String(flat.url ?? ''),
		events: Array.isArray(flat.events) ? flat.events.map(String) : [],
		token: typeof flat.token === 'string' && flat.token !== '' ? flat.token : undefined,
		// Kustomer disables a webhook whose deliveries keep failing; the field's name is not documented.
		disabled: flat.disabled === true || flat.enabled === false || /disabled|inactive/i.test(status),
	};
}

const isNotFound = (error: unknown) => error instanceof KustomerHttpError && error.status === 404;

/** A failure talking to Kustomer as a message; activation shows only the message, so the roles go in it. */
function lifecycleError(context: IHookFunctions, error: unknown, method: string, path: string): Error {
	const apiError = toNodeApiError(context.getNode(), error, { method, path });
	if (error instanceof KustomerHttpError && error.status === 401) {
		apiError.message = `${apiError.message}. The Kustomer Trigger needs an API key with the roles ${WEBHOOK_ROLES}`;
	}
	return apiError;
}

/** A read or delete; undefined when Kustomer has no such webhook (404). */
async function send<T>(
	context: IHookFunctions,
	method: 'GET' | 'DELETE',
	path: string,
	qs?: IDataObject,
): Promise<T | undefined> {
	try {
		return await kustomerRequest<T>(context, { method, path, qs, idempotent: true });
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw lifecycleError(context, error, method, path);
	}
}

/** The webhook with this ID, or undefined when Kustomer has none. */
async function readWebhook(context: IHookFunctions, id: string): Promise<RegisteredWebhook | undefined> {
	const body = await send<{ data?: IDataObject }>(context, 'GET', `${WEBHOOKS_PATH}/${encodeURIComponent(id)}`);
	return body?.data ? webhookOf(body.data) : undefined;
}

async function listWebhooks(context: IHookFunctions): Promise<RegisteredWebhook[]> {
	const records = await readPages(
		{ method: 'GET', url: WEBHOOKS_PATH, qs: {} },
		{ maxPageSize: MAX_PAGE_SIZE },
		async (page) => await send(context, 'GET', String(page.url), page.qs),
	);
	return records.map(webhookOf);
}

/** Removes a webhook; one that is already gone is fine. */
async function removeWebhook(context: IHookFunctions, id: string): Promise<void> {
	await send(context, 'DELETE', `${WEBHOOKS_PATH}/${encodeURIComponent(id)}`);
}

function subscribedEvents(context: IHookFunctions): string[] {
	const events = context.getNodeParameter('events', []) as unknown;
	return Array.isArray(events) ? [...new Set(events.map(String).filter(Boolean))] : [];
}

const sameEvents = (a: string[], b: string[]) => a.length === b.length && a.every((event) => b.includes(event));

function httpsRequired(url: string): string {
	return (
		`Kustomer delivers events only to https addresses, but this workflow's webhook URL is ${url}. ` +
		"Set n8n's N8N_WEBHOOK_URL setting (WEBHOOK_URL in older n8n versions) to the https address n8n is " +
		'reached at from the internet, restart n8n and activate the workflow again'
	);
}

/** The production webhook URL and events, checked against Kustomer's rules before anything is sent. */
async function registration(context: IHookFunctions): Promise<{ url: string; events: string[]; name: string }> {
	const node = context.getNode();
	const url = context.getNodeWebhookUrl('default') ?? '';
	// Plain http only when Kustomer is this machine too: the mock Kustomer of the package's tests.
	if (!/^https:\/\//i.test(url) && !isLoopbackHttp((await connectionOf(context)).origin)) {
		throw new NodeOperationError(node, httpsRequired(url));
	}
	const events = subscribedEvents(context);
	if (events.length === 0) throw new NodeOperationError(node, 'Choose at least one event under Events');
	if (events.length > MAX_EVENTS) {
		throw new NodeOperationError(
			node,
			`Kustomer takes at most ${MAX_EVENTS} events per webhook; ${events.length} are chosen`,
		);
	}
	const workflow = context.getWorkflow();
	const name = `n8n: ${workflow.name ?? 'workflow'} (workflow ${workflow.id})`.slice(0, MAX_NAME_LENGTH);
	return { url, events, name };
}

/** Kustomer's refusal of a new webhook, explained: no slot left, or the URL is not https. */
function creationError(context: IHookFunctions, error: unknown, others: RegisteredWebhook[], url: string): Error {
	if (error instanceof KustomerHttpError && [400, 409, 422].includes(error.status)) {
		const { reason = '', field = '' } = parseKustomerError(error.body);
		if (others.length >= WEBHOOKS_PER_ORG || /limit|maximum|too many/i.test(reason)) {
			const names = others.map((webhook) => `"${webhook.name}"`).join(', ');
			return new NodeOperationError(
				context.getNode(),
				`Kustomer allows at most ${WEBHOOKS_PER_ORG} outbound webhooks per org and this org has no free slot` +
					`${names ? ` (registered: ${names})` : ''}. Deactivate a workflow with a Kustomer Trigger, or delete ` +
					'an outbound webhook you no longer need in Kustomer, then activate this workflow again',
			);
		}
		if (/url/i.test(field) || /https/i.test(reason)) return new NodeOperationError(context.getNode(), httpsRequired(url));
	}
	return lifecycleError(context, error, 'POST', WEBHOOKS_PATH);
}

export const webhookMethods = {
	default: {
		/** True when the stored webhook still exists, is enabled and has this node's URL and events. Never deletes. */
		async checkExists(this: IHookFunctions): Promise<boolean> {
			const state = triggerState(this);
			if (!state.webhookId) return false;
			const webhook = await readWebhook(this, state.webhookId);
			if (!webhook || webhook.disabled || webhook.url !== this.getNodeWebhookUrl('default')) return false;
			if (!sameEvents(webhook.events, subscribedEvents(this))) return false;
			state.token = webhook.token ?? state.token;
			return state.token !== undefined;
		},

		/** Registers the webhook; one this trigger registered before (stored, or with its URL) is replaced. */
		async create(this: IHookFunctions): Promise<boolean> {
			const { url, events, name } = await registration(this);
			const state = triggerState(this);
			// "Listen for test event" works on a copy of the static data, whose stored webhook is the production one.
			const stored = this.getMode() === 'manual' ? undefined : state.webhookId;
			const existing = await listWebhooks(this);
			const others: RegisteredWebhook[] = [];
			for (const webhook of existing) {
				if (webhook.id === stored || webhook.url === url) await removeWebhook(this, webhook.id);
				else others.push(webhook);
			}
			let created: RegisteredWebhook;
			try {
				const body = await kustomerRequest<{ data?: IDataObject }>(this, {
					method: 'POST',
					path: WEBHOOKS_PATH,
					body: { name, url, events },
					idempotent: false,
				});
				created = webhookOf(body?.data ?? {});
			} catch (error) {
				throw creationError(this, error, others, url);
			}
			const token = created.token ?? (await readWebhook(this, created.id))?.token;
			if (!created.id || !token) {
				throw new NodeOperationError(this.getNode(), 'Kustomer registered the webhook but returned no ID or signing token');
			}
			Object.assign(state, { webhookId: created.id, token, recentEnvelopeIds: [] });
			return true;
		},

		/** Removes the webhook. On failure it stays in static data, so the next activation removes it. */
		async delete(this: IHookFunctions): Promise<boolean> {
			const state = triggerState(this);
			if (state.webhookId) {
				try {
					await removeWebhook(this, state.webhookId);
				} catch {
					return false;
				}
			}
			delete state.webhookId;
			delete state.token;
			delete state.recentEnvelopeIds;
			return true;
		},
	},
};
