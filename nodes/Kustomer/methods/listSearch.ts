import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { flattenResource } from '../core/output';
import { MAX_PAGE_SIZE, nextPageRequest, pageOf } from '../core/transport/paging';
import type { DropdownRequest } from './request';
import { dropdownRequest } from './request';

/** Records per "From List" page; the editor asks for the next page as the person scrolls. */
const LIST_PAGE_SIZE = 50;

interface ListSource {
	/** What to list when nothing is typed: the most recent records. */
	recent: DropdownRequest;
	/** What to list for a typed text: a Kustomer search whose criteria match it. */
	search: (filter: string) => DropdownRequest;
	label: (record: IDataObject) => string;
	/** The value a pick gives; default the record's ID. */
	value?: (record: IDataObject) => string;
	/** For lists Kustomer cannot filter: whether a record matches the typed text. */
	matches?: (record: IDataObject, text: string) => boolean;
	/** What the list shows, for its error message. */
	what: string;
}

/**
 * A search as Kustomer's spec declares it (CustomerSearch): no query parameters (the page size is the
 * default; the next pages come from Kustomer's own links) and a sort only where the spec offers one: on
 * customer attributes.
 */
function searchFor(queryContext: string, criteria: IDataObject, sort?: IDataObject): DropdownRequest {
	return {
		method: 'POST',
		url: '/v1/customers/search',
		qs: {},
		body: { queryContext, ...criteria, ...(sort ? { sort: [sort] } : {}) },
	};
}

/**
 * One page of a "From List" dropdown: the first page (recent records, or search results for the typed
 * text), or the page the token (Kustomer's `links.next`) names.
 */
async function listPage(
	context: ILoadOptionsFunctions,
	source: ListSource,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = (filter ?? '').trim();
	const first = text ? source.search(text) : source.recent;
	const request = paginationToken ? nextPageRequest(first, paginationToken) : first;
	const { records, next } = pageOf(await dropdownRequest(context, request, source.what));
	const lowered = text.toLowerCase();
	return {
		results: records
			.map((record) => flattenResource(record))
			.filter((flat) => !text || !source.matches || source.matches(flat, lowered))
			.map((flat) => ({ name: source.label(flat), value: source.value ? source.value(flat) : String(flat.id) })),
		paginationToken: next ?? undefined,
	};
}

const CONVERSATIONS: ListSource = {
	recent: { method: 'GET', url: '/v1/conversations', qs: { pageSize: LIST_PAGE_SIZE, sort: 'desc' } },
	search: (text) => searchFor('conversation', { and: [{ conversation_name: { contains: text } }] }),
	what: 'conversations',
	label: (conversation) => {
		const details = [conversation.status, String(conversation.createdAt ?? '').slice(0, 10)].filter(Boolean).join(', ');
		return `${String(conversation.name || '(no name)')}${details ? ` (${details})` : ''}`;
	},
};

const CUSTOMERS: ListSource = {
	recent: { method: 'GET', url: '/v1/customers', qs: { pageSize: LIST_PAGE_SIZE } },
	search: (text) =>
		searchFor(
			'customer',
			{ or: [{ customer_name: { contains: text } }, { customer_email: { contains: text } }] },
			{ customer_updated_at: 'desc' },
		),
	what: 'customers',
	label: (customer) => {
		const email = (customer.emails as IDataObject[] | undefined)?.[0]?.email;
		return `${String(customer.name || '(no name)')}${email ? ` <${String(email)}>` : ''}`;
	},
};

const COMPANIES: ListSource = {
	recent: { method: 'GET', url: '/v1/companies', qs: { pageSize: LIST_PAGE_SIZE } },
	// GetCompanies filters by the company's name.
	search: (text) => ({ method: 'GET', url: '/v1/companies', qs: { pageSize: LIST_PAGE_SIZE, filter: text } }),
	what: 'companies',
	label: (company) => String(company.name || '(no name)'),
};

/** The org's Klasses (GET /v1/klasses serves them all; the typed text is matched here), valued by their name. */
const allKlasses: DropdownRequest = { method: 'GET', url: '/v1/klasses', qs: { pageSize: MAX_PAGE_SIZE } };
const KLASSES: ListSource = {
	recent: allKlasses,
	search: () => allKlasses,
	what: 'Klasses',
	label: (klass) => (klass.displayName ? `${String(klass.displayName)} (${String(klass.name)})` : String(klass.name)),
	value: (klass) => String(klass.name),
	matches: (klass, text) =>
		`${String(klass.displayName ?? '')} ${String(klass.name ?? '')}`.toLowerCase().includes(text),
};

/** The "From List" modes of the locators; each resource's `listSearchMethod` names its own. */
export const listSearch = {
	async searchConversations(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		return await listPage(this, CONVERSATIONS, filter, paginationToken);
	},

	async searchCustomers(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		return await listPage(this, CUSTOMERS, filter, paginationToken);
	},

	async searchCompanies(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		return await listPage(this, COMPANIES, filter, paginationToken);
	},

	/** The Klass of the custom object operations (their `klassName`). */
	async searchKlasses(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		return await listPage(this, KLASSES, filter, paginationToken);
	},
};
