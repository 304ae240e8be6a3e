// Starts the files that keep one core busy longest first, so neither worker is left with a long file at
// the end of the run. Jest's own order (slowest first by the durations it cached, else largest file
// first) is unknown on a fresh clone, where the CLI synth (a small file) could start last.
const Sequencer = require('@jest/test-sequencer').default;
const { join } = require('node:path');

const inTest = (file) => join(__dirname, '..', file);

/**
 * Longest first: the real CDK CLI (in the policy checks' run, jest.checks.config.js), then the files that wait out the SDK's real backoff and timeouts against
 * local endpoints. The files that read shared templates need not start early: the presynthesis process
 * (presynthesize.ts) makes those from the start of the run.
 */
const FIRST = [
  'e2e/cdk-synth.check.ts',
  'core/scan-gate/ecr-scan-reader.wire.test.ts',
  'cli/commands/run-task.test.ts',
  'cli/commands/run-task.failures.test.ts',
].map(inTest);

/** Last: it reads the CLI synth's assembly (test/support/cli-synth.ts), done by then instead of waited for. */
const LAST = ['e2e/app-policy.check.ts'].map(inTest);

class LongestFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      if (LAST.includes(test.path)) return FIRST.length + 1;
      const index = FIRST.indexOf(test.path);
      return index === -1 ? FIRST.length : index;
    };
    return super.sort(tests).sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
