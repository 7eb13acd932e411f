/**
 * The editor UI test: the packed package in the real n8n app (scripts/e2e/install-n8n.sh), driven in
 * Debian's Chromium through playwright-core. Run with `npm run test:ui` (scripts/ui/run.sh).
 */
module.exports = {
	...require('./test/jest.preset')('test/ui/tsconfig.json'),
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.ts'],
	// One n8n and one browser for the whole file; each panel takes a few seconds on 2 cores.
	testTimeout: 3 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
