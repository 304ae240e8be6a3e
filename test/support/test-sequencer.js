// Starts the files that keep one core busy longest first, so neither worker is left with a long file at
// the end of the run. Jest's own order (slowest first by the durations it cached, else largest file
// first) is unknown on a fresh clone, where the CLI synth (a small file) could start last.
const Sequencer = require('@jest/test-sequencer').default;
const { join } = require('node:path');

/**
 * Longest first: the real CDK CLI, the policy synthesis, the six examples (one synthesis each), the files that
 * synthesize shared configurations.
 */
const FIRST = [
  'cli/cdk-synth.test.ts',
  'policy/app-policy.test.ts',
  'examples/examples.test.ts',
  'pipeline/service-stack.test.ts',
  'scan-gate/ecr-scan-reader-wire.test.ts',
  'pipeline/service-immutability.test.ts',
].map((file) => join(__dirname, '..', file));

class LongestFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const index = FIRST.indexOf(test.path);
      return index === -1 ? FIRST.length : index;
    };
    return super.sort(tests).sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
