/**
 * In-process mock of the Kustomer REST API for tests and benchmarks.
 *
 *   const mock = await startMockKustomer({ rateLimit: { limit: 100, windowMs: 60_000 } });
 *   await fetch(`${mock.baseUrl}/v1/customers`, { headers: { authorization: 'Bearer test-api-key' } });
 *   await mock.stop();
 */
export type * from './types';
export { startMockKustomer, DEFAULT_API_KEY, MAX_BODY_BYTES } from './server';
export { MAX_BULK_ITEMS } from './bulk';
export { newId } from './store';
export { ALLOWED_KEYS, REQUIRED_ON_CREATE } from './validation';
export { DEFAULT_ROLES, USERS, TEAMS, QUEUES, TAGS, METADATA } from './fixtures';
export { KLASSES, KLASS_METADATA } from './dataModel';
export { MAX_WEBHOOKS, WEBHOOK_EVENTS, signature } from './webhooks';
export { seedSamples, type SampleIds, type SeededIds } from './samples';
