#!/usr/bin/env node
// `bluegreen` from this repository's source: tsx compiles the TypeScript on the fly (the commands load with
// import(), hence both hooks). The installed package runs the compiled dist/cli/bin.js instead.
require('tsx/cjs');
require('tsx/esm');
require('../cli/bin');
