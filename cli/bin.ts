#!/usr/bin/env node
// The `bluegreen` executable of the installed package (dist/cli/bin.js); bin/bluegreen.js runs it from source.
import { nodeContext } from './context';
import { main } from './main';

void main(process.argv.slice(2), nodeContext()).then((code) => {
  process.exitCode = code;
});
