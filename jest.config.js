/** @type {import('jest').Config} */
module.exports = {
	// Node's environment, plus: a test's log is shown with its failure only (test/quiet/).
	testEnvironment: '<rootDir>/test/quiet/environment.js',
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/setup-env.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/quiet/setup.ts', '<rootDir>/test/reset-shared-budgets.ts'],
	testTimeout: 30000,
	// The suites mostly wait on loopback servers and timers: more workers than cores pay off.
	maxWorkers: 3,
};
