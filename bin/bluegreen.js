#!/usr/bin/env node
// `bluegreen` from this repository's source: tsx compiles the TypeScript on the fly. The installed package runs
// the compiled dist/cli/bin.js instead.
require('tsx/cjs');
require('../cli/bin');
