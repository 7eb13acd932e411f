import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { flattenResource } from '../core/output';
import { nextPageRequest, pageOf } from '../core/transport/paging';
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
	return {
		results: records.map((record) => {
			const flat = flattenResource(record);
			return { name: source.label(flat), value: String(flat.id) };
		}),
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

/** The "From List" modes of the ID locators; `LIST_SEARCH_METHODS` in core/resource.ts names them. */
export const listSearch = {
	async searchConversations(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await listPage(this, CONVERSATIONS, filter, paginationToken);
	},

	async searchCustomers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await listPage(this, CUSTOMERS, filter, paginationToken);
	},
};
