/** What every jest config of the project shares: TypeScript through ts-jest, type errors fail the run. */
module.exports = (tsconfig) => ({
	preset: 'ts-jest',
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig, diagnostics: { warnOnly: false } }],
	},
});
