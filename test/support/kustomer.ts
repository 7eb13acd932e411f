/** Test glue between the mock Kustomer API and the node runner. */
import type { MockKustomer, MockKustomerOptions, ResourceName } from '../mock-kustomer';
import { startMockKustomer } from '../mock-kustomer';

export const API_KEY = 'test-key-7f3a9c1e5b';

/** A resource's names: the node's resource value, Kustomer's path segment and the node's ID parameter. */
export interface ResourceNames {
	/** The mock's name of the resource (`kobject` for the node's `customObject`). */
	resource: ResourceName;
	plural: string;
	idParameter: string;
}

export const RESOURCES: Record<ResourceName, ResourceNames> = {
	conversation: { resource: 'conversation', plural: 'conversations', idParameter: 'conversationId' },
	message: { resource: 'message', plural: 'messages', idParameter: 'messageId' },
	customer: { resource: 'customer', plural: 'customers', idParameter: 'customerId' },
	company: { resource: 'company', plural: 'companies', idParameter: 'companyId' },
	note: { resource: 'note', plural: 'notes', idParameter: 'noteId' },
	kobject: { resource: 'kobject', plural: 'klasses', idParameter: 'customObjectId' },
};

/** Starts one mock for the test file, resets it before each test, stops it after the file. */
export function useMockKustomer(options: MockKustomerOptions = {}): () => MockKustomer {
	let mock: MockKustomer | undefined;
	beforeAll(async () => {
		mock = await startMockKustomer({ apiKey: API_KEY, ...options });
	});
	beforeEach(() => {
		mock!.reset();
		mock!.setOptions({ apiKey: API_KEY, ...options });
	});
	afterAll(async () => {
		await mock?.stop();
	});
	return () => mock!;
}

export function credentialsFor(mock: MockKustomer) {
	return { apiKey: API_KEY, region: 'custom', baseUrl: mock.baseUrl };
}

/** A resource locator value as the editor saves it. */
export function byId(value: string) {
	return { __rl: true, mode: 'id', value };
}

/** The requests that reached the mock, less the noise of other paths. */
export function requestsTo(mock: MockKustomer, pathPrefix: string) {
	return mock.requests.filter((request) => request.path.startsWith(pathPrefix));
}
