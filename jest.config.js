const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // ts-jest transpiles each file on its own (no type check) because tsconfig.json sets isolatedModules;
  // `npm run lint` (tsc) type-checks.
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
  // One cache of synthesized templates per run, shared by every worker (test/support/synthesized.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Jest's default (cores - 1) is a single worker on the 2-core machines this runs on (CI's and ours),
  // which runs the files one after another. A file is mostly one busy process (a synthesis, a CLI, a
  // server and its client), so two workers keep both cores busy; more cores keep jest's default.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
  testTimeout: 60_000,
};
