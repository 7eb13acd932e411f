/**
 * What every e2e file that runs Kustomer workflows shares: a mock Kustomer API and an n8n sandbox with
 * the packed package and a credential pointing at the mock, made before the file's tests and removed
 * after them, and the diagnostics a failed `n8n execute` is reported with.
 */
import { startMockKustomer, type MockKustomer } from '../../mock-kustomer';
import { N8nSandbox, packPackage, type ExecuteOutcome } from './n8n';
import { API_KEY, mockCredential } from './workflows';

export interface KustomerInN8n {
	mock: MockKustomer;
	n8n: N8nSandbox;
}

/** The returned object is filled in by the file's beforeAll; `prepare` runs last in it (imports, start). */
export function useKustomerInN8n(prepare: (env: KustomerInN8n) => Promise<unknown> = async () => undefined): KustomerInN8n {
	const env = {} as KustomerInN8n;
	beforeAll(async () => {
		env.mock = await startMockKustomer({ apiKey: API_KEY });
		env.n8n = await N8nSandbox.create({ tarball: await packPackage() });
		await env.n8n.importCredentials([mockCredential(env.mock.baseUrl)]);
		await prepare(env);
	});
	afterAll(async () => {
		await env.n8n?.cleanup();
		await env.mock?.stop();
	});
	return env;
}

/** What n8n said about an execution: exit code, the workflow's error, stderr and the log's tail. */
export function executionDiagnostics(outcome: ExecuteOutcome, extra = ''): string {
	return (
		`n8n execute: code ${outcome.code}\n` +
		`error: ${JSON.stringify(outcome.result?.data.resultData.error ?? null, null, 2)}\n${extra}` +
		`--- stderr\n${outcome.stderr.slice(-3000)}\n--- log\n${outcome.log}`
	);
}
