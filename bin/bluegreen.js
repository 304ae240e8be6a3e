#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so the buildspecs need no build step.
require('tsx/cjs');
require('tsx/esm');
const { main } = require('../cli/main');
const { nodeContext } = require('../cli/context');

main(process.argv.slice(2), nodeContext()).then((code) => {
  process.exitCode = code;
});
