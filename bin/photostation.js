#!/usr/bin/env node
'use strict';
// The CLI lives in TypeScript (src/cli); this shim runs the compiled build.
require('../dist/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err && err.message ? err.message : String(err)); process.exitCode = 1; },
);
