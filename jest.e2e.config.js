/**
 * End-to-end tests: the packed package installed into the real n8n app (scripts/e2e/install-n8n.sh),
 * driven through n8n's CLI against the mock Kustomer API. Run with `npm run test:e2e`.
 */
module.exports = {
	...require('./test/jest.preset')('test/tsconfig.json'),
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	// Every test starts n8n processes; a cold start of n8n takes several seconds on 2 cores.
	testTimeout: 10 * 60 * 1000,
	// Each test file runs its own n8n; two files at a time suit 2 cores (N8N_E2E_WORKERS to change).
	maxWorkers: Number(process.env.N8N_E2E_WORKERS) || 2,
	verbose: true,
	// The guard test loads the node from the tarball installed in n8n's user folder (a temp dir); its
	// require('n8n-workflow') resolves from the repository's node_modules.
	modulePaths: ['<rootDir>/node_modules'],
};
