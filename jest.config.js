const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // esbuild strips the types of each file on its own (test/support/esbuild-transform.js); `npm run lint`
  // (tsc) type-checks.
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  // One cache per run of synthesized templates and CLI syntheses, shared by every worker (test/support/run-cache.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Jest's default (cores - 1) is a single worker on the 2-core machines this runs on (CI's and ours),
  // which runs the files one after another. Many files spend part of their time waiting (on a local
  // server, a child process, the SDK's retry backoff), so one worker more than there are cores keeps the
  // cores busy: on 2 cores, 3 workers finished a cold run in 40 s where 2 took 45 s and 4 took 43 s.
  maxWorkers: availableParallelism() + 1,
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
  // Each worker keeps the sources and V8 code cache of the modules one test file loaded for the next.
  runtime: '<rootDir>/test/support/worker-cached-runtime.js',
  testTimeout: 60_000,
};
