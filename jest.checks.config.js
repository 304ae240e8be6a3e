const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const base = require('./jest.config');

/**
 * The policy checks (`npm run test:checks`): the tests `npm test` leaves out because the real tools behind them
 * cost about as much CPU as the rest of the suite. CI (.ci/run) runs them on every commit:
 * - test/**\/*.check.ts: the real `cdk synth` of `npm start` (aws-cdk CLI, esbuild bundling, CDK's built-in
 *   CloudFormation validation, cdk-nag, cfn-guard) and the policy reports of that assembly, and the smoke run of
 *   `npm run bench` (a tsx process and a jest run of its own);
 * - every test file holding a `guardTest` (test/pipeline/policy/support/policy-synth.ts): run again with
 *   cfn-guard on, so the Control Tower rules judge the construct shapes those files build. Their other tests
 *   run here too, on the same synthesis;
 * - the database functions on real PostgreSQL and MariaDB servers (test/support/postgres-server.ts,
 *   mariadb-server.ts) and Verify's checks over every example's protected templates (tool-templates.check.ts).
 */
function guardFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return guardFiles(path);
    return entry.name.endsWith('.test.ts') && /\bguardTest\(/.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: [
    '**/*.check.ts',
    ...guardFiles(join(__dirname, 'test')).map((file) => `<rootDir>/${relative(__dirname, file)}`),
  ],
  // `guardRun` turns cfn-guard on in synthesizeWithPolicy; these files read no shared templates, so no
  // presynthesis process (test/support/global-setup.ts).
  globals: { guardRun: true, presynthesize: false },
};
