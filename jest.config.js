/** Unit and engine tests: jest through ts-jest, against the built package in dist/. */
module.exports = {
	...require('./test/jest.preset')('test/tsconfig.json'),
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testTimeout: 30000,
};
