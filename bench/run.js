#!/usr/bin/env node
'use strict';
// Runs every benchmark in bench/ in turn (`npm run bench`). A benchmark is any bench/*.ts script: it measures
// its baseline in the same run and prints its own table. Each runs in a fresh process through tsx, with
// --expose-gc so that memory figures can be taken after a collection.
//
//   node bench/run.js            every benchmark
//   node bench/run.js sim        only those whose file name contains "sim"
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dir = __dirname;
const tsx = require.resolve('tsx/cli');
const filters = process.argv.slice(2);
const benches = fs.readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (benches.length === 0) {
  console.error(`no benchmark in ${dir}${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
  process.exit(1);
}

const failed = [];
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsx, '--expose-gc', path.join(dir, file)], {
    cwd: path.resolve(dir, '..'),
    stdio: 'inherit',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed.push(file);
    console.log(`=== bench/${file} failed (${result.error ? result.error.message : `exit ${result.status ?? result.signal}`}) after ${seconds} s ===`);
  } else {
    console.log(`=== bench/${file} done in ${seconds} s ===`);
  }
}
if (failed.length) {
  console.error(`\n${failed.length} of ${benches.length} benchmarks failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
